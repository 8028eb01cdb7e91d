/**
 * Special neighbors (LAMMPS Special + Force::set_special): the 1-2, 1-3 and 1-4 partners of every
 * atom through the bond topology, the `special_bonds` weights of their pair interactions, and how
 * they are applied to a neighbor list as LAMMPS's NPair builds do: a pair whose lj and coul weights
 * are both 0 is removed from the list, both 1 kept as a plain pair, otherwise kept with the
 * 1-2/1-3/1-4 code in the top two bits of the neighbor index (LAMMPS SBBITS = 30, NEIGHMASK).
 * A pair farther apart than half a periodic box length is never special (domain->minimum_image_check).
 */
import type { Box } from '../box.js';
import type { Ghosts } from '../ghosts.js';
import type { NeighborList } from '../neighbor_list.js';
import type { AtomSystem } from '../system.js';

/** Bits above SBBITS of a neighbor index carry the special code (1, 2, 3 = 1-2, 1-3, 1-4). */
export const SBBITS = 30;
export const NEIGHMASK = 0x3fffffff;

/** The special_bonds weights: index 1..3 = 1-2, 1-3, 1-4; index 0 = 1 (ordinary pair). */
export class SpecialBonds {
  readonly lj = Float64Array.of(1, 0, 0, 0);
  readonly coul = Float64Array.of(1, 0, 0, 0);

  /** LAMMPS Force::set_special: every special_bonds command starts from the defaults (all 0). */
  set(args: string[]): void {
    const lj = [0, 0, 0],
      coul = [0, 0, 0];
    const weights = (k: number, what: string): number[] => {
      const w = args.slice(k + 1, k + 4).map((s) => Number(s));
      if (w.length !== 3 || args.slice(k + 1, k + 4).some((s) => !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)))
        throw new Error(`Illegal special_bonds command: ${what} needs three weights`);
      if (w.some((v) => v < 0 || v > 1))
        throw new Error(`Illegal special_bonds command: ${what} weights must be in 0..1`);
      return w;
    };
    if (args.length === 0) throw new Error('Illegal special_bonds command: expected keywords');
    for (let k = 0; k < args.length; ) {
      const a = args[k];
      if (a === 'amber') {
        lj.splice(0, 3, 0, 0, 0.5);
        coul.splice(0, 3, 0, 0, 5.0 / 6.0);
        k++;
      } else if (a === 'charmm') {
        lj.splice(0, 3, 0, 0, 0);
        coul.splice(0, 3, 0, 0, 0);
        k++;
      } else if (a === 'dreiding') {
        lj.splice(0, 3, 0, 0, 1);
        coul.splice(0, 3, 0, 0, 1);
        k++;
      } else if (a === 'fene') {
        lj.splice(0, 3, 0, 1, 1);
        coul.splice(0, 3, 0, 1, 1);
        k++;
      } else if (a === 'lj/coul' || a === 'lj' || a === 'coul') {
        const w = weights(k, a);
        if (a !== 'coul') lj.splice(0, 3, ...w);
        if (a !== 'lj') coul.splice(0, 3, ...w);
        k += 4;
      } else if (a === 'angle' || a === 'dihedral') {
        const v = args[k + 1];
        if (v === 'yes')
          throw new Error(`special_bonds ${a} yes is not supported (1-3/1-4 pairs are found through bonds only)`);
        if (v !== 'no') throw new Error(`Illegal special_bonds command: ${a} expects yes or no, got '${v ?? ''}'`);
        k += 2;
      } else if (a === 'extra') {
        if (!/^\d+$/.test(args[k + 1] ?? '')) throw new Error('Illegal special_bonds command: extra expects a count');
        k += 2;
      } else {
        throw new Error(`Illegal special_bonds command: unknown keyword '${a}'`);
      }
    }
    for (let s = 1; s <= 3; s++) {
      this.lj[s] = lj[s - 1];
      this.coul[s] = coul[s - 1];
    }
  }

  /** LAMMPS special_flag: 0 = exclude the pair, 1 = ordinary pair, 2 = keep with weights. */
  flag(s: number): 0 | 1 | 2 {
    if (this.lj[s] === 0 && this.coul[s] === 0) return 0;
    if (this.lj[s] === 1 && this.coul[s] === 1) return 1;
    return 2;
  }
}

/**
 * Special partners by atom ID in CSR form: atom with tag t has partners partner[first[t] ..
 * first[t+1]) with codes code[...] (1, 2, 3), ordered as LAMMPS's Special::combine (1-2 first).
 */
export class SpecialList {
  first = new Int32Array(1);
  partner = new Int32Array(0);
  code = new Int8Array(0);
  /** Largest counts of 1-2, 1-3, 1-4 partners (LAMMPS prints them). */
  readonly max = [0, 0, 0];

