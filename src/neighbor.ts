import type { Box } from './box.js';
import { Ghosts } from './ghosts.js';
import { NeighborExclusion } from './neighbor_exclude.js';
import { NeighborList } from './neighbor_list.js';
import type { AtomSystem } from './system.js';
import type { WorkerPool } from './parallel/worker_pool.js';

/** Rounding slack of a wrapped fractional coordinate (wrapping x - L can land a hair outside [0, 1]). */
const WRAP_EPS = 1e-9;

/**
 * Neighbor bookkeeping as LAMMPS's Neighbor: skin and the `neigh_modify every/delay/check` rebuild
 * policy, the ghost atoms, and the requested lists. Allocation happens in build(); decide() and
 * the between-build ghost refresh are allocation-free.
 */
export class Neighbor {
  skin: number;
  every = 1;
  /** LAMMPS 29 Sep 2021 defaults to delay 10 (later versions use 0); we follow the version we check against. */
  delay = 10;
  check = true;
  /**
   * Steps since the last build (LAMMPS `ago`), and builds since the last setup (LAMMPS `ncalls`,
   * which Verlet::setup and Min::setup zero right after their own build, so "Neighbor list builds"
   * counts the builds during the run only; `run ... pre no` keeps counting on).
   */
  ago = 0;
  builds = 0;
  /** Builds ever made (held positions exist once this is positive). */
  private everBuilt = 0;
  /** Rebuilds on the first step allowed with check=yes: atoms may already have moved past skin/2. */
  dangerous = 0;
  readonly ghosts = new Ghosts();
  readonly half = new NeighborList(true);
  readonly full = new NeighborList(false);
  /** Worker threads for the list build (null: serial). Lists and ghosts then live in shared memory. */
  pool: WorkerPool | null = null;
  needHalf = false;
  needFull = false;
  cutoff = 0;
  /** Squared per-type-pair list cutoffs ((ntypes+1)^2, cut_ij + skin), or null for one cutoff. */
  typeCutSq: Float64Array | null = null;
  ntypes = 0;
  /** `neigh_modify exclude` rules, applied to every list as it is built. */
  readonly exclusion = new NeighborExclusion();
  /** Called after every build (the molecular topology maps its terms and applies special bonds). */
  onBuild: (() => void) | null = null;
  /**
   * thermo_modify lost ignore|warn: atoms outside the box after wrapping (through a non-periodic
   * face, or more than a box length outside a periodic one) are handed to dropLost (flag[i] = 1)
   * instead of stopping the run, as LAMMPS's exchange drops them. null: lost atoms are an error.
   */
  dropLost: ((flag: Uint8Array) => void) | null = null;
  private xHold = new Float64Array(0);
  private readonly boxHold = new Float64Array(9);
  /** The 8 box corners now and at the last build (triclinic check_distance), 8 x 3. */
  private readonly corners = new Float64Array(24);
  private readonly cornersHold = new Float64Array(24);

  constructor(skin: number) {
    this.skin = skin;
  }

  get cutNeighbor(): number {
    return this.cutoff + this.skin;
  }

  /** Take the cutoffs of a pair style (LAMMPS Neighbor::init cutneighsq). */
  setCutoffs(cutoff: number, ntypes: number, typeCutoff?: (i: number, j: number) => number): void {
    this.cutoff = cutoff;
    this.ntypes = ntypes;
    this.typeCutSq = null;
    if (typeCutoff) {
      const t = new Float64Array((ntypes + 1) * (ntypes + 1));
      for (let i = 1; i <= ntypes; i++) {
        for (let j = 1; j <= ntypes; j++) {
          const c = typeCutoff(i, j) + this.skin;
          t[i * (ntypes + 1) + j] = c * c;
        }
      }
      // One cutoff for every pair: the plain comparison is cheaper than the table lookup.
      let uniform = true;
      for (let i = 1; i <= ntypes; i++)
        for (let j = 1; j <= ntypes; j++) if (t[i * (ntypes + 1) + j] !== t[ntypes + 2]) uniform = false;
      if (!uniform) this.typeCutSq = t;
      else this.cutoff = typeCutoff(1, 1);
    }
  }

