/**
 * Per-contact shear history of the granular pair styles (what LAMMPS keeps in fix NEIGH_HISTORY):
 * three numbers per touching pair, found by the pair's atom IDs, so that the history survives
 * neighbor rebuilds, atom sorting and atoms being added or removed.
 *
 * A pair is stored once, under (lower ID, higher ID), with the shear as seen from the lower-ID atom.
 * The shear is antisymmetric under exchanging the two atoms (every term is a relative velocity or
 * separation times a symmetric factor, and IEEE negation is exact), so a pair met the other way
 * round reads and writes the negated values: LAMMPS's fix neigh/history stores −shear for the
 * partner in the same way.
 *
 * Each force evaluation writes the contacts it touches into a fresh table (`next`) and swaps it in
 * at the end: pairs no longer touching are forgotten, as LAMMPS zeroes their shear. Both tables are
 * open-addressed with typed arrays and grow by doubling; steady steps do not allocate.
 */
export class ContactHistory {
  private cur = new HistoryTable(64);
  private next = new HistoryTable(64);

  /** Start a force evaluation: contacts written from now on form the next history. */
  begin(expected: number): void {
    this.next.clear(expected);
  }

  /**
   * Load the shear of pair (tagI, tagJ) as seen from I into out[0..2] (zeros for a new contact) and
   * return the slot of the pair in the next table; store() then writes it back.
   */
  load(tagI: number, tagJ: number, out: Float64Array): number {
    const flip = tagI > tagJ;
    const lo = flip ? tagJ : tagI,
      hi = flip ? tagI : tagJ;
    const c = this.cur.find(lo, hi);
    if (c < 0) out[0] = out[1] = out[2] = 0.0;
    else {
      const v = this.cur.vals;
      const s = flip ? -1.0 : 1.0;
      out[0] = s * v[3 * c];
      out[1] = s * v[3 * c + 1];
      out[2] = s * v[3 * c + 2];
    }
    return this.next.insert(lo, hi);
  }

  /** Store the shear seen from I (the same tagI, tagJ order as load) into slot of the next table. */
  store(slot: number, tagI: number, tagJ: number, shear: Float64Array): void {
    const s = tagI > tagJ ? -1.0 : 1.0;
    const v = this.next.vals;
    v[3 * slot] = s * shear[0];
    v[3 * slot + 1] = s * shear[1];
    v[3 * slot + 2] = s * shear[2];
  }

  /** End a force evaluation: the contacts just written are the history. */
  end(): void {
    const t = this.cur;
    this.cur = this.next;
    this.next = t;
  }

  /** Number of pairs in contact after the last evaluation. */
  get contacts(): number {
    return this.cur.count;
  }
}

/** Open-addressed (lo, hi) -> slot table with 3 values per slot; key lo = 0 marks an empty slot (IDs start at 1). */
class HistoryTable {
  lo: Int32Array;
  hi: Int32Array;
  vals: Float64Array;
  count = 0;
  private mask: number;

  constructor(cap: number) {
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.vals = new Float64Array(3 * cap);
    this.mask = cap - 1;
  }

  /** Empty the table, sized for about `expected` entries at most half full. */
  clear(expected: number): void {
    let cap = this.lo.length;
    while (cap < 2 * expected) cap *= 2;
    if (cap !== this.lo.length) {
      this.lo = new Int32Array(cap);
      this.hi = new Int32Array(cap);
      this.vals = new Float64Array(3 * cap);
      this.mask = cap - 1;
    } else this.lo.fill(0);
    this.count = 0;
  }

  private static hash(lo: number, hi: number): number {
    return Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77);
  }

  find(lo: number, hi: number): number {
    let k = HistoryTable.hash(lo, hi) & this.mask;
    for (;;) {
      const l = this.lo[k];
      if (l === 0) return -1;
      if (l === lo && this.hi[k] === hi) return k;
      k = (k + 1) & this.mask;
    }
  }

  insert(lo: number, hi: number): number {
    if (2 * (this.count + 1) > this.lo.length) this.grow();
    let k = HistoryTable.hash(lo, hi) & this.mask;
    for (;;) {
      const l = this.lo[k];
      if (l === 0) {
        this.lo[k] = lo;
        this.hi[k] = hi;
        this.count++;
        return k;
      }
      if (l === lo && this.hi[k] === hi) return k;
      k = (k + 1) & this.mask;
    }
  }

  private grow(): void {
    const lo = this.lo,
      hi = this.hi,
      vals = this.vals;
    const cap = 2 * lo.length;
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.vals = new Float64Array(3 * cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let k = 0; k < lo.length; k++) {
      if (lo[k] === 0) continue;
      const s = this.insert(lo[k], hi[k]);
      this.vals[3 * s] = vals[3 * k];
      this.vals[3 * s + 1] = vals[3 * k + 1];
      this.vals[3 * s + 2] = vals[3 * k + 2];
    }
  }
}