  /**
   * LAMMPS Special::build from bonds (a b pairs of tags, both directions): 1-3 = partners of
   * 1-2 partners, 1-4 = 1-2 partners of 1-3 partners, self excluded; an atom that is both 1-2 and
   * 1-3 (rings) counts as 1-2, as Special::combine keeps the first.
   */
  build(maxTag: number, bonds: Int32Array, nbonds: number): void {
    const onetwo: number[][] = Array.from({ length: maxTag + 1 }, () => []);
    for (let b = 0; b < nbonds; b++) {
      const a = bonds[2 * b],
        c = bonds[2 * b + 1];
      if (!onetwo[a].includes(c)) onetwo[a].push(c);
      if (!onetwo[c].includes(a)) onetwo[c].push(a);
    }
    const first = new Int32Array(maxTag + 2);
    const partner: number[] = [];
    const code: number[] = [];
    this.max.fill(0);
    for (let t = 0; t <= maxTag; t++) {
      first[t] = partner.length;
      const seen = new Set<number>([t]);
      const add = (p: number, c: number) => {
        if (seen.has(p)) return false;
        seen.add(p);
        partner.push(p);
        code.push(c);
        return true;
      };
      const l12 = onetwo[t];
      let n2 = 0,
        n3 = 0,
        n4 = 0;
      for (const p of l12) if (add(p, 1)) n2++;
      const l13: number[] = [];
      for (const j of l12) for (const k of onetwo[j]) if (k !== t && !l13.includes(k)) l13.push(k);
      for (const p of l13) if (add(p, 2)) n3++;
      const l14: number[] = [];
      for (const j of l13) for (const k of onetwo[j]) if (k !== t && !l14.includes(k)) l14.push(k);
      for (const p of l14) if (add(p, 3)) n4++;
      this.max[0] = Math.max(this.max[0], n2);
      this.max[1] = Math.max(this.max[1], n3);
      this.max[2] = Math.max(this.max[2], n4);
    }
    first[maxTag + 1] = partner.length;
    this.first = first;
    this.partner = Int32Array.from(partner);
    this.code = Int8Array.from(code);
  }

  // Scratch of filter(): which local atoms are special partners of the atom being filtered.
  private owner = new Int32Array(0);
  private ownCode = new Int8Array(0);

  /**
   * Apply the special weights to a neighbor list in place (LAMMPS's find_special inside the list
   * build, done here as a pass after it): excluded pairs are removed and the list compacted,
   * weighted pairs get their code in bits 30-31. tagLocal maps atom ID -> local index.
   * encode=false (pair styles without weights) only removes excluded pairs; the caller has
   * checked that no pair needs a weight then.
   */
  filter(
    list: NeighborList,
    g: Ghosts,
    sys: AtomSystem,
    tagLocal: Int32Array,
    flags: readonly number[],
    box: Box,
    encode: boolean,
  ): void {
    const nlocal = g.nlocal;
    if (this.owner.length < nlocal) {
      this.owner = new Int32Array(nlocal);
      this.ownCode = new Int8Array(nlocal);
    }
    const owner = this.owner,
      ownCode = this.ownCode;
    owner.fill(-1, 0, nlocal);
    const offset = list.offset,
      nl = list.list,
      map = g.map,
      x = g.xAll,
      tag = sys.tag;
    const half = [0.5 * box.lx, 0.5 * box.ly, 0.5 * box.lz];
    const per = box.periodic;
    let w = 0;
    let start = offset[0];
    for (let i = 0; i < nlocal; i++) {
      const ti = tag[i];
      for (let s = this.first[ti]; s < this.first[ti + 1]; s++) {
        const l = tagLocal[this.partner[s]];
        if (l < 0) continue;
        owner[l] = i;
        ownCode[l] = this.code[s];
      }
      const end = offset[i + 1];
      for (let k = start; k < end; k++) {
        const j = nl[k];
        const jl = map[j];
        if (owner[jl] !== i) {
          nl[w++] = j;
          continue;
        }
        const dx = x[3 * i] - x[3 * j],
          dy = x[3 * i + 1] - x[3 * j + 1],
          dz = x[3 * i + 2] - x[3 * j + 2];
        const farImage =
          (per[0] && Math.abs(dx) > half[0]) ||
          (per[1] && Math.abs(dy) > half[1]) ||
          (per[2] && Math.abs(dz) > half[2]);
        const c = ownCode[jl];
        const fl = flags[c];
        if (farImage || fl === 1) nl[w++] = j;
        else if (fl === 2) nl[w++] = encode ? j | (c << SBBITS) : j;
        // fl === 0: excluded, dropped
      }
      offset[i + 1] = w;
      start = end;
    }
  }
}