  /** LAMMPS Neighbor::decide: is a rebuild due this step? */
  decide(sys: AtomSystem): boolean {
    this.ago++;
    if (this.ago < this.delay || this.ago % this.every !== 0) return false;
    if (!this.check) return true;
    const moved = this.movedTooFar(sys);
    // A build on the first step it was allowed may have come too late (LAMMPS "dangerous builds").
    if (moved && this.ago === Math.max(this.every, this.delay)) this.dangerous++;
    return moved;
  }

  /**
   * True when some atom moved more than the trigger since the last build. A changed box shrinks the
   * trigger as LAMMPS's Neighbor::check_distance does: orthogonal boxes by the displacements of the
   * lo and hi corners, triclinic ones by the two largest displacements of the 8 corners (with
   * LAMMPS's running max/second-max rule), trigger = ½ (skin − δ1 − δ2), at least 0.
   */
  private movedTooFar(sys: AtomSystem): boolean {
    const b = sys.box;
    let delta = 0;
    const h = this.boxHold;
    let d1 = 0,
      d2 = 0;
    if (!b.triclinic) {
      d1 = Math.sqrt((b.lo[0] - h[0]) ** 2 + (b.lo[1] - h[1]) ** 2 + (b.lo[2] - h[2]) ** 2);
      d2 = Math.sqrt((b.hi[0] - h[3]) ** 2 + (b.hi[1] - h[4]) ** 2 + (b.hi[2] - h[5]) ** 2);
    } else {
      boxCorners(b, this.corners);
      const c = this.corners,
        ch = this.cornersHold;
      for (let k = 0; k < 24; k += 3) {
        const d = Math.sqrt((c[k] - ch[k]) ** 2 + (c[k + 1] - ch[k + 1]) ** 2 + (c[k + 2] - ch[k + 2]) ** 2);
        if (d > d1) d1 = d;
        else if (d > d2) d2 = d;
      }
    }
    let trigger = 0.5 * (this.skin - (d1 + d2));
    if (trigger < 0.0) trigger = 0.0;
    const triggerSq = trigger * trigger;
    const x = sys.x,
      xh = this.xHold;
    for (let i = 0; i < 3 * sys.n; i += 3) {
      const dx = x[i] - xh[i],
        dy = x[i + 1] - xh[i + 1],
        dz = x[i + 2] - xh[i + 2];
      const d = dx * dx + dy * dy + dz * dz;
      if (d > delta) delta = d;
    }
    return delta > triggerSq || triggerSq === 0;
  }

  /**
   * Wrap atoms into the box, rebuild ghosts and lists (LAMMPS pbc + exchange + borders + neighbor
   * build). afterWrap runs between wrapping and the ghost build: the place LAMMPS sorts atoms.
   */
  build(sys: AtomSystem, afterWrap?: () => void): void {
    const b: Box = sys.box;
    // Shrink-wrapped faces follow the atoms first (LAMMPS Domain::reset_box on every reneighbor).
    b.shrink?.reset(b, sys.x, sys.n);
    b.wrapAll(sys.x, sys.image, sys.n);
    this.checkLost(sys);
    afterWrap?.();
    const sh = this.pool !== null;
    this.ghosts.shared = this.half.shared = this.full.shared = sh;
    this.ghosts.build(b, sys.x, sys.type, sys.n, this.cutNeighbor);
    if (this.needHalf) this.half.build(this.ghosts, this.cutNeighbor, this.typeCutSq, this.ntypes, this.pool);
    if (this.needFull) this.full.build(this.ghosts, this.cutNeighbor, this.typeCutSq, this.ntypes, this.pool);
    if (this.exclusion.active) {
      if (this.needHalf) this.exclusion.filter(this.half, this.ghosts, sys);
      if (this.needFull) this.exclusion.filter(this.full, this.ghosts, sys);
    }
    if (this.xHold.length < 3 * sys.n) this.xHold = new Float64Array(3 * sys.n);
    this.xHold.set(sys.x.subarray(0, 3 * sys.n));
    this.boxHold.set([b.lo[0], b.lo[1], b.lo[2], b.hi[0], b.hi[1], b.hi[2], b.xy, b.xz, b.yz]);
    if (b.triclinic) boxCorners(b, this.cornersHold);
    this.ago = 0;
    this.builds++;
    this.everBuilt++;
    this.onBuild?.();
  }

