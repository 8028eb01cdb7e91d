import type { Ghosts } from './ghosts.js';
import type { NeighborList } from './neighbor_list.js';
import type { AtomSystem } from './system.js';

/**
 * `neigh_modify exclude ...` (LAMMPS Neighbor::exclusion): pairs left out of every neighbor list,
 * so no pair style sees them. Rules, any of which excludes a pair (i, j):
 *   type I J             itype = I and jtype = J, or the reverse
 *   group G1 G2          i in G1 and j in G2, or the reverse
 *   molecule/intra G     both in G and in the same molecule
 *   molecule/inter G     both in G and in different molecules
 * `exclude none` removes every rule. LAMMPS tests the rules inside the list build; here they are a
 * pass over each list right after it is built (before special bonds), which keeps the same pairs.
 */
export class NeighborExclusion {
  /** Pairs of types (flat: t1, t2, t1, t2, ...). */
  private types: number[] = [];
  /** Pairs of group bits. */
  private groups: number[] = [];
  /** Group bits of the molecule/intra and molecule/inter rules. */
  private molIntra: number[] = [];
  private molInter: number[] = [];

  get active(): boolean {
    return this.types.length + this.groups.length + this.molIntra.length + this.molInter.length > 0;
  }

  addType(t1: number, t2: number): void {
    this.types.push(t1, t2);
  }

  addGroup(bit1: number, bit2: number): void {
    this.groups.push(bit1, bit2);
  }

  addMolecule(bit: number, intra: boolean): void {
    (intra ? this.molIntra : this.molInter).push(bit);
  }

  clear(): void {
    this.types = [];
    this.groups = [];
    this.molIntra = [];
    this.molInter = [];
  }

  /** Whether the rules exclude the pair of local/ghost atoms i and j (j mapped to its owner jl). */
  private excluded(sys: AtomSystem, itype: number, jtype: number, i: number, jl: number): boolean {
    const t = this.types;
    for (let m = 0; m < t.length; m += 2)
      if ((itype === t[m] && jtype === t[m + 1]) || (itype === t[m + 1] && jtype === t[m])) return true;
    const mask = sys.mask;
    const mi = mask[i],
      mj = mask[jl];
    const g = this.groups;
    for (let m = 0; m < g.length; m += 2) if ((mi & g[m] && mj & g[m + 1]) || (mi & g[m + 1] && mj & g[m])) return true;
    const mol = sys.molecule;
    for (const bit of this.molIntra) if (mi & bit && mj & bit && mol[i] === mol[jl]) return true;
    for (const bit of this.molInter) if (mi & bit && mj & bit && mol[i] !== mol[jl]) return true;
    return false;
  }

  /** Remove the excluded pairs from a freshly built list in place (CSR compaction). */
  filter(list: NeighborList, g: Ghosts, sys: AtomSystem): void {
    const offset = list.offset,
      nl = list.list,
      map = g.map,
      type = g.type;
    let w = 0;
    let start = offset[0];
    for (let i = 0; i < g.nlocal; i++) {
      const end = offset[i + 1];
      const itype = type[i];
      for (let k = start; k < end; k++) {
        const j = nl[k];
        if (!this.excluded(sys, itype, type[j], i, map[j])) nl[w++] = j;
      }
      offset[i + 1] = w;
      start = end;
    }
  }
}
