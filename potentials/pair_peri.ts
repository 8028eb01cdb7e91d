/**
 * What LAMMPS's four peridynamic pair styles (PERI package: peri/pmb, peri/lps, peri/ves,
 * peri/eps; 29 Sep 2021) share, written once: pair_coeff parsing over type ranges, the init checks
 * (atom_style peri, a lattice with equal spacings in x, y, z), the hidden fix PERI_NEIGH that holds
 * the bond families, the short-range contact force, the dilatation of the state-based models, the
 * bond-breaking rule with LAMMPS's s0 update, and the energy/virial tallies in LAMMPS's order.
 *
 * Peridynamics models a solid as particles of volume vfrac bonded to every particle within the
 * horizon δ in the reference configuration (x0). Forces are force densities integrated over the
 * partner's volume, so every force term carries vfrac[j] and every virial term vfrac[i]; LAMMPS
 * tallies the virial pair by pair (no_virial_fdotr_compute), which is what `computesVirial` means
 * here. See docs/peridynamics.md.
 */
import { FixPeriNeigh, type PeriFamilySource } from '../integrators/fix_peri_neigh.js';
import { latticeSpacing } from '../src/lattice_spacing.js';
import { NEIGHMASK } from '../src/molecular/special.js';
import { parseTypeRange } from '../src/parse.js';
import type { ComputeFlags, ForceBuffers, PairContext, PairHost, PairStyle } from '../src/potential.js';
import type { Simulation } from '../src/simulation.js';
import type { AtomSystem } from '../src/system.js';

/** LAMMPS's guard against roundoff in a bond's length change (NEAR_ZERO / 2.2204e-016). */
export const NEAR_ZERO = 2.2204e-16;

export abstract class PairPeri implements PairStyle, PeriFamilySource {
  abstract readonly style: string;
  readonly neighborKind = 'half' as const;
  readonly computesVirial = true;
  /** The pair_coeff values after the two type ranges, by name (the horizon must be one named `cut`). */
  protected abstract readonly coeffNames: readonly string[];
  abstract readonly needsVes: boolean;
  abstract readonly needsEps: boolean;
  protected ntypes = 0;
  /** Per-type-pair coefficient tables, (ntypes+1)² each, in coeffNames order. */
  protected tab: Float64Array[] = [];
  private setflag = new Uint8Array(0);
  /** δ and δ² per type pair (LAMMPS cut, cutsq). */
  protected cutTab = new Float64Array(0);
  protected cutsqTab = new Float64Array(0);
  /** Short-range contact stiffness per type pair: rk = (kc · vfrac_j) · (dr / δ). */
  protected kcTab = new Float64Array(0);
  latticeSpacing = 1.0;
  fix: FixPeriNeigh | null = null;
  protected sim: Simulation | null = null;
  /** Next step's critical stretch per atom (LAMMPS s0_new; kept between steps as LAMMPS's array is). */
  protected s0New = new Float64Array(0);
  private readonly d = new Float64Array(3);

  settings(args: string[]): void {
    if (args.length) throw new Error(`Illegal pair_style ${this.style} command: it takes no arguments`);
  }

