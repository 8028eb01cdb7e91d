import { ColumnCoeffStyle } from './column_coeff_style.js';

/**
 * The coefficients of a harmonic style in an angle, E = K (angle - angle0)², read once for
 * angle_style harmonic (theta0) and improper_style harmonic (chi): `K angle0` per type, bound into
 * flat arrays `k[t]` and `angle0[t]` (radians) for compute. Each style converts degrees as its
 * LAMMPS source does (the products round differently: theta0/180·π vs π/180·chi), so the
 * conversion stays with the style.
 */
export abstract class KAngleStyle extends ColumnCoeffStyle {
  /** The name of angle0 in error messages (LAMMPS's: theta0, chi). */
  protected abstract readonly angleName: string;
  protected k = new Float64Array(0);
  /** angle0 in radians per type. */
  protected angle0 = new Float64Array(0);

  protected get coeffNames(): readonly string[] {
    return ['K', this.angleName];
  }

  /** angle0 in radians from the degrees of the coeff line, as the style's LAMMPS source computes it. */
  protected abstract toRadians(degrees: number): number;

  protected override stored(c: number, value: number): number {
    return c === 1 ? this.toRadians(value) : value;
  }

  protected override bind(ntypes: number): void {
    super.bind(ntypes);
    [this.k, this.angle0] = this.col;
  }
}
