/**
 * What the three-body styles on the full neighbor list share (LAMMPS PairSW, PairTersoff,
 * PairVashishta, PairEDIPMulti, 29 Sep 2021): the element map and per-triplet parameter table of
 * `pair_coeff * * file E1 ...`, the init checks, the largest cutoff, the per-atom short neighbor
 * list (the neighbors within a cutoff, reused by the three-body loops), and the rule that takes
 * each pair of a full list once for the two-body terms.
 */
import type { ComputeFlags, ForceBuffers, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { entryNumber, mapElements, readEntries } from './manybody_file.js';
import { acceptNoOpModify } from './pair_modify_noop.js';

/** A many-body style on the full list whose parameters come per element triplet from a file. */
export abstract class ManybodyPair implements PairStyle {
  abstract readonly style: string;
  readonly neighborKind = 'full' as const;
  readonly computesVirial = false;
  protected elements: string[] = [];
  /** map[type] = element index, -1 for NULL. */
  protected map: Int32Array = new Int32Array(0);
  /** elem2param[(i*n + j)*n + k] = the file entry (row) of the triplet i, j, k. */
  protected elem2param = new Int32Array(0);
  protected params = new Float64Array(0);
  protected cutmax = 0;
  /** Scratch of shortList (grows, never shrinks). */
  private short = new Int32Array(64);

  abstract settings(args: string[]): void;
  abstract coeff(args: string[], system: AtomSystem): void;
  abstract compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void;

  /**
   * `pair_coeff * * file E1 ... En`: map types to elements, read the file's entries of nwords
   * words for the mapped elements (check(v, line) throws on an illegal parameter vector v), one
   * per triplet; a duplicate or a missing triplet is an error (LAMMPS read_file/setup_params).
   * Sets elements, map, elem2param; returns the parameter rows in elem2param's order.
   */
  protected readTriplets(
    args: string[],
    system: AtomSystem,
    nwords: number,
    what: string,
    check: (v: number[], line: number) => void,
  ): number[][] {
    const { elements, map } = mapElements(this.style, args, system.ntypes);
    const path = args[2];
    const n = elements.length;
    const rows: number[][] = [];
    const e2p = new Int32Array(n * n * n).fill(-1);
    for (const { words, line } of readEntries(path, nwords, what)) {
      const ie = elements.indexOf(words[0]),
        je = elements.indexOf(words[1]),
        ke = elements.indexOf(words[2]);
      if (ie < 0 || je < 0 || ke < 0) continue;
      const v = words.slice(3).map((w) => entryNumber(w, path, line));
      check(v, line);
      const slot = (ie * n + je) * n + ke;
      if (e2p[slot] >= 0) throw new Error(this.tripletError('duplicate', words.slice(0, 3).join(' '), path));
      e2p[slot] = rows.length;
      rows.push(v);
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let k = 0; k < n; k++)
          if (e2p[(i * n + j) * n + k] < 0)
            throw new Error(this.tripletError('missing', `${elements[i]} ${elements[j]} ${elements[k]}`, path));
    this.elements = elements;
    this.map = map;
    this.elem2param = e2p;
    return rows;
  }

  /**
   * The message of readTriplets for a triplet ("E1 E2 E3") the file lists twice or not at all;
   * a style whose LAMMPS read_file words it otherwise (edip/multi) overrides it.
   */
  protected tripletError(kind: 'duplicate' | 'missing', triplet: string, path: string): string {
    return kind === 'duplicate'
      ? `Potential file has duplicate entry for ${triplet}`
      : `Potential file is missing an entry for ${triplet} (${path})`;
  }

  /** pair_modify: LAMMPS's generic mix/shift/tail change nothing for a many-body style; accepted as LAMMPS does. */
  modify(args: string[]): void {
    acceptNoOpModify(this.style, args);
  }

  init(system: AtomSystem): void {
    this.initMapped(system, null);
  }

  /** pair hybrid: the pairs of two non-NULL types are set (LAMMPS setflag from the element map). */
  coeffSet(i: number, j: number): boolean {
    return i < this.map.length && j < this.map.length && this.map[i] >= 0 && this.map[j] >= 0;
  }

  /**
   * init() for the type pairs pair hybrid maps to this style (null: all): only types in a mapped
   * pair need an element (hybrid's skip list hands compute() no atom of another type).
   */
  initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    if (this.elements.length === 0)
      throw new Error(`All pair coeffs are not set (pair ${this.style}: use pair_coeff * * file E1 ...)`);
    for (let i = 1; i <= system.ntypes; i++)
      for (let j = i; j <= system.ntypes; j++)
        if ((mapped === null || mapped(i, j)) && !this.coeffSet(i, j))
          throw new Error(
            `All pair coeffs are not set (pair ${this.style}: type ${this.coeffSet(i, i) ? j : i} is mapped to NULL)`,
          );
  }

  cutoff(): number {
    return this.cutmax;
  }

  /** Room for the short list of an atom with n full-list neighbors (LAMMPS's neighshort, grown by doubling). */
  protected shortList(n: number): Int32Array {
    if (this.short.length < n) this.short = new Int32Array(2 * n);
    return this.short;
  }
}

/**
 * LAMMPS's rule for taking each pair of a full list once (PairSW/PairTersoff::compute): between
 * atoms of different tags the pair belongs to i when the tag sum's parity says so (itag > jtag:
 * odd sum, itag < jtag: even sum); between an atom and its own periodic image (equal tags) to the
 * one lower in z, then y, then x. Returns true when i skips the pair (x_j at xj, yj, zj).
 */
export function skipsPair(
  itag: number,
  jtag: number,
  xi: number,
  yi: number,
  zi: number,
  xj: number,
  yj: number,
  zj: number,
): boolean {
  if (itag > jtag) return (itag + jtag) % 2 === 0;
  if (itag < jtag) return (itag + jtag) % 2 === 1;
  if (zj < zi) return true;
  if (zj === zi && yj < yi) return true;
  return zj === zi && yj === yi && xj < xi;
}
