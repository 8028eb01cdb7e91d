/**
 * The special functions of compute orientorder/atom, as LAMMPS (29 Sep 2021) evaluates them:
 * spherical-harmonic polar prefactors from the associated Legendre recurrence, and the
 * Clebsch-Gordan coefficients <l a l b | l a+b> of W_l over LAMMPS's factorial table. Evaluated in
 * LAMMPS's operation order so the order parameters agree with LAMMPS's to the last bits. (Later
 * LAMMPS versions use Wigner 3j symbols and divide W_l by another sqrt(2l+1); 29 Sep 2021 does not.)
 */

/** 4π as LAMMPS's MY_4PI (the double nearest 4π; 4·Math.PI is exactly that double). */
const FOUR_PI = 4 * Math.PI;

/**
 * n! as the double nearest the exact integer (LAMMPS MathSpecial::factorial reads a table of
 * decimal literals, which the compiler rounds to nearest; BigInt → Number rounds to nearest too).
 */
const FACTORIALS: number[] = (() => {
  const out: number[] = [];
  let f = 1n;
  for (let n = 0; n <= 170; n++) {
    if (n > 0) f *= BigInt(n);
    out.push(Number(f));
  }
  return out;
})();

export function factorial(n: number): number {
  if (n < 0 || n > 170) throw new Error(`factorial(${n}) out of range`);
  return FACTORIALS[n];
}

/**
 * Associated Legendre polynomial P_l^m(x), 0 <= m, with the Condon-Shortley sign:
 * P_m^m = (2m−1)!! (−sqrt(1−x²))^m, then (i−m) P_i^m = (2i−1) x P_{i−1}^m − (i+m−1) P_{i−2}^m.
 */
export function associatedLegendre(l: number, m: number, x: number): number {
  if (l < m) return 0.0;
  let p = 1.0,
    pm1 = 0.0,
    pm2 = 0.0;
  if (m !== 0) {
    const msqx = -Math.sqrt(1.0 - x * x);
    for (let i = 1; i < m + 1; ++i) p *= (2 * i - 1) * msqx;
  }
  for (let i = m + 1; i < l + 1; ++i) {
    pm2 = pm1;
    pm1 = p;
    p = ((2 * i - 1) * x * pm1 - (i + m - 1) * pm2) / (i - m);
  }
  return p;
}

/**
 * The polar part of Y_l^m: Y_l^m(θ, φ) = polarPrefactor(l, m, cos θ) e^{imφ}, i.e.
 * sqrt((2l+1)/(4π) (l−|m|)!/(l+|m|)!) P_l^{|m|}(cos θ), negated for odd negative m.
 */
export function polarPrefactor(l: number, m: number, costheta: number): number {
  const mabs = Math.abs(m);
  let prefactor = 1.0;
  for (let i = l - mabs + 1; i < l + mabs + 1; ++i) prefactor *= i;
  prefactor = Math.sqrt((2 * l + 1) / (FOUR_PI * prefactor)) * associatedLegendre(l, mabs, costheta);
  if (m < 0 && m % 2 !== 0) prefactor = -prefactor;
  return prefactor;
}

/**
 * LAMMPS 29 Sep 2021's Clebsch-Gordan table for W_l (init_clebsch_gordan, the quasi-binomial
 * formula VMK 8.2.1(3) with j1 = j2 = j = l): for each degree l, for m1 = 0..2l and
 * m2 = max(0, l−m1) .. min(2l, 3l−m1) (indices of m = −l..l), the coefficient
 * <l a l b | l a+b> with a = m1 − l, b = m2 − l, in LAMMPS's loop order and operation order.
 */
export function clebschGordanTable(ls: readonly number[]): Float64Array {
  const out: number[] = [];
  for (const l of ls) {
    for (let m1 = 0; m1 < 2 * l + 1; m1++) {
      const aa2 = m1 - l;
      for (let m2 = Math.max(0, l - m1); m2 < Math.min(2 * l + 1, 3 * l - m1 + 1); m2++) {
        const bb2 = m2 - l;
        const m = aa2 + bb2 + l;
        let sum = 0.0;
        for (let z = Math.max(0, Math.max(-aa2, bb2)); z <= Math.min(l, Math.min(l - aa2, l + bb2)); z++) {
          const ifac = z % 2 ? -1 : 1;
          sum +=
            ifac /
            (factorial(z) *
              factorial(l - z) *
              factorial(l - aa2 - z) *
              factorial(l + bb2 - z) *
              factorial(aa2 + z) *
              factorial(-bb2 + z));
        }
        const cc2 = m - l;
        const sfaccg = Math.sqrt(
          factorial(l + aa2) *
            factorial(l - aa2) *
            factorial(l + bb2) *
            factorial(l - bb2) *
            factorial(l + cc2) *
            factorial(l - cc2) *
            (2 * l + 1),
        );
        const sfac1 = factorial(3 * l + 1);
        const sfac2 = factorial(l);
        const dcg = Math.sqrt((sfac2 * sfac2 * sfac2) / sfac1);
        out.push(sum * dcg * sfaccg);
      }
    }
  }
  return Float64Array.from(out);
}