  coeff(args: string[], system: AtomSystem): void {
    const nc = this.coeffNames.length;
    if (args.length !== 2 + nc)
      throw new Error(
        `Incorrect args for pair coefficients: pair_coeff I J ${this.coeffNames.join(' ')} for pair ${this.style}`,
      );
    if (this.ntypes !== system.ntypes) this.allocate(system.ntypes);
    const [ilo, ihi] = parseTypeRange(args[0], system.ntypes);
    const [jlo, jhi] = parseTypeRange(args[1], system.ntypes);
    const vals = args.slice(2).map((w, k) => {
      const v = Number(w);
      if (w.trim() === '' || !Number.isFinite(v))
        throw new Error(`Expected a number for ${this.coeffNames[k]} in pair_coeff, got '${w}'`);
      return v;
    });
    const st = this.ntypes + 1;
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        for (let k = 0; k < nc; k++) this.tab[k][i * st + j] = vals[k];
        this.setflag[i * st + j] = 1;
        count++;
      }
    }
    if (count === 0) throw new Error('Incorrect args for pair coefficients: no type pair in the ranges');
  }

  private allocate(ntypes: number): void {
    this.ntypes = ntypes;
    const sz = (ntypes + 1) * (ntypes + 1);
    this.tab = this.coeffNames.map(() => new Float64Array(sz));
    this.setflag = new Uint8Array(sz);
    this.cutTab = new Float64Array(sz);
    this.cutsqTab = new Float64Array(sz);
    this.kcTab = new Float64Array(sz);
  }

  modify(args: string[]): void {
    throw new Error(`pair_modify ${args.join(' ')}: pair ${this.style} takes no pair_modify settings`);
  }

  /** Coefficient `name` of the type pair (1-based types). */
  protected c(name: string, i: number, j: number): number {
    return this.tab[this.coeffNames.indexOf(name)][i * (this.ntypes + 1) + j];
  }

  /** The contact stiffness kc of a type pair (see kcTab). */
  protected abstract contactStiffness(i: number, j: number): number;

  init(system: AtomSystem, host?: PairHost): void {
    if (!system.peri) throw new Error(`Pair style ${this.style} requires atom style peri`);
    if (!host || !('fixes' in host)) throw new Error(`Pair style ${this.style} needs the simulation to run in`);
    const sim = host as unknown as Simulation;
    this.sim = sim;
    const lx = latticeSpacing(sim, 0),
      ly = latticeSpacing(sim, 1),
      lz = latticeSpacing(sim, 2);
    if (lx !== ly || lx !== lz || ly !== lz) throw new Error('Pair peri lattice is not identical in x, y, and z');
    this.latticeSpacing = lx;
    const n = system.ntypes;
    if (this.ntypes !== n) throw new Error('All pair coeffs are not set');
    const st = n + 1;
    const ci = this.coeffNames.indexOf('cut');
    for (let i = 1; i <= n; i++) {
      for (let j = i; j <= n; j++) {
        if (!this.setflag[i * st + j]) throw new Error(`All pair coeffs are not set (pair ${i} ${j})`);
        for (const t of this.tab) t[j * st + i] = t[i * st + j];
        const cut = this.tab[ci][i * st + j];
        this.cutTab[i * st + j] = this.cutTab[j * st + i] = cut;
        this.cutsqTab[i * st + j] = this.cutsqTab[j * st + i] = cut * cut;
      }
    }
    for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) this.kcTab[i * st + j] = this.contactStiffness(i, j);
    // The hidden fix PERI_NEIGH, created at the first init and kept (with its bonds) afterwards.
    const k = sim.fixes.findIndex((f) => f.style === 'PERI_NEIGH');
    if (k >= 0 && (sim.fixes[k] as FixPeriNeigh).source === this) this.fix = sim.fixes[k] as FixPeriNeigh;
    else {
      if (k >= 0) sim.fixes.splice(k, 1);
      this.fix = new FixPeriNeigh(this);
      sim.fixes.push(this.fix);
    }
  }

  cutoff(): number {
    let m = 0;
    for (let k = 0; k < this.cutTab.length; k++) m = Math.max(m, this.cutTab[k]);
    return m;
  }

  cutsq(i: number, j: number): number {
    return this.cutsqTab[i * (this.ntypes + 1) + j];
  }

  cut(i: number, j: number): number {
    return this.cutTab[i * (this.ntypes + 1) + j];
  }

  /** PMB: ω = 1; the state-based models override it with 1/|ξ|. */
  influence(_dx: number, _dy: number, _dz: number): number {
    return 1.0;
  }

  abstract compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void;

  /** Grow the per-atom scratch to n atoms. */
  protected reserveAtoms(n: number): void {
    this.fix!.noBondsYet(n);
    if (this.s0New.length < n) {
      const a = new Float64Array(Math.ceil(n * 1.2) + 16);
      a.set(this.s0New);
      this.s0New = a;
    }
  }

  /**
   * The short-range contact force of every pair of the half list (LAMMPS, all four styles): a
   * repulsion for particles closer than d_ij = min(0.9 |ξ|, 1.35 lc), rk = (kc vfrac_j)(dr/δ) with
   * dr = r − d_ij, F_i = −rk/r (x_i − x_j); energy ½ rk dr; virial with fpair·vfrac_i.
   */
  protected contactForces(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const s = ctx.system;
    const p = s.peri!;
    const g = ctx.ghosts;
    const x = g.xAll,
      gmap = g.map,
      type = s.type,
      vfrac = p.vfrac,
      x0 = p.x0,
      f = out.f;
    const offset = ctx.list.offset,
      list = ctx.list.list;
    const st = this.ntypes + 1,
      kc = this.kcTab,
      cut = this.cutTab;
    const box = s.box;
    const periodic = box.periodic[0] || box.periodic[1] || box.periodic[2];
    const lc135 = 1.35 * this.latticeSpacing;
    const skipSq = lc135 * lc135 * (1 + 1e-9);
    const eflag = flags.energy,
      vflag = flags.virial,
      eatom = flags.eatom ? out.eatom : null;
    const w = out.virial;
    const d = this.d;
    for (let i = 0; i < s.n; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const xt0 = x0[3 * i],
        yt0 = x0[3 * i + 1],
        zt0 = x0[3 * i + 2];
      const it = type[i] * st;
      for (let c = offset[i]; c < offset[i + 1]; c++) {
        const j = list[c] & NEIGHMASK;
        const jo = gmap[j];
        const delx = xt - x[3 * j],
          dely = yt - x[3 * j + 1],
          delz = zt - x[3 * j + 2];
        const rsq = delx * delx + dely * dely + delz * delz;
        // d_ij <= 1.35 lc: pairs clearly beyond it cannot touch (the exact test follows)
        if (rsq > skipSq) continue;
        d[0] = xt0 - x0[3 * jo];
        d[1] = yt0 - x0[3 * jo + 1];
        d[2] = zt0 - x0[3 * jo + 2];
        if (periodic) box.minimumImage(d);
        const rsq0 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        const r = Math.sqrt(rsq);
        const a = 0.9 * Math.sqrt(rsq0);
        const dij = a < lc135 ? a : lc135;
        if (r < dij) {
          const ij = it + type[jo];
          const dr = r - dij;
          const rk = kc[ij] * vfrac[jo] * (dr / cut[ij]);
          const fpair = r > 0.0 ? -(rk / r) : 0.0;
          f[3 * i] += delx * fpair;
          f[3 * i + 1] += dely * fpair;
          f[3 * i + 2] += delz * fpair;
          f[3 * j] -= delx * fpair;
          f[3 * j + 1] -= dely * fpair;
          f[3 * j + 2] -= delz * fpair;
          if (eflag) {
            const evdwl = 0.5 * rk * dr;
            out.energy += evdwl;
            if (eatom) {
              eatom[i] += 0.5 * evdwl;
              eatom[j] += 0.5 * evdwl;
            }
          }
          if (vflag) tallyVirial(w, delx, dely, delz, fpair * vfrac[i], 1.0);
        }
      }
    }
  }

  /**
   * Each unbroken bond's current separation x_i − x_j (minimum image where periodic) and length,
   * n x maxpartner, filled by `dilatation` for the bond loop of the same step (the positions do not
   * change in between, so these are the numbers LAMMPS computes again there).
   */
  protected bdx = new Float64Array(0);
  protected bdy = new Float64Array(0);
  protected bdz = new Float64Array(0);
  protected br = new Float64Array(0);

  /**
   * The dilatation θ_i = (3/m_i) Σ_j ω ξ e vfrac_j s(ξ) over i's unbroken bonds, e = r − r0 (LAMMPS
   * compute_dilatation of peri/lps, ves, eps); 0 for particles without bonds (m_i = 0).
   */
  protected dilatation(s: AtomSystem, local: Int32Array, theta: Float64Array): void {
    const fx = this.fix!;
    const mp = fx.maxpartner,
      npartner = fx.npartner,
      partner = fx.partner,
      r0 = fx.r0,
      vscale = fx.vscale,
      omega = fx.omega,
      wvolume = fx.wvolume;
    if (this.br.length < s.n * mp) {
      const m = Math.ceil(s.n * 1.2) * mp;
      this.bdx = new Float64Array(m);
      this.bdy = new Float64Array(m);
      this.bdz = new Float64Array(m);
      this.br = new Float64Array(m);
    }
    const bdx = this.bdx,
      bdy = this.bdy,
      bdz = this.bdz,
      br = this.br;
    const x = s.x,
      vfrac = s.peri!.vfrac;
    const box = s.box;
    const periodic = box.periodic[0] || box.periodic[1] || box.periodic[2];
    const d = this.d;
    for (let i = 0; i < s.n; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      let th = 0.0;
      for (let k = i * mp; k < i * mp + npartner[i]; k++) {
        if (partner[k] === 0) continue;
        const j = local[partner[k]];
        if (j < 0) continue;
        let dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        if (periodic) {
          d[0] = dx;
          d[1] = dy;
          d[2] = dz;
          box.minimumImage(d);
          dx = d[0];
          dy = d[1];
          dz = d[2];
        }
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
        bdx[k] = dx;
        bdy[k] = dy;
        bdz[k] = dz;
        br[k] = r;
        let dr = r - r0[k];
        if (Math.abs(dr) < NEAR_ZERO) dr = 0.0;
        th += omega[k] * r0[k] * dr * vfrac[j] * vscale[k];
      }
      theta[i] = wvolume[i] !== 0.0 ? (3.0 / wvolume[i]) * th : 0;
    }
  }
}

