import type { Compute } from './compute.js';
import { requireGroupAll } from '../integrators/group.js';
import { NeighborList } from './neighbor_list.js';
import { int, num, parseTypeRange } from './parse.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group rdf Nbin itype1 jtype1 [itype2 jtype2 ...] [cutoff Rc] (LAMMPS ComputeRDF):
 * radial distribution functions g(r) and cumulative coordination numbers coord(r) of type pairs,
 * as a global array of Nbin rows: column 1 the bin centre r, then g and coord for each pair.
 *
 * Same numbers as LAMMPS: bins of width Rc/Nbin from 0 to Rc (default Rc = the pair style's
 * cutoff); each pair within Rc is counted once with I as centre and once with J as centre; g is
 * the count over the ideal-gas count in the spherical shell, normalised by the numbers of I and J
 * atoms with LAMMPS's correction for atoms that are both I and J (an atom is not its own
 * neighbor): g = hist / (vfrac * (Nj - Ndup/Ni) * Ni), vfrac = 4/3 pi (r_hi^3 - r_lo^3) / V.
 * Type arguments take LAMMPS ranges (`*`, `2*`, `1*2`); without any pair, one RDF of all types.
 */
export class ComputeRDF implements Compute {
  readonly style = 'rdf';
  readonly sizeArrayRows: number;
  readonly sizeArrayCols: number;
  readonly array: Float64Array;
  readonly arrayColumns: { name: string; plot: boolean }[];
  invokedArray = -1;
  private readonly npairs: number;
  /** Histogram indices of each ordered type pair, CSR: pairHist[pairStart[t] .. pairStart[t+1]), t = i*(ntypes+1)+j. */
  private readonly pairStart: Int32Array;
  private readonly pairHist: Int32Array;
  private readonly ilo: number[] = [];
  private readonly ihi: number[] = [];
  private readonly jlo: number[] = [];
  private readonly jhi: number[] = [];
  private readonly ntypes: number;
  /** npairs x nbin counts of the current invocation. */
  private readonly hist: Float64Array;
  private readonly icount: Float64Array;
  private readonly jcount: Float64Array;
  private readonly duplicates: Float64Array;
  /** User cutoff (cutoff keyword > 0) or null for the pair style's cutoff. */
  private readonly cutoffUser: number | null;
  private delr = 0;
  private delrinv = 0;
  private listCut = 0;
  /** The compute's own half list, built when invoked (LAMMPS's occasional list). */
  private readonly list = new NeighborList(true);

  constructor(
    readonly id: string,
    group: string,
    args: string[],
    sim: Simulation,
  ) {
    requireGroupAll('rdf', group, 'compute');
    const s = sim.system;
    if (args.length < 1) throw new Error('Illegal compute rdf command');
    const nbin = int(args[0], 'compute rdf Nbin');
    if (nbin < 1) throw new Error('Illegal compute rdf command');
    // Pairwise arguments run up to the `cutoff` keyword, as LAMMPS parses them.
    let k = 1;
    while (k < args.length && args[k] !== 'cutoff') k++;
    const pairArgs = args.slice(1, k);
    let cutoffUser: number | null = null;
    while (k < args.length) {
      if (args[k] !== 'cutoff' || k + 2 > args.length) throw new Error('Illegal compute rdf command');
      const c = num(args[k + 1], 'compute rdf cutoff');
      cutoffUser = c > 0 ? c : null; // LAMMPS: cutoff <= 0 means the default
      k += 2;
    }
    this.cutoffUser = cutoffUser;
    if (pairArgs.length % 2 !== 0) throw new Error('Illegal compute rdf command');
    const nt = s.ntypes;
    this.ntypes = nt;
    const labels: [string, string][] = [];
    if (pairArgs.length === 0) {
      this.ilo.push(1);
      this.ihi.push(nt);
      this.jlo.push(1);
      this.jhi.push(nt);
      labels.push(['*', '*']);
    } else {
      for (let p = 0; p < pairArgs.length; p += 2) {
        const [il, ih] = parseTypeRange(pairArgs[p], nt);
        const [jl, jh] = parseTypeRange(pairArgs[p + 1], nt);
        this.ilo.push(il);
        this.ihi.push(ih);
        this.jlo.push(jl);
        this.jhi.push(jh);
        labels.push([pairArgs[p], pairArgs[p + 1]]);
      }
    }
    const npairs = this.ilo.length;
    this.npairs = npairs;
    // Which histograms each ordered (itype, jtype) feeds: an ordered pair may feed several.
    const stride = nt + 1;
    const lists: number[][] = Array.from({ length: stride * stride }, () => []);
    for (let m = 0; m < npairs; m++) {
      for (let i = this.ilo[m]; i <= this.ihi[m]; i++) {
        for (let j = this.jlo[m]; j <= this.jhi[m]; j++) lists[i * stride + j].push(m);
      }
    }
    this.pairStart = new Int32Array(stride * stride + 1);
    for (let t = 0; t < stride * stride; t++) this.pairStart[t + 1] = this.pairStart[t] + lists[t].length;
    this.pairHist = Int32Array.from(lists.flat());

    this.sizeArrayRows = nbin;
    this.sizeArrayCols = 1 + 2 * npairs;
    this.array = new Float64Array(nbin * this.sizeArrayCols);
    this.hist = new Float64Array(npairs * nbin);
    this.icount = new Float64Array(npairs);
    this.jcount = new Float64Array(npairs);
    this.duplicates = new Float64Array(npairs);
    this.arrayColumns = [{ name: 'r', plot: false }];
    for (const [a, b] of labels) {
      this.arrayColumns.push({ name: `g_${a}_${b}`, plot: true }, { name: `coord_${a}_${b}`, plot: false });
    }
  }

