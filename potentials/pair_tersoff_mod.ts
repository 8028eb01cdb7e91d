import { PairTersoff } from './pair_tersoff.js';
import {
  BETA,
  BIGA,
  BIGB,
  BIGD,
  BIGR,
  C0,
  C1,
  C4,
  H,
  LAM1,
  LAM2,
  LAM3,
  MC1,
  MC2,
  MC3,
  MC4,
  MC5,
  MOD,
  POWERM,
  POWERN,
  POWERN_DEL,
} from './tersoff_functions.js';

/**
 * pair_style tersoff/mod [shift δ] (LAMMPS PairTersoffMOD, 29 Sep 2021; Kumagai, Izumi, Hara and
 * Sakai, Comput. Mater. Sci. 39, 457 (2007)): tersoff's energy with
 *   b_ij = (1 + (β ζ_ij)^η)^{-1/(2δ)},  ζ_ij = Σ_k fc(r_ik) g(θ_ijk) exp(α^m (r_ij - r_ik)^m)
 *   g(θ) = c1 + c2 (h - cos θ)² / (c3 + (h - cos θ)²) (1 + c4 exp(-c5 (h - cos θ)²))
 *   fc = ½ (1 - 9/8 sin(π/2 (r-R)/D) - 1/8 sin(3π/2 (r-R)/D)) on R-D < r < R+D
 * File entries of 3 element names + 17 values: m α h η β λ2 B R D λ1 A δ c1 c2 c3 c4 c5.
 * The force loops are tersoff's (potentials/pair_tersoff.ts); the forms are chosen per parameter
 * set (potentials/tersoff_functions.ts).
 */
export class PairTersoffMod extends PairTersoff {
  override readonly style: string = 'tersoff/mod';
  protected override readonly nwords: number = 20;

  protected override checkEntry(v: number[], path: string, line: number): void {
    const [powerm, , , powern, beta, lam2, bigb, bigr, bigd, lam1, biga] = v;
    // LAMMPS PairTersoffMOD::read_file's checks.
    if (
      powern < 0 ||
      beta < 0 ||
      lam2 < 0 ||
      bigb < 0 ||
      bigr < 0 ||
      bigd < 0 ||
      bigd > bigr ||
      lam1 < 0 ||
      biga < 0 ||
      powerm - Math.trunc(powerm) !== 0 ||
      (powerm !== 3 && powerm !== 1)
    )
      throw new Error(`Illegal Tersoff parameter in ${path}:${line}`);
  }

  protected override fillParams(v: number[], p: Float64Array, o: number): void {
    const fields = [
      POWERM,
      LAM3,
      H,
      POWERN,
      BETA,
      LAM2,
      BIGB,
      BIGR,
      BIGD,
      LAM1,
      BIGA,
      POWERN_DEL,
      MC1,
      MC2,
      MC3,
      MC4,
      MC5,
    ];
    fields.forEach((field, q) => {
      p[o + field] = v[q];
    });
    p[o + MOD] = 1;
    p[o + C0] = v.length > fields.length ? v[fields.length] : 0;
    // setup_params: ca1 = (2 δ 1e-16)^{-1/η} (above it b_ij = (βζ)^{-η/2δ} to roundoff), ca4 = 1/ca1.
    p[o + C1] = Math.pow(2.0 * p[o + POWERN_DEL] * 1.0e-16, -1.0 / p[o + POWERN]);
    p[o + C4] = 1.0 / p[o + C1];
  }
}

/**
 * pair_style tersoff/mod/c [shift δ] (LAMMPS PairTersoffMODC, 29 Sep 2021): tersoff/mod with a
 * constant c0 added to the repulsive term, fR = A e^{-λ1 r} + c0 (times fc). Entries of 3 element
 * names + 18 values (tersoff/mod's then c0).
 */
export class PairTersoffModC extends PairTersoffMod {
  override readonly style: string = 'tersoff/mod/c';
  protected override readonly nwords: number = 21;
}
