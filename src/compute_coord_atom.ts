import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { ComputeOrientOrderAtom } from './compute_orientorder_atom.js';
import { NeighborList } from './neighbor_list.js';
import { parseTypeRange } from './parse.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group coord/atom cutoff Rc [group group2-ID] [typeN ...] | orientorder orientorderID
 * threshold (LAMMPS ComputeCoordAtom, 29 Sep 2021): per-atom coordination numbers.
 *
 * - cutoff: for each atom of the group, the number of neighbors j (any periodic image) with
 *   r_ij² < Rc², j in group2 (default all) and type(j) in the column's type range; no ranges is one
 *   column over all types (`c_ID`), N ranges give N columns (`c_ID[1..N]`). LAMMPS's range forms
 *   `n`, `*`, `n*`, `*n`, `m*n`. As in LAMMPS 29 Sep 2021, group2 restricts the one-column count
 *   only: with two or more type ranges its loop counts neighbors of every group (checked with lmp).
 * - orientorder: with an orientorder/atom compute that has `components l`, the number of neighbors
 *   within its cutoff whose normalised q_lm vectors have a dot product with the atom's above the
 *   threshold: Σ_m (Re q_i Re q_j + Im q_i Im q_j) over the 2(2l+1) real components, read as LAMMPS
 *   reads them, from column nqlist of the orientorder array (just after the Q_l columns).
 *
 * Atoms outside the group get 0. Neighbors come from a full list over the ghosts built at the call
 * (LAMMPS's occasional full list, pair cutoff + skin), so Rc may not exceed the pair cutoff.
 * Counts are integers: the list's order does not matter.
 */
export class ComputeCoordAtom extends GlobalCompute {
  readonly peratomCols: number;
  private readonly list = new NeighborList(false);
  private out = new Float64Array(0);
  private cutsq: number;
  private invoked = -1;
  private orient: ComputeOrientOrderAtom | null = null;

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly jgroupBit: number,
    cutoff: number,
    /** Type ranges [lo0, hi0, lo1, hi1, ...] of the columns (cutoff style). */
    private readonly ranges: Int32Array,
    private readonly orientId: string | null,
    private readonly threshold: number,
  ) {
    super(id, 'coord/atom');
    const ncol = ranges.length / 2;
    this.peratomCols = ncol === 1 ? 0 : ncol;
    this.cutsq = cutoff * cutoff;
  }

  init(sim: Simulation): void {
    if (this.orientId !== null) {
      const c = sim.computes.find((k) => k.id === this.orientId);
      if (!(c instanceof ComputeOrientOrderAtom))
        throw new Error(`Compute coord/atom compute ID ${this.orientId} is not orientorder/atom`);
      if (!c.components) throw new Error('Compute coord/atom requires components option in compute orientorder/atom');
      this.orient = c;
      this.cutsq = c.cutoffSq;
    }
    if (!sim.pair) throw new Error('Compute coord/atom requires a pair style be defined');
    const cutforce = sim.pair.cutoff();
    if (Math.sqrt(this.cutsq) > cutforce)
      throw new Error(
        `Compute coord/atom cutoff is longer than pairwise cutoff (${Math.sqrt(this.cutsq)} > ${cutforce})`,
      );
    if (sim.computes.filter((k) => k.style === 'coord/atom').length > 1)
      sim.out.warn('More than one compute coord/atom');
    this.invoked = -1;
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    const n = s.n,
      ncol = Math.max(1, this.peratomCols);
    if (this.invoked === sim.step && this.out.length >= n * ncol) return this.out.subarray(0, n * ncol);
    this.invoked = sim.step;
    if (this.out.length < n * ncol) this.out = new Float64Array(n * ncol);
    const out = this.out;
    out.fill(0, 0, n * ncol);
    // The orientorder compute first (it caches per step), as LAMMPS invokes it if not yet invoked.
    let normv: Float64Array | null = null,
      vcols = 0,
      off = 0,
      ncomp = 0;
    if (this.orient) {
      normv = this.orient.computePeratom(sim);
      vcols = this.orient.peratomCols;
      const comp = this.orient.components!;
      off = comp.nqlist;
      ncomp = 2 * (2 * comp.l + 1);
    }
    const nbr = sim.neighbor;
    const g = nbr.ghosts;
    this.list.build(g, nbr.cutNeighbor, nbr.typeCutSq, s.ntypes, null);
    const x = g.xAll,
      map = g.map,
      type = s.type,
      mask = s.mask,
      offset = this.list.offset,
      nb = this.list.list,
      ranges = this.ranges,
      cutsq = this.cutsq;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      for (let p = offset[i]; p < offset[i + 1]; p++) {
        const j = nb[p];
        const jl = map[j];
        // LAMMPS 29 Sep 2021 applies group2 to the one-column count only (its multi-column loop skips the test).
        if (normv === null && ncol === 1 && !(mask[jl] & this.jgroupBit)) continue;
        const dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (!(rsq < cutsq)) continue;
        if (normv !== null) {
          let dot = 0.0;
          const bi = i * vcols + off,
            bj = jl * vcols + off;
          for (let m = 0; m < ncomp; m++) dot += normv[bi + m] * normv[bj + m];
          if (dot > this.threshold) out[i] += 1.0;
          continue;
        }
        const jt = type[jl];
        for (let c = 0; c < ncol; c++) if (jt >= ranges[2 * c] && jt <= ranges[2 * c + 1]) out[i * ncol + c] += 1.0;
      }
    }
    return out.subarray(0, n * ncol);
  }
}

export function createComputeCoordAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute coord/atom', args);
  const groupBit = sim.groups.bit(group, 'compute');
  const ntypes = sim.system.ntypes;
  const cstyle = a.oneOf('style', ['cutoff', 'orientorder']);
  if (cstyle === 'orientorder') {
    if (args.length !== 3) a.fail('orientorder takes exactly: orientorderID threshold');
    const oid = a.word('orientorder compute ID');
    const c = sim.computes.find((k) => k.id === oid);
    if (!c) throw new Error(`Could not find compute coord/atom compute ID ${oid}`);
    if (!(c instanceof ComputeOrientOrderAtom))
      throw new Error(`Compute coord/atom compute ID ${oid} is not orientorder/atom`);
    const threshold = a.num('threshold');
    if (threshold <= -1.0 || threshold >= 1.0) throw new Error('Compute coord/atom threshold not between -1 and 1');
    return new ComputeCoordAtom(id, groupBit, groupBit, 0, Int32Array.of(1, ntypes), oid, threshold);
  }
  const cutoff = a.num('cutoff');
  let jgroupBit = sim.groups.bit('all', 'compute');
  // LAMMPS reads `group ID` only when two more words follow the cutoff.
  if (args.length > 3 && args[2] === 'group') {
    a.pos++;
    const g2 = a.word('group2 ID');
    if (sim.groups.find(g2) < 0) throw new Error(`Compute coord/atom group2 ID ${g2} does not exist`);
    jgroupBit = sim.groups.bit(g2, 'compute');
  }
  const r: number[] = [];
  if (!a.more()) r.push(1, ntypes);
  while (a.more()) r.push(...parseTypeRange(a.word('type range'), ntypes));
  return new ComputeCoordAtom(id, groupBit, jgroupBit, cutoff, Int32Array.from(r), null, 0);
}