  /** Bin width from the cutoff, the ghost-range check, and the type counts (LAMMPS init + init_norm). */
  init(sim: Simulation): void {
    const pair = sim.pair;
    const skin = sim.neighbor.skin;
    if (!pair) throw new Error('Compute rdf requires a pair style be defined or cutoff specified');
    const cutforce = pair.cutoff();
    let cut: number;
    if (this.cutoffUser !== null) {
      // Atoms beyond the pair cutoff + skin are not among the ghosts, so the RDF cannot see them.
      const mycutneigh = this.cutoffUser + skin;
      const cutghost = cutforce + skin;
      if (mycutneigh > cutghost) {
        throw new Error(
          `Compute rdf cutoff exceeds ghost atom range - use comm_modify cutoff command ` +
            `(cutoff ${this.cutoffUser} + skin ${skin} > pair cutoff ${cutforce} + skin; dpmd has no comm_modify: ` +
            `use a cutoff <= ${cutforce})`,
        );
      }
      cut = this.cutoffUser;
    } else {
      cut = cutforce;
    }
    const nbin = this.sizeArrayRows;
    this.delr = cut / nbin;
    this.delrinv = 1.0 / this.delr;
    // LAMMPS's list cutoff: the RDF cutoff + skin, so pairs a roundoff beyond Rc that still
    // fall into the last bin are listed exactly as there.
    this.listCut = cut + skin;
    const cols = this.sizeArrayCols;
    for (let i = 0; i < nbin; i++) this.array[i * cols] = (i + 0.5) * this.delr;
    this.initNorm(sim);
  }

  /** icount/jcount: atoms of the I and J types; duplicates: atoms that are both (LAMMPS init_norm). */
  private initNorm(sim: Simulation): void {
    const s = sim.system;
    const typecount = new Float64Array(this.ntypes + 1);
    for (let i = 0; i < s.n; i++) typecount[s.type[i]]++;
    for (let m = 0; m < this.npairs; m++) {
      let ic = 0,
        jc = 0,
        dup = 0;
      for (let i = this.ilo[m]; i <= this.ihi[m]; i++) ic += typecount[i];
      for (let j = this.jlo[m]; j <= this.jhi[m]; j++) jc += typecount[j];
      for (let i = this.ilo[m]; i <= this.ihi[m]; i++) {
        for (let j = this.jlo[m]; j <= this.jhi[m]; j++) if (i === j) dup += typecount[i];
      }
      this.icount[m] = ic;
      this.jcount[m] = jc;
      this.duplicates[m] = dup;
    }
  }

  computeArray(sim: Simulation): void {
    const g = sim.neighbor.ghosts;
    const list = this.list;
    // A fresh half list at the current positions over the current ghosts (refreshed every step).
    list.build(g, this.listCut, null, 0, null);
    const nbin = this.sizeArrayRows;
    const _npairs = this.npairs;
    const hist = this.hist;
    hist.fill(0);
    const x = g.xAll,
      type = g.type,
      offset = list.offset,
      nb = list.list;
    const pstart = this.pairStart,
      phist = this.pairHist;
    const stride = this.ntypes + 1;
    const delrinv = this.delrinv;
    for (let i = 0; i < g.nlocal; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const itype = type[i];
      for (let p = offset[i]; p < offset[i + 1]; p++) {
        const j = nb[p];
        const jtype = type[j];
        const tij = itype * stride + jtype,
          tji = jtype * stride + itype;
        const a0 = pstart[tij],
          a1 = pstart[tij + 1],
          b0 = pstart[tji],
          b1 = pstart[tji + 1];
        if (a0 === a1 && b0 === b1) continue;
        const dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
        const ibin = Math.trunc(r * delrinv);
        if (ibin >= nbin) continue;
        // Half list: tally with I as centre and with J as centre (LAMMPS, newton on).
        for (let h = a0; h < a1; h++) hist[phist[h] * nbin + ibin] += 1.0;
        for (let h = b0; h < b1; h++) hist[phist[h] * nbin + ibin] += 1.0;
      }
    }
    this.normalise(sim, hist);
  }

  /** Counts -> g(r) and coord(r), with LAMMPS's operation order so the numbers agree to the bit. */
  private normalise(sim: Simulation, hist: Float64Array): void {
    const b = sim.system.box;
    const nbin = this.sizeArrayRows,
      cols = this.sizeArrayCols,
      delr = this.delr,
      out = this.array;
    const constant = (4.0 * Math.PI) / (3.0 * b.lx * b.ly * b.lz);
    for (let m = 0; m < this.npairs; m++) {
      const ic = this.icount[m];
      const normfac = ic > 0 ? this.jcount[m] - this.duplicates[m] / ic : 0.0;
      let ncoord = 0.0;
      for (let ibin = 0; ibin < nbin; ibin++) {
        const rlower = ibin * delr;
        const rupper = (ibin + 1) * delr;
        const vfrac = constant * (rupper * rupper * rupper - rlower * rlower * rlower);
        const gr = vfrac * normfac !== 0.0 ? hist[m * nbin + ibin] / (vfrac * normfac * ic) : 0.0;
        if (ic !== 0) ncoord += gr * vfrac * normfac;
        out[ibin * cols + 1 + 2 * m] = gr;
        out[ibin * cols + 2 + 2 * m] = ncoord;
      }
    }
  }
}

export function createComputeRDF(id: string, group: string, args: string[], sim: Simulation): Compute {
  return new ComputeRDF(id, group, args, sim);
}
