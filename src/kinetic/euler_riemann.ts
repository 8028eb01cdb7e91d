/**
 * Exact solution of the Riemann problem of the 1-D Euler equations for an ideal gas (Toro, "Riemann Solvers
 * and Numerical Methods for Fluid Dynamics", ch. 4): the star pressure p* solves
 *   f_L(p*) + f_R(p*) + u_R − u_L = 0,
 *   f_K(p) = (p − p_K) √(A_K / (p + B_K))                          (shock, p > p_K),
 *            (2 c_K/(γ−1)) ((p/p_K)^((γ−1)/2γ) − 1)                 (rarefaction, p ≤ p_K),
 * with A_K = 2/((γ+1)ρ_K), B_K = (γ−1)/(γ+1) p_K, by Newton's method from the two-rarefaction guess; then the
 * self-similar solution is sampled at ξ = (x − x₀)/t. The BGK model with 1-D velocities has γ = 3.
 */
export interface EulerState {
  rho: number;
  u: number;
  p: number;
}

export class ExactRiemann {
  readonly pStar: number;
  readonly uStar: number;

  constructor(
    readonly left: EulerState,
    readonly right: EulerState,
    readonly gamma: number,
  ) {
    for (const [s, side] of [
      [left, 'left'],
      [right, 'right'],
    ] as const)
      if (!(s.rho > 0 && s.p > 0)) throw new Error(`exact Riemann: ${side} state needs rho > 0 and p > 0`);
    const cL = this.sound(left),
      cR = this.sound(right);
    const g = gamma;
    if ((2 / (g - 1)) * (cL + cR) <= right.u - left.u)
      throw new Error('exact Riemann: the data generate a vacuum (pressure positivity condition fails)');
    // two-rarefaction initial guess
    const z = (g - 1) / (2 * g);
    let p = Math.pow(
      (cL + cR - 0.5 * (g - 1) * (right.u - left.u)) / (cL / Math.pow(left.p, z) + cR / Math.pow(right.p, z)),
      1 / z,
    );
    p = Math.max(p, 1e-12);
    for (let it = 0; it < 100; it++) {
      const [fl, dl] = this.pressureFunction(p, left);
      const [fr, dr] = this.pressureFunction(p, right);
      const step = (fl + fr + right.u - left.u) / (dl + dr);
      let pn = p - step;
      if (pn <= 0) pn = 0.1 * p;
      const change = (2 * Math.abs(pn - p)) / (pn + p);
      p = pn;
      if (change < 1e-15) break;
    }
    this.pStar = p;
    const [fl] = this.pressureFunction(p, left);
    const [fr] = this.pressureFunction(p, right);
    this.uStar = 0.5 * (left.u + right.u) + 0.5 * (fr - fl);
  }

  private sound(s: EulerState): number {
    return Math.sqrt((this.gamma * s.p) / s.rho);
  }

  /** f_K(p) and f_K'(p). */
  private pressureFunction(p: number, s: EulerState): [number, number] {
    const g = this.gamma;
    const c = this.sound(s);
    if (p > s.p) {
      const A = 2 / ((g + 1) * s.rho),
        B = ((g - 1) / (g + 1)) * s.p;
      const q = Math.sqrt(A / (p + B));
      return [(p - s.p) * q, q * (1 - (p - s.p) / (2 * (B + p)))];
    }
    const r = p / s.p;
    return [
      ((2 * c) / (g - 1)) * (Math.pow(r, (g - 1) / (2 * g)) - 1),
      (1 / (s.rho * c)) * Math.pow(r, -(g + 1) / (2 * g)),
    ];
  }

  /** The state at similarity coordinate ξ = (x − x₀)/t. */
  sample(xi: number): EulerState {
    const g = this.gamma,
      pS = this.pStar,
      uS = this.uStar;
    const L = this.left,
      R = this.right;
    if (xi <= uS) {
      const c = this.sound(L);
      if (pS > L.p) {
        // left shock
        const ratio = pS / L.p;
        const sL = L.u - c * Math.sqrt(((g + 1) / (2 * g)) * ratio + (g - 1) / (2 * g));
        if (xi <= sL) return { ...L };
        const rho = L.rho * ((ratio + (g - 1) / (g + 1)) / (((g - 1) / (g + 1)) * ratio + 1));
        return { rho, u: uS, p: pS };
      }
      // left rarefaction
      const cS = c * Math.pow(pS / L.p, (g - 1) / (2 * g));
      if (xi <= L.u - c) return { ...L };
      if (xi >= uS - cS) return { rho: L.rho * Math.pow(pS / L.p, 1 / g), u: uS, p: pS };
      const a = 2 / (g + 1) + ((g - 1) / ((g + 1) * c)) * (L.u - xi);
      return {
        rho: L.rho * Math.pow(a, 2 / (g - 1)),
        u: (2 / (g + 1)) * (c + ((g - 1) / 2) * L.u + xi),
        p: L.p * Math.pow(a, (2 * g) / (g - 1)),
      };
    }
    const c = this.sound(R);
    if (pS > R.p) {
      const ratio = pS / R.p;
      const sR = R.u + c * Math.sqrt(((g + 1) / (2 * g)) * ratio + (g - 1) / (2 * g));
      if (xi >= sR) return { ...R };
      const rho = R.rho * ((ratio + (g - 1) / (g + 1)) / (((g - 1) / (g + 1)) * ratio + 1));
      return { rho, u: uS, p: pS };
    }
    const cS = c * Math.pow(pS / R.p, (g - 1) / (2 * g));
    if (xi >= R.u + c) return { ...R };
    if (xi <= uS + cS) return { rho: R.rho * Math.pow(pS / R.p, 1 / g), u: uS, p: pS };
    const a = 2 / (g + 1) - ((g - 1) / ((g + 1) * c)) * (R.u - xi);
    return {
      rho: R.rho * Math.pow(a, 2 / (g - 1)),
      u: (2 / (g + 1)) * (-c + ((g - 1) / 2) * R.u + xi),
      p: R.p * Math.pow(a, (2 * g) / (g - 1)),
    };
  }
}
