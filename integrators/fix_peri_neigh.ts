import { sprintf } from '../src/format.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';

/** What the family build needs from the peridynamic pair style that owns the fix. */
export interface PeriFamilySource {
  /** Squared bond cutoff δ² of a type pair (1-based types; LAMMPS cutsq[itype][jtype]). */
  cutsq(itype: number, jtype: number): number;
  /** Horizon δ of a type pair (LAMMPS cut[itype][jtype]). */
  cut(itype: number, jtype: number): number;
  /** Influence function ω(ξ) of the reference bond vector (1 for PMB, 1/|ξ| for the state-based models). */
  influence(dx: number, dy: number, dz: number): number;
  /** Per-bond viscoelastic state (peri/ves) and plastic state (peri/eps). */
  readonly needsVes: boolean;
  readonly needsEps: boolean;
  /** The lattice spacing (LAMMPS domain->lattice->xlattice, equal in x, y and z). */
  readonly latticeSpacing: number;
}

/**
 * The hidden fix PERI_NEIGH that every peridynamic pair style creates (LAMMPS FixPeriNeigh): the
 * family of each particle, its bonds to every particle within the horizon δ in the configuration
 * at the first run's setup, stored by partner atom ID with the reference length r0. Bonds never
 * change afterwards except that the pair styles break them (partner ID set to 0) when their
 * stretch exceeds the critical stretch s0. Also per particle: vinter (volume of the family,
 * Σ vfrac_j; compute damage/atom), wvolume (weighted volume m_i = Σ ω(ξ) |ξ|² vfrac_j s(ξ),
 * the state-based models' normaliser, with LAMMPS's horizon volume correction s(ξ)), and the
 * state-based models' per-bond history (peri/ves deviatoric extension and its back extension,
 * peri/eps plastic deviatoric extension and λ per particle).
 *
 * The family is built once, at the first setup (LAMMPS: "only build list of bonds on very first
 * run"), after the setup force evaluation: the pair's setup forces therefore see no bonds, as in
 * LAMMPS. Rows are stored per local atom with a fixed stride maxpartner and follow the atoms when
 * they are reordered (`permute`). Partners are kept in LAMMPS's full neighbor list order (by bin
 * of the full list's grid, then by local index), which decides the summation order of the bond
 * forces.
 */
export class FixPeriNeigh implements Fix {
  readonly id = 'PERI_NEIGH';
  readonly style = 'PERI_NEIGH';
  group = 'all';
  /** False once the family is built (LAMMPS first). */
  first = true;
  maxpartner = 1;
  npartner = new Int32Array(0);
  /** Partner atom IDs, n x maxpartner; 0 = bond broken. */
  partner = new Int32Array(0);
  /** Reference bond lengths, n x maxpartner. */
  r0 = new Float64Array(0);
  /** The horizon volume correction s(ξ) of each bond (LAMMPS vfrac_scale, a function of r0 and δ). */
  vscale = new Float64Array(0);
  /**
   * The influence function ω(ξ) of each bond's reference vector ξ = x0_i − x0_j (fixed, so
   * evaluated once here; LAMMPS evaluates the same expression for ±ξ every step).
   */
  omega = new Float64Array(0);
  vinter = new Float64Array(0);
  wvolume = new Float64Array(0);
  /** peri/ves: deviatoric extension and back extension per bond. */
  deviatorExtension = new Float64Array(0);
  deviatorBackExtension = new Float64Array(0);
  /** peri/eps: plastic deviatoric extension per bond, and λ per particle. */
  deviatorPlasticExtension = new Float64Array(0);
  lambdaValue = new Float64Array(0);
  /** Bonds at the build (LAMMPS's "total # of bonds"). */
  totalBonds = 0;

  constructor(readonly source: PeriFamilySource) {}

