/**
 * All complex roots of the monic polynomial z^n + c[n−1] z^(n−1) + ... + c[0] by the Durand–Kerner (Weierstrass)
 * iteration z_k ← z_k − p(z_k)/Π_{j≠k}(z_k − z_j), started on a circle of Cauchy's root bound. Quadratic
 * convergence for simple roots, linear for multiple ones; n is small here (the order of a moment system).
 * re, im: length n outputs.
 */
export function polynomialRoots(c: ArrayLike<number>, n: number, re: Float64Array, im: Float64Array): void {
  let bound = 0;
  for (let j = 0; j < n; j++) bound = Math.max(bound, Math.abs(c[j]));
  const R = 1 + bound;
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * k) / n + 0.4;
    re[k] = R * Math.cos(a);
    im[k] = R * Math.sin(a);
  }
  for (let it = 0; it < 500; it++) {
    let change = 0;
    for (let k = 0; k < n; k++) {
      // p(z) by Horner
      let pr = 1,
        pi = 0;
      const zr = re[k],
        zi = im[k];
      for (let j = n - 1; j >= 0; j--) {
        const t = pr * zr - pi * zi + c[j];
        pi = pr * zi + pi * zr;
        pr = t;
      }
      let dr = 1,
        di = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const ar = zr - re[j],
          ai = zi - im[j];
        const t = dr * ar - di * ai;
        di = dr * ai + di * ar;
        dr = t;
      }
      const den = dr * dr + di * di;
      if (den === 0) {
        re[k] += 1e-8 * R;
        continue;
      }
      const qr = (pr * dr + pi * di) / den,
        qi = (pi * dr - pr * di) / den;
      re[k] = zr - qr;
      im[k] = zi - qi;
      change = Math.max(change, Math.hypot(qr, qi));
    }
    if (change < 1e-14 * R) return;
  }
}
