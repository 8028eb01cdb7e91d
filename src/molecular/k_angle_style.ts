import { num } from '../parse.js';
import { BondedBase, expectCount } from './bonded_style.js';

/** One coeff line `T K angle0`: K in energy/rad², angle0 as given (degrees). */
export interface KAngleCoeff {
  k: number;
  angle0: number;
}

/**
 * The coefficients of a harmonic style in an angle, E = K (angle - angle0)², read once for
 * angle_style harmonic (theta0) and improper_style harmonic (chi): `K angle0` per type, bound into
 * flat arrays `k[t]` and `angle0[t]` (radians) for compute. Each style converts degrees as its
 * LAMMPS source does (the products round differently: theta0/180·π vs π/180·chi), so the
 * conversion stays with the style.
 */
export abstract class KAngleStyle extends BondedBase<KAngleCoeff> {
  /** The name of angle0 in error messages (LAMMPS's: theta0, chi). */
  protected abstract readonly angleName: string;
  protected k = new Float64Array(0);
  /** angle0 in radians per type. */
  protected angle0 = new Float64Array(0);

  /** angle0 in radians from the degrees of the coeff line, as the style's LAMMPS source computes it. */
  protected abstract toRadians(degrees: number): number;

  protected parse(v: string[]): KAngleCoeff {
    expectCount(v, 2, `K ${this.angleName}`);
    return { k: num(v[0], 'K'), angle0: num(v[1], this.angleName) };
  }

  protected bind(ntypes: number): void {
    this.k = new Float64Array(ntypes + 1);
    this.angle0 = new Float64Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) {
      this.k[t] = this.coeffOf(t).k;
      this.angle0[t] = this.toRadians(this.coeffOf(t).angle0);
    }
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.k} ${c.angle0}`;
  }
}