  /** Before the first build the pair styles still run (the setup forces): n atoms without bonds. */
  noBondsYet(n: number): void {
    if (!this.first || this.npartner.length >= n) return;
    this.npartner = new Int32Array(n);
    this.vinter = new Float64Array(n);
    this.wvolume = new Float64Array(n);
    this.lambdaValue = new Float64Array(this.source.needsEps ? n : 0);
    this.deviatorPlasticExtension = new Float64Array(this.source.needsEps ? n * this.maxpartner : 0);
  }

  setup(sim: Simulation): void {
    // a later pair_style replaced the peri style that made this fix (LAMMPS deletes the fix then)
    if (sim.pair !== (this.source as unknown)) return;
    if (!this.first) return;
    this.first = false;
    this.build(sim);
    const n = sim.system.n;
    sim.out.print('Peridynamic bonds:');
    sim.out.print(`  total # of bonds = ${this.totalBonds}`);
    sim.out.print(`  bonds/atom = ${sprintf('%g', this.totalBonds / n)}`);
  }

  /** Build the families from the current positions (LAMMPS FixPeriNeigh::setup). */
  build(sim: Simulation): void {
    const s = sim.system;
    const p = s.peri;
    if (!p) throw new Error('Pair style peri requires atom style peri');
    const n = s.n;
    const x = s.x,
      type = s.type,
      tag = s.tag,
      vfrac = p.vfrac,
      x0 = p.x0;
    const src = this.source;
    const box = s.box;
    const periodic = box.periodic[0] || box.periodic[1] || box.periodic[2];
    // The full list of LAMMPS: candidates within the largest cutoff, partners where rsq <= cutsq.
    let cutmax = 0;
    for (let a = 1; a <= s.ntypes; a++) for (let b = 1; b <= s.ntypes; b++) cutmax = Math.max(cutmax, src.cut(a, b));
    const lists = fullListInBinOrder(s.x, n, box, cutmax + sim.neighbor.skin);
    const counts = new Int32Array(n);
    const d = new Float64Array(3);
    const cand = lists.cand,
      start = lists.start;
    for (let i = 0; i < n; i++) {
      for (let c = start[i]; c < start[i + 1]; c++) {
        const j = cand[c];
        if (sepSq(x, i, j, d, box, periodic) <= src.cutsq(type[i], type[j])) counts[i]++;
      }
    }
    let maxp = 0;
    for (let i = 0; i < n; i++) maxp = Math.max(maxp, counts[i]);
    const mp = Math.max(maxp, 1);
    this.maxpartner = mp;
    this.npartner = new Int32Array(n);
    this.partner = new Int32Array(n * mp);
    this.r0 = new Float64Array(n * mp);
    this.vscale = new Float64Array(n * mp);
    this.omega = new Float64Array(n * mp);
    this.vinter = new Float64Array(n);
    this.wvolume = new Float64Array(n);
    this.deviatorExtension = new Float64Array(src.needsVes ? n * mp : 0);
    this.deviatorBackExtension = new Float64Array(src.needsVes ? n * mp : 0);
    this.deviatorPlasticExtension = new Float64Array(src.needsEps ? n * mp : 0);
    this.lambdaValue = new Float64Array(src.needsEps ? n : 0);
    const npartner = this.npartner,
      partner = this.partner,
      r0 = this.r0,
      vinter = this.vinter;
    for (let i = 0; i < n; i++) {
      for (let c = start[i]; c < start[i + 1]; c++) {
        const j = cand[c];
        const rsq = sepSq(x, i, j, d, box, periodic);
        if (rsq <= src.cutsq(type[i], type[j])) {
          const k = i * mp + npartner[i];
          partner[k] = tag[j];
          r0[k] = Math.sqrt(rsq);
          npartner[i]++;
          vinter[i] += vfrac[j];
        }
      }
    }
    // One image per pair is kept here; LAMMPS's full list would hold two images of a partner
    // (and refuse them) once a periodic box is shorter than twice the horizon.
    for (let dim = 0; dim < 3; dim++) {
      if (box.periodic[dim] && box.hi[dim] - box.lo[dim] < 2 * cutmax)
        throw new Error('Duplicate particle in PeriDynamic bond - simulation box is too small');
    }
    // Weighted volume with the horizon correction: s = 1 for bonds shorter than δ − lc/2, falling
    // linearly to 0 over the last lattice spacing (LAMMPS vfrac_scale).
    const halfLc = 0.5 * src.latticeSpacing;
    const local = this.localIndex(s);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < npartner[i]; a++) {
        const k = i * mp + a;
        const j = local[partner[k]];
        const delta = src.cut(type[i], type[j]);
        this.vscale[k] = horizonScale(r0[k], delta, halfLc);
        d[0] = x0[3 * i] - x0[3 * j];
        d[1] = x0[3 * i + 1] - x0[3 * j + 1];
        d[2] = x0[3 * i + 2] - x0[3 * j + 2];
        // LAMMPS forms the weighted volume from x0_i − x0_j of the partner's local copy without the
        // minimum image (for a bond across a periodic boundary, the long way round); the bond
        // forces use the minimum image.
        const rsq0 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        const omegaFar = src.influence(d[0], d[1], d[2]);
        if (periodic) box.minimumImage(d);
        this.omega[k] = src.influence(d[0], d[1], d[2]);
        this.wvolume[i] += omegaFar * rsq0 * vfrac[j] * this.vscale[k];
      }
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += npartner[i];
    this.totalBonds = total;
  }

  /** Local index of each atom ID (LAMMPS atom->map with map array), -1 for IDs not present. */
  private localMap = new Int32Array(0);
  localIndex(s: { n: number; tag: Int32Array; maxTag: number }): Int32Array {
    if (this.localMap.length < s.maxTag + 1) this.localMap = new Int32Array(s.maxTag + 1);
    const m = this.localMap;
    m.fill(-1);
    for (let i = 0; i < s.n; i++) m[s.tag[i]] = i;
    return m;
  }

  /** Atoms were reordered or removed: new atom i is old atom perm[i] (rows follow their atoms). */
  permute(perm: Int32Array, n: number): void {
    if (this.first) return;
    const mp = this.maxpartner;
    const rows = <T extends Int32Array | Float64Array>(a: T, w: number): T => {
      if (a.length === 0) return a;
      const old = a.slice();
      for (let i = 0; i < n; i++) a.set(old.subarray(perm[i] * w, perm[i] * w + w), i * w);
      return a;
    };
    rows(this.npartner, 1);
    rows(this.partner, mp);
    rows(this.r0, mp);
    rows(this.vscale, mp);
    rows(this.omega, mp);
    rows(this.vinter, 1);
    rows(this.wvolume, 1);
    rows(this.deviatorExtension, mp);
    rows(this.deviatorBackExtension, mp);
    rows(this.deviatorPlasticExtension, mp);
    rows(this.lambdaValue, 1);
  }
}

