/**
 * The neighbor list of one pair hybrid sub-style, derived from the master list after every build
 * (LAMMPS NPairSkip and NPairHalffullNewton, 29 Sep 2021): the pairs whose type pair is not
 * mapped to the sub-style are dropped (ijskip), and an atom whose type has no mapped pair at all
 * gets no neighbors (iskip). A half-list sub-style under a full master list keeps each pair once,
 * by LAMMPS's halffull/newton rule: a local j when j > i, a ghost j when it lies above i in
 * (z, y, x) order. The special-bond bits of the master entries are kept.
 */
import type { Ghosts } from '../src/ghosts.js';
import { NEIGHMASK } from '../src/molecular/special.js';
import { NeighborList } from '../src/neighbor_list.js';

export class HybridSkipList {
  /** The derived list a sub-style reads (CSR over the same extended atoms as the master). */
  readonly list: NeighborList;
  /** Master list version this list was derived from (-1: never). */
  private version = -1;
  private master: NeighborList | null = null;

  /**
   * skip[ti*(ntypes+1) + tj] = 1 drops the type pair (1-based types); halfFromFull keeps each
   * pair of a full master once.
   */
  constructor(
    private readonly skip: Uint8Array,
    private readonly ntypes: number,
    private readonly halfFromFull: boolean,
  ) {
    this.list = new NeighborList(halfFromFull);
  }

  /** The derived list for this master, rebuilt only when the master was rebuilt since. */
  update(master: NeighborList, g: Ghosts): NeighborList {
    if (master === this.master && master.version === this.version) return this.list;
    this.master = master;
    this.version = master.version;
    const nlocal = master.nlocal;
    const out = this.list;
    out.nlocal = nlocal;
    // New contents: readers that cache rows by version (lj_cut_simd.ts) must see a new one.
    out.version++;
    if (out.offset.length < nlocal + 1) out.offset = new Int32Array(Math.ceil(nlocal * 1.2) + 16);
    const need = master.offset[nlocal];
    if (out.list.length < need) out.list = new Int32Array(Math.ceil(need * 1.2) + 16);
    const mo = master.offset,
      ml = master.list,
      off = out.offset,
      dst = out.list;
    const type = g.type,
      x = g.xAll;
    const stride = this.ntypes + 1;
    const skip = this.skip;
    const hff = this.halfFromFull;
    let w = 0;
    off[0] = 0;
    for (let i = 0; i < nlocal; i++) {
      const row = type[i] * stride;
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      for (let k = mo[i]; k < mo[i + 1]; k++) {
        const jj = ml[k];
        const j = jj & NEIGHMASK;
        if (skip[row + type[j]] === 1) continue;
        if (hff) {
          if (j < nlocal) {
            if (i > j) continue;
          } else {
            const zj = x[3 * j + 2];
            if (zj < zi) continue;
            if (zj === zi) {
              const yj = x[3 * j + 1];
              if (yj < yi) continue;
              if (yj === yi && x[3 * j] < xi) continue;
            }
          }
        }
        dst[w++] = jj;
      }
      off[i + 1] = w;
    }
    return out;
  }
}
