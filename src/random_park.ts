/**
 * LAMMPS's RanPark: the Park-Miller minimal standard generator with LAMMPS's gaussian() and its
 * coordinate-hash reset(), reproduced bit for bit so that `velocity ... loop geom` and friends give
 * LAMMPS's velocities for the same seed.
 */
const IA = 16807;
const IM = 2147483647;
const AM = 1 / IM;
const IQ = 127773;
const IR = 2836;

export class RanPark {
  private seed: number;
  private save = false;
  private second = 0;

  constructor(seed: number) {
    if (!(Number.isInteger(seed) && seed > 0)) throw new Error(`Invalid seed ${seed} for Park random # generator`);
    this.seed = seed;
  }

  uniform(): number {
    const k = Math.floor(this.seed / IQ);
    let s = IA * (this.seed - k * IQ) - IR * k;
    if (s < 0) s += IM;
    this.seed = s;
    return AM * s;
  }

  gaussian(): number {
    if (!this.save) {
      let v1 = 0,
        v2 = 0,
        rsq = 0;
      do {
        v1 = 2 * this.uniform() - 1;
        v2 = 2 * this.uniform() - 1;
        rsq = v1 * v1 + v2 * v2;
      } while (!(rsq < 1 && rsq !== 0));
      const fac = Math.sqrt((-2 * Math.log(rsq)) / rsq);
      this.second = v1 * fac;
      this.save = true;
      return v2 * fac;
    }
    this.save = false;
    return this.second;
  }

  /**
   * Reseed from a base seed and a position: Jenkins one-at-a-time hash over the bytes of the int
   * seed and the three doubles, each byte taken as a signed char as in LAMMPS's x86 build.
   */
  resetFromCoord(seed: number, x: ArrayLike<number>, o: number): void {
    const buf = new DataView(new ArrayBuffer(28));
    buf.setInt32(0, seed, true);
    buf.setFloat64(4, x[o], true);
    buf.setFloat64(12, x[o + 1], true);
    buf.setFloat64(20, x[o + 2], true);
    let hash = 0;
    for (let i = 0; i < 28; i++) {
      hash = (hash + buf.getInt8(i)) >>> 0;
      hash = (hash + (hash << 10)) >>> 0;
      hash = (hash ^ (hash >>> 6)) >>> 0;
    }
    hash = (hash + (hash << 3)) >>> 0;
    hash = (hash ^ (hash >>> 11)) >>> 0;
    hash = (hash + (hash << 15)) >>> 0;
    // LAMMPS keeps 27 bits (mask 0x7ffffff) and never 0.
    this.seed = hash & 0x7ffffff;
    if (!this.seed) this.seed = 1;
    for (let i = 0; i < 5; i++) this.uniform();
    this.save = false;
  }
}