/**
 * LAMMPS's horizon volume correction (vfrac_scale): bonds within half a lattice spacing of the
 * horizon δ count a linearly decreasing fraction of their partner's volume, in LAMMPS's operation
 * order: (−1/(2·½lc))·r0 + (1 + (δ − ½lc)/(2·½lc)).
 */
export function horizonScale(r0: number, delta: number, halfLc: number): number {
  if (Math.abs(r0 - delta) <= halfLc) return (-1.0 / (2 * halfLc)) * r0 + (1.0 + (delta - halfLc) / (2 * halfLc));
  return 1.0;
}

/** |x_i − x_j|² with the separation in d (minimum image where periodic), as LAMMPS forms it. */
function sepSq(
  x: Float64Array,
  i: number,
  j: number,
  d: Float64Array,
  box: Simulation['system']['box'],
  periodic: boolean,
): number {
  d[0] = x[3 * i] - x[3 * j];
  d[1] = x[3 * i + 1] - x[3 * j + 1];
  d[2] = x[3 * i + 2] - x[3 * j + 2];
  if (periodic) box.minimumImage(d);
  return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
}

/**
 * Every other atom within `cutneigh` of each atom, listed as LAMMPS's full/bin list orders them:
 * by bin of a grid of bins of about cutneigh/2 over the box (z, then y, then x), then by local
 * index within a bin. Atoms of a periodic box are found through the minimum image (one image per
 * pair, as the family needs). CSR: neighbors of i are cand[start[i] .. start[i+1]).
 */
