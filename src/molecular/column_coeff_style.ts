import { num } from '../parse.js';
import { BondedBase, expectCount } from './bonded_style.js';

/**
 * A bonded style whose coeff line is a fixed list of numbers (`bond_coeff T K r0`, `angle_coeff T K
 * theta0 K_ub r_ub`, ...): read once here, named as LAMMPS names them in errors, and bound at init into
 * one flat per-type array per coefficient (`col[c][t]`), which the style's compute loop reads.
 * A style that stores a coefficient converted (degrees to radians) says so in `stored`, with the
 * operation order of its LAMMPS source, because the products round differently.
 */
export abstract class ColumnCoeffStyle extends BondedBase<number[]> {
  /** The coefficients in coeff-line order, as LAMMPS names them. */
  protected abstract readonly coeffNames: readonly string[];
  /** col[c][t]: coefficient c of type t as compute uses it (after `stored`). */
  protected col: Float64Array<ArrayBuffer>[] = [];

  /** The value compute uses for coefficient `index` given on the coeff line as `value`. */
  protected stored(_index: number, value: number): number {
    return value;
  }

  protected parse(v: string[]): number[] {
    expectCount(v, this.coeffNames.length, this.coeffNames.join(' '));
    return v.map((s, c) => num(s, this.coeffNames[c]));
  }

  protected bind(ntypes: number): void {
    this.col = this.coeffNames.map((_, c) => {
      const a = new Float64Array(ntypes + 1);
      for (let t = 1; t <= ntypes; t++) a[t] = this.stored(c, this.coeffOf(t)[c]);
      return a;
    });
  }

  /** The coeff line's values as given (write_data, write_restart). */
  writeCoeff(t: number): string {
    return this.coeffOf(t).join(' ');
  }
}
