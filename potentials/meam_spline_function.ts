/**
 * One cubic spline of a meam/spline potential file (LAMMPS PairMEAMSpline::SplineFunction,
 * 29 Sep 2021, built with SPLINE_MEAM_SUPPORT_NON_GRID_SPLINES 0): knots on a uniform grid,
 * clamped end derivatives d0 and dN, the natural-spline recursion for the second derivatives, linear
 * extrapolation outside [x_0, x_{N−1}]. The second derivatives are stored pre-divided by 6h and the
 * evaluation is LAMMPS's grid form (interval index trunc(x/h), a = x_{k+1} − x, b = h − a):
 *   y = y_{k+1} − a Δ_k + ((a² − h²) a y2_k + (b² − h²) b y2_{k+1}),   Δ_k = (y_{k+1} − y_k)/h
 *   y' = Δ_k + ((3b² − h²) y2_{k+1} − (3a² − h²) y2_k)
 */
export class MeamSplineFunction {
  private readonly n: number;
  private readonly xs: Float64Array;
  private readonly y: Float64Array;
  private readonly y2: Float64Array;
  private readonly ydelta: Float64Array;
  private readonly xmin: number;
  private readonly xmaxShifted: number;
  private readonly h: number;
  private readonly hsq: number;
  private readonly invH: number;
  /** The last knot: this function's cutoff radius. */
  readonly cutoff: number;

  /** Knots x, y (y sorted by x on a uniform grid) and the end derivatives; throws on a non-uniform grid. */
  constructor(
    x: Float64Array,
    y: Float64Array,
    private readonly deriv0: number,
    private readonly derivN: number,
  ) {
    const n = x.length;
    this.n = n;
    this.y = y;
    const xmin = x[0],
      xmax = x[n - 1];
    this.xmin = xmin;
    this.cutoff = xmax;
    const h = (xmax - xmin) / (n - 1);
    this.h = h;
    this.hsq = h * h;
    // prepareSpline: tridiagonal recursion for the second derivatives, clamped ends.
    const y2 = new Float64Array(n);
    const u = new Float64Array(n);
    y2[0] = -0.5;
    u[0] = (3.0 / (x[1] - x[0])) * ((y[1] - y[0]) / (x[1] - x[0]) - deriv0);
    let grid = true;
    for (let i = 1; i <= n - 2; i++) {
      const sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
      const p = sig * y2[i - 1] + 2.0;
      y2[i] = (sig - 1.0) / p;
      u[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
      u[i] = ((6.0 * u[i]) / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
      if (Math.abs(h * i + xmin - x[i]) > 1e-8) grid = false;
    }
    const qn = 0.5;
    const un = (3.0 / (x[n - 1] - x[n - 2])) * (derivN - (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]));
    y2[n - 1] = (un - qn * u[n - 2]) / (qn * y2[n - 2] + 1.0);
    for (let k = n - 2; k >= 0; k--) y2[k] = y2[k] * y2[k + 1] + u[k];
    if (!grid)
      throw new Error(
        'Support for MEAM potentials with non-uniform cubic splines has not been enabled in the MEAM potential code ' +
          '(LAMMPS 29 Sep 2021 is built without it; every knot must lie on a uniform grid)',
      );
    this.xs = new Float64Array(n);
    this.ydelta = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.xs[i] = x[i] - xmin;
      if (i < n - 1) this.ydelta[i] = (y[i + 1] - y[i]) / h;
      y2[i] /= h * 6.0;
    }
    this.y2 = y2;
    this.invH = 1 / h;
    this.xmaxShifted = xmax - xmin;
  }

  /** The spline's value at x. */
  eval(x: number): number {
    x -= this.xmin;
    if (x <= 0.0) return this.y[0] + this.deriv0 * x;
    if (x >= this.xmaxShifted) return this.y[this.n - 1] + this.derivN * (x - this.xmaxShifted);
    const klo = Math.trunc(x * this.invH);
    const khi = klo + 1;
    const a = this.xs[khi] - x;
    const b = this.h - a;
    const hsq = this.hsq;
    return this.y[khi] - a * this.ydelta[klo] + ((a * a - hsq) * a * this.y2[klo] + (b * b - hsq) * b * this.y2[khi]);
  }

  /** The derivative found by the last evalDeriv. */
  deriv = 0;

  /** The spline's value at x; its derivative goes to this.deriv (LAMMPS eval(x, deriv)). */
  evalDeriv(x: number): number {
    x -= this.xmin;
    if (x <= 0.0) {
      this.deriv = this.deriv0;
      return this.y[0] + this.deriv0 * x;
    }
    if (x >= this.xmaxShifted) {
      this.deriv = this.derivN;
      return this.y[this.n - 1] + this.derivN * (x - this.xmaxShifted);
    }
    const klo = Math.trunc(x * this.invH);
    const khi = klo + 1;
    const a = this.xs[khi] - x;
    const b = this.h - a;
    const hsq = this.hsq;
    this.deriv = this.ydelta[klo] + ((3.0 * b * b - hsq) * this.y2[khi] - (3.0 * a * a - hsq) * this.y2[klo]);
    return this.y[khi] - a * this.ydelta[klo] + ((a * a - hsq) * a * this.y2[klo] + (b * b - hsq) * b * this.y2[khi]);
  }
}