function fullListInBinOrder(
  x: Float64Array,
  n: number,
  box: Simulation['system']['box'],
  cutneigh: number,
): { start: Int32Array; cand: Int32Array } {
  const lo = box.lo,
    hi = box.hi;
  const binsizeOpt = 0.5 * cutneigh;
  const nb = [0, 1, 2].map((d) => Math.max(1, Math.trunc((hi[d] - lo[d]) / binsizeOpt)));
  const inv = [0, 1, 2].map((d) => nb[d] / (hi[d] - lo[d]));
  const bin = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      const c = x[3 * i + d];
      let b: number;
      if (c >= hi[d]) b = Math.trunc((c - hi[d]) * inv[d]) + nb[d];
      else if (c >= lo[d]) b = Math.min(Math.trunc((c - lo[d]) * inv[d]), nb[d] - 1);
      else b = Math.trunc((c - lo[d]) * inv[d]) - 1;
      bin[3 * i + d] = b;
    }
  }
  // Order atoms by (bin z, bin y, bin x, index): the order in which LAMMPS's stencil visits them.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) => bin[3 * a + 2] - bin[3 * b + 2] || bin[3 * a + 1] - bin[3 * b + 1] || bin[3 * a] - bin[3 * b] || a - b,
  );
  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) rank[order[k]] = k;
  // Candidate pairs through a cell grid of size cutneigh (any image within cutneigh).
  const cell = Math.max(cutneigh, 1e-300);
  const nc = [0, 1, 2].map((d) => Math.max(1, Math.floor((hi[d] - lo[d]) / cell)));
  const cellOf = (i: number, d: number) => {
    const c = Math.floor(((x[3 * i + d] - lo[d]) / (hi[d] - lo[d])) * nc[d]);
    return box.periodic[d] ? ((c % nc[d]) + nc[d]) % nc[d] : Math.min(Math.max(c, 0), nc[d] - 1);
  };
  const ncell = nc[0] * nc[1] * nc[2];
  const head = new Int32Array(ncell).fill(-1);
  const next = new Int32Array(n);
  const cidx = new Int32Array(3 * n);
  for (let i = n - 1; i >= 0; i--) {
    for (let d = 0; d < 3; d++) cidx[3 * i + d] = cellOf(i, d);
    const c = (cidx[3 * i + 2] * nc[1] + cidx[3 * i + 1]) * nc[0] + cidx[3 * i];
    next[i] = head[c];
    head[c] = i;
  }
  const periodic = box.periodic[0] || box.periodic[1] || box.periodic[2];
  const d3 = new Float64Array(3);
  const cutsq = cutneigh * cutneigh;
  const start = new Int32Array(n + 1);
  const out: number[] = [];
  const mine: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    mine.length = 0;
    seen.clear();
    for (let dz = -1; dz <= 1; dz++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const c3 = [cidx[3 * i] + dx, cidx[3 * i + 1] + dy, cidx[3 * i + 2] + dz];
          let ok = true;
          for (let d = 0; d < 3; d++) {
            if (c3[d] < 0 || c3[d] >= nc[d]) {
              if (!box.periodic[d]) ok = false;
              else c3[d] = ((c3[d] % nc[d]) + nc[d]) % nc[d];
            }
          }
          if (!ok) continue;
          const c = (c3[2] * nc[1] + c3[1]) * nc[0] + c3[0];
          if (seen.has(c)) continue;
          seen.add(c);
          for (let j = head[c]; j >= 0; j = next[j]) {
            if (j === i) continue;
            if (sepSq(x, i, j, d3, box, periodic) < cutsq) mine.push(j);
          }
        }
    mine.sort((a, b) => rank[a] - rank[b]);
    for (const j of mine) out.push(j);
    start[i + 1] = out.length;
  }
  return { start, cand: Int32Array.from(out) };
}
