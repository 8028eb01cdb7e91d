/**
 * Every value the actions compute (CVs, their components, bias components), in flat arrays.
 *
 * A value k that depends on atoms owns gradient slots [slotStart[k], slotStart[k] + slotCount[k]):
 * slot s holds an atom (index into the engine's list of referenced atoms, `slotAtom[s]`) and
 * ∂value/∂r of that atom (`grad[3s..3s+2]`, PLUMED length units). An atom may appear in several
 * slots of one value (COMBINE concatenates its arguments' slots); the forces then add up.
 * `virial[9k..9k+8]` holds Σ r_a ∂value/∂r_b (row a, column b) over the value's minimum-image
 * separations, so a bias with dB/ds contributes -dB/ds times it to the virial Σ r⊗F.
 * Values without slots (bias components) carry no derivatives and cannot be biased.
 *
 * Periodic values (TORSION, periodic COMBINE) carry their domain [min, max); `difference` gives
 * the shortest periodic difference as PLUMED's Value::difference does.
 */
export class ValueStore {
  readonly names: string[] = [];
  private readonly starts: number[] = [];
  private readonly counts: number[] = [];
  private readonly atoms: number[] = [];
  private readonly pmin: number[] = [];
  private readonly pmax: number[] = [];
  private readonly hasDerivs: boolean[] = [];

  value = new Float64Array(0);
  /** dBias/dvalue summed over the biases acting on the value (PLUMED energy per value unit). */
  biasDeriv = new Float64Array(0);
  slotStart = new Int32Array(0);
  slotCount = new Int32Array(0);
  slotAtom = new Int32Array(0);
  grad = new Float64Array(0);
  virial = new Float64Array(0);
  periodic = new Uint8Array(0);
  min = new Float64Array(0);
  max = new Float64Array(0);

  /** Register a value; `atoms` gives its slots' atoms (engine atom indices), null for a value with no derivatives. */
  add(name: string, atoms: ArrayLike<number> | null, period?: [number, number]): number {
    if (this.names.includes(name)) throw new Error(`value ${name} is defined twice`);
    const k = this.names.length;
    this.names.push(name);
    this.starts.push(this.atoms.length);
    this.counts.push(atoms ? atoms.length : 0);
    this.hasDerivs.push(atoms !== null);
    if (atoms) for (let i = 0; i < atoms.length; i++) this.atoms.push(atoms[i]);
    this.pmin.push(period ? period[0] : 0);
    this.pmax.push(period ? period[1] : 0);
    return k;
  }

  find(name: string): number {
    return this.names.indexOf(name);
  }

  /** Atoms of value k's slots, in slot order (during setup). */
  atomsOf(k: number): number[] {
    return this.atoms.slice(this.starts[k], this.starts[k] + this.counts[k]);
  }

  /** Periodic domain [min, max) of value k (usable during setup, before finalize). */
  domain(k: number): [number, number] {
    return [this.pmin[k], this.pmax[k]];
  }

  differentiable(k: number): boolean {
    return this.hasDerivs[k];
  }

  isPeriodic(k: number): boolean {
    return this.pmax[k] > this.pmin[k];
  }

  /** Freeze the registrations into flat arrays (once, after every action is built). */
  finalize(): void {
    const n = this.names.length;
    this.value = new Float64Array(n);
    this.biasDeriv = new Float64Array(n);
    this.slotStart = Int32Array.from(this.starts);
    this.slotCount = Int32Array.from(this.counts);
    this.slotAtom = Int32Array.from(this.atoms);
    this.grad = new Float64Array(3 * this.atoms.length);
    this.virial = new Float64Array(9 * n);
    this.periodic = Uint8Array.from(this.names.map((_, k) => (this.isPeriodic(k) ? 1 : 0)));
    this.min = Float64Array.from(this.pmin);
    this.max = Float64Array.from(this.pmax);
  }

  /** b - a for value k: the shortest periodic image for periodic values (PLUMED Value::difference). */
  difference(k: number, a: number, b: number): number {
    const d = b - a;
    if (!this.periodic[k]) return d;
    const p = this.max[k] - this.min[k];
    return d - p * Math.round(d / p);
  }

  /** x brought into [min, max) for periodic values (PLUMED Value::bringBackInPbc). */
  wrap(k: number, x: number): number {
    if (!this.periodic[k]) return x;
    const lo = this.min[k];
    const p = this.max[k] - lo;
    return x - p * Math.floor((x - lo) / p);
  }
}
