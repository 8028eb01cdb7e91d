/**
 * Marsaglia's RANMAR generator exactly as LAMMPS's RanMars (src/random_mars.cpp; F. James, Comp.
 * Phys. Comm. 60, 329 (1990)): the same seed gives the same stream of doubles as LAMMPS, bit for bit.
 * LAMMPS fixes seed it with `seed + comm->me`; a serial run has me = 0.
 *
 * All integer arithmetic below stays far inside 2^31, so JavaScript numbers reproduce C's `int`
 * results; the floating-point operations are the same IEEE double operations in the same order.
 */
export class RanMars {
  private readonly u = new Float64Array(98);
  private i97 = 97;
  private j97 = 33;
  private c: number;
  private readonly cd: number;
  private readonly cm: number;
  /** Second Gaussian of the last Box-Muller pair, returned by the next gaussian() call. */
  private save = false;
  private second = 0;

  /** seed: 1..900000000 (LAMMPS's limits). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed <= 0 || seed > 900000000) {
      throw new Error(`Invalid seed ${seed} for the Marsaglia random # generator (must be 1..900000000)`);
    }
    const ij = Math.trunc((seed - 1) / 30082);
    const kl = seed - 1 - 30082 * ij;
    let i = (Math.trunc(ij / 177) % 177) + 2;
    let j = (ij % 177) + 2;
    let k = (Math.trunc(kl / 169) % 178) + 1;
    let l = kl % 169;
    for (let ii = 1; ii <= 97; ii++) {
      let s = 0.0;
      let t = 0.5;
      for (let jj = 1; jj <= 24; jj++) {
        const m = (((i * j) % 179) * k) % 179;
        i = j;
        j = k;
        k = m;
        l = (53 * l + 1) % 169;
        if ((l * m) % 64 >= 32) s = s + t;
        t = 0.5 * t;
      }
      this.u[ii] = s;
    }
    this.c = 362436.0 / 16777216.0;
    this.cd = 7654321.0 / 16777216.0;
    this.cm = 16777213.0 / 16777216.0;
    this.uniform();
  }

  /** Uniform deviate in [0, 1). */
  uniform(): number {
    const u = this.u;
    let uni = u[this.i97] - u[this.j97];
    if (uni < 0.0) uni += 1.0;
    u[this.i97] = uni;
    if (--this.i97 === 0) this.i97 = 97;
    if (--this.j97 === 0) this.j97 = 97;
    this.c -= this.cd;
    if (this.c < 0.0) this.c += this.cm;
    uni -= this.c;
    if (uni < 0.0) uni += 1.0;
    return uni;
  }

  /** Standard normal deviate (polar Box-Muller, pairs cached as LAMMPS does). */
  gaussian(): number {
    if (this.save) {
      this.save = false;
      return this.second;
    }
    let v1: number, v2: number, rsq: number;
    do {
      v1 = 2.0 * this.uniform() - 1.0;
      v2 = 2.0 * this.uniform() - 1.0;
      rsq = v1 * v1 + v2 * v2;
    } while (rsq >= 1.0 || rsq === 0.0);
    const fac = Math.sqrt((-2.0 * Math.log(rsq)) / rsq);
    this.second = v1 * fac;
    this.save = true;
    return v2 * fac;
  }
}