/**
 * LAMMPS ev_tally's global virial for one pair force fpair along (delx, dely, delz), added in
 * `times` halves as LAMMPS adds them: once whole (newton on) or twice ½ (a bond i–i, newton off).
 */
export function tallyVirial(
  w: Float64Array,
  delx: number,
  dely: number,
  delz: number,
  fpair: number,
  times: 1 | 2,
): void {
  const v0 = delx * delx * fpair,
    v1 = dely * dely * fpair,
    v2 = delz * delz * fpair,
    v3 = delx * dely * fpair,
    v4 = delx * delz * fpair,
    v5 = dely * delz * fpair;
  if (times === 1) {
    w[0] += v0;
    w[1] += v1;
    w[2] += v2;
    w[3] += v3;
    w[4] += v4;
    w[5] += v5;
    return;
  }
  for (let t = 0; t < 2; t++) {
    w[0] += 0.5 * v0;
    w[1] += 0.5 * v1;
    w[2] += 0.5 * v2;
    w[3] += 0.5 * v3;
    w[4] += 0.5 * v4;
    w[5] += 0.5 * v5;
  }
}

/** LAMMPS ev_tally(i, i, nlocal, newton off, ½ evdwl): a bond's energy, added to pe in two quarters. */
export function tallyBondEnergy(out: ForceBuffers, eatom: Float64Array | null, i: number, evdwl: number): void {
  const half = 0.5 * (0.5 * evdwl);
  out.energy += half;
  out.energy += half;
  if (eatom) {
    eatom[i] += half;
    eatom[i] += half;
  }
}