  /** After a setup's build: LAMMPS zeroes ncalls and ndanger there (Verlet::setup, Min::setup). */
  resetCounts(): void {
    this.builds = 0;
    this.dangerous = 0;
  }

  /** Refresh ghost coordinates between builds (LAMMPS forward communication). */
  refresh(sys: AtomSystem): void {
    this.ghosts.update(sys.box, sys.x);
  }

  /**
   * After wrapping, every atom must be a finite point inside the box. Atoms outside a non-periodic
   * boundary are lost, as in LAMMPS with `boundary f`; an atom still outside a periodic box moved
   * more than a box length since the last build (LAMMPS loses it too: "Lost atoms"); NaN/Inf
   * coordinates mean the run blew up. Stop with a message instead of silently dropping atoms or
   * sizing the ghost shell by how far they strayed.
   */
  private checkLost(sys: AtomSystem): void {
    const b = sys.box;
    const lam = this.lam;
    const x = sys.x;
    let lost = 0,
      strayed = 0,
      nonNumeric = 0;
    let first = -1;
    for (let i = 0; i < sys.n; i++) {
      b.toLamda(x, 3 * i, lam, 0);
      for (let d = 0; d < 3; d++) {
        const l = lam[d];
        if (!Number.isFinite(l)) nonNumeric++;
        else if (b.periodic[d] ? l >= -WRAP_EPS && l <= 1 + WRAP_EPS : l >= 0 && l <= 1) continue;
        else if (b.periodic[d]) strayed++;
        else lost++;
        if (first < 0) first = i;
        break;
      }
    }
    if (first < 0) return;
    const i = first;
    const at = `atom ID ${sys.tag[i]} at ${x[3 * i]} ${x[3 * i + 1]} ${x[3 * i + 2]}`;
    if (nonNumeric > 0)
      throw new Error(`Non-numeric atom coords - simulation unstable (${nonNumeric} atom(s), first: ${at})`);
    if (this.dropLost) {
      const flag = new Uint8Array(sys.n);
      for (let j = 0; j < sys.n; j++) {
        b.toLamda(x, 3 * j, lam, 0);
        for (let d = 0; d < 3; d++) {
          const l = lam[d];
          if (b.periodic[d] ? l >= -WRAP_EPS && l <= 1 + WRAP_EPS : l >= 0 && l <= 1) continue;
          flag[j] = 1;
          break;
        }
      }
      this.dropLost(flag);
      return;
    }
    if (lost > 0) {
      throw new Error(`Lost atoms: ${lost} atom(s) left the box through a non-periodic boundary (first: ${at})`);
    }
    const xh = this.xHold;
    const moved =
      this.everBuilt > 0 && xh.length >= 3 * sys.n
        ? ` after moving ${Math.hypot(x[3 * i] - xh[3 * i], x[3 * i + 1] - xh[3 * i + 1], x[3 * i + 2] - xh[3 * i + 2]).toPrecision(6)} since the last neighbor list build`
        : '';
    throw new Error(
      `Lost atoms: original ${sys.n} current ${sys.n - strayed}: ${at} is more than a box length outside the periodic box${moved} ` +
        '(the run blew up: time step too large, atoms overlapping, or huge velocities)',
    );
  }
  private readonly lam = new Float64Array(3);
}

/** The 8 corners of the box (LAMMPS Domain::box_corners: λ in {0,1}³, x fastest), 8 x 3 into out. */
const cornerLam = new Float64Array(3);
function boxCorners(b: Box, out: Float64Array): void {
  const lam = cornerLam;
  let k = 0;
  for (let iz = 0; iz < 2; iz++)
    for (let iy = 0; iy < 2; iy++)
      for (let ix = 0; ix < 2; ix++) {
        lam[0] = ix;
        lam[1] = iy;
        lam[2] = iz;
        b.fromLamda(lam, 0, out, k);
        k += 3;
      }
}
