/**
 * Metadynamics bias on a grid (PLUMED Grid with spline, as MetaD uses it), and the Gaussian hill
 * both the grid and the direct sum evaluate.
 *
 * Hill (MetaD::evaluateGaussian, diagonal): with u_i = (s_i - c_i)/σ_i (periodic difference),
 * dp2 = ½ Σ u_i²; V = h exp(-dp2) for dp2 < DP2CUTOFF = 6.25 and 0 beyond (PLUMED's truncation);
 * ∂V/∂s_i = -V u_i / σ_i.
 *
 * Grid: GRID_BIN bins per dimension between GRID_MIN and GRID_MAX, dx = (max - min)/bin; points
 * at min + i dx, bin + 1 of them for a non-periodic dimension, bin for a periodic one. Each point
 * stores V and ∇V (summed exactly from the hills within the cutoff window). Between points the
 * bias is PLUMED's interpolation (Grid::getValueAndDerivatives): over the 2^D corners of the cell,
 *   V(x) = Σ_corner V_c Π_j C_j,  C_j = h00(X) ± (∂_j V_c / V_c) h10(X) dx_j
 * with X the distance to the corner in cells, h00 = 1 - 3X² + 2X³, h10 = X - 2X² + X³ (the sign
 * is + for the lower corner, - for the upper; PLUMED sets the ratio to 0 where |V_c| < 1e-7); in
 * one dimension this is the cubic Hermite spline.
 * With NOSPLINE the value is that of the lower-left grid point.
 */
export const DP2CUTOFF = 6.25;

export interface PeriodicInfo {
  periodic: ArrayLike<number>;
  /** Period of each dimension (0 when not periodic). */
  period: ArrayLike<number>;
}

function pdiff(d: number, period: number): number {
  return period > 0 ? d - period * Math.round(d / period) : d;
}

/** V of a hill at s; adds ∂V/∂s to der when given. */
export function hillValue(
  s: ArrayLike<number>,
  center: ArrayLike<number>,
  sigma: ArrayLike<number>,
  height: number,
  p: PeriodicInfo,
  der: Float64Array | null,
  work: Float64Array,
): number {
  const n = center.length;
  let dp2 = 0;
  for (let i = 0; i < n; i++) {
    const u = pdiff(s[i] - center[i], p.period[i]) / sigma[i];
    work[i] = u;
    dp2 += u * u;
  }
  dp2 *= 0.5;
  if (dp2 >= DP2CUTOFF) return 0;
  const v = height * Math.exp(-dp2);
  if (der) for (let i = 0; i < n; i++) der[i] -= (v * work[i]) / sigma[i];
  return v;
}

export class BiasGrid {
  readonly dim: number;
  readonly dx: Float64Array;
  readonly npoints: Int32Array;
  readonly stride: Int32Array;
  readonly value: Float64Array;
  readonly deriv: Float64Array;
  private readonly idx: Int32Array;
  private readonly lo: Int32Array;
  private readonly cnt: Int32Array;
  private readonly odo: Int32Array;
  private readonly point: Float64Array;
  private readonly pder: Float64Array;
  private readonly work: Float64Array;
  private readonly C: Float64Array;
  private readonly D: Float64Array;
  private readonly xw: Float64Array;

  constructor(
    readonly min: Float64Array,
    readonly max: Float64Array,
    bins: Int32Array,
    readonly p: PeriodicInfo,
    readonly spline: boolean,
  ) {
    const n = min.length;
    this.dim = n;
    this.dx = new Float64Array(n);
    this.npoints = new Int32Array(n);
    this.stride = new Int32Array(n);
    let total = 1;
    for (let i = 0; i < n; i++) {
      this.dx[i] = (max[i] - min[i]) / bins[i];
      this.npoints[i] = p.periodic[i] ? bins[i] : bins[i] + 1;
      this.stride[i] = total;
      total *= this.npoints[i];
    }
    this.value = new Float64Array(total);
    this.deriv = new Float64Array(total * n);
    this.idx = new Int32Array(n);
    this.lo = new Int32Array(n);
    this.cnt = new Int32Array(n);
    this.odo = new Int32Array(n);
    this.point = new Float64Array(n);
    this.pder = new Float64Array(n);
    this.work = new Float64Array(n);
    this.C = new Float64Array(n);
    this.D = new Float64Array(n);
    this.xw = new Float64Array(n);
  }

  /** Grid indices of the cell holding x (x wrapped for periodic dimensions); false when outside. */
  private locate(x: ArrayLike<number>): boolean {
    for (let i = 0; i < this.dim; i++) {
      let xi = x[i];
      if (this.p.periodic[i]) {
        const per = this.max[i] - this.min[i];
        xi -= per * Math.floor((xi - this.min[i]) / per);
      } else if (xi < this.min[i] || xi > this.max[i]) return false;
      this.xw[i] = xi;
      let k = Math.floor((xi - this.min[i]) / this.dx[i]);
      if (this.p.periodic[i]) k = ((k % this.npoints[i]) + this.npoints[i]) % this.npoints[i];
      else k = Math.min(k, this.npoints[i] - 1);
      this.idx[i] = k;
    }
    return true;
  }

  /** Add a hill to every grid point within its cutoff (PLUMED MetaD::addGaussian on a grid). */
  addHill(center: ArrayLike<number>, sigma: ArrayLike<number>, height: number): void {
    const n = this.dim;
    for (let i = 0; i < n; i++) {
      const per = this.max[i] - this.min[i];
      let c = center[i];
      if (this.p.periodic[i]) c -= per * Math.floor((c - this.min[i]) / per);
      const k = Math.floor((c - this.min[i]) / this.dx[i]);
      const nn = Math.ceil((Math.sqrt(2 * DP2CUTOFF) * sigma[i]) / this.dx[i]);
      this.lo[i] = k - nn + 1;
      this.cnt[i] = 2 * nn;
      if (this.p.periodic[i]) this.cnt[i] = Math.min(this.cnt[i], this.npoints[i]);
      this.odo[i] = 0;
    }
    for (;;) {
      let flat = 0;
      let inside = true;
      for (let i = 0; i < n; i++) {
        let j = this.lo[i] + this.odo[i];
        if (this.p.periodic[i]) j = ((j % this.npoints[i]) + this.npoints[i]) % this.npoints[i];
        else if (j < 0 || j >= this.npoints[i]) inside = false;
        this.point[i] = this.min[i] + j * this.dx[i];
        flat += j * this.stride[i];
      }
      if (inside) {
        this.pder.fill(0);
        const v = hillValue(this.point, center, sigma, height, this.p, this.pder, this.work);
        this.value[flat] += v;
        for (let i = 0; i < n; i++) this.deriv[flat * n + i] += this.pder[i];
      }
      let d = 0;
      while (d < n && ++this.odo[d] >= this.cnt[d]) this.odo[d++] = 0;
      if (d === n) break;
    }
  }

  /** Bias at x and its gradient into der; NaN when x is outside a non-periodic grid range. */
  valueAndDerivatives(x: ArrayLike<number>, der: Float64Array): number {
    const n = this.dim;
    der.fill(0, 0, n);
    if (!this.locate(x)) return Number.NaN;
    if (!this.spline) {
      let flat = 0;
      for (let i = 0; i < n; i++) flat += this.idx[i] * this.stride[i];
      return this.value[flat];
    }
    let value = 0;
    const corners = 1 << n;
    for (let c = 0; c < corners; c++) {
      let flat = 0;
      let skip = false;
      for (let j = 0; j < n; j++) {
        const up = (c >> j) & 1;
        let k = this.idx[j] + up;
        if (k >= this.npoints[j]) {
          if (this.p.periodic[j]) k -= this.npoints[j];
          else skip = true;
        }
        flat += k * this.stride[j];
      }
      if (skip) continue;
      const g = this.value[flat];
      let ff = 1;
      for (let j = 0; j < n; j++) {
        const up = (c >> j) & 1;
        const dx = this.dx[j];
        const xfloor = this.min[j] + this.idx[j] * dx;
        const X = Math.abs((this.xw[j] - xfloor) / dx - up);
        const X2 = X * X;
        const X3 = X2 * X;
        const yy = Math.abs(g) < 1e-7 ? 0 : -this.deriv[flat * n + j] / g;
        const sgn = up ? -1 : 1;
        this.C[j] = 1 - 3 * X2 + 2 * X3 - sgn * yy * (X - 2 * X2 + X3) * dx;
        this.D[j] = ((-6 * X + 6 * X2 - sgn * yy * (1 - 4 * X + 3 * X2) * dx) * sgn) / dx;
        ff *= this.C[j];
      }
      value += g * ff;
      for (let j = 0; j < n; j++) {
        let fd = this.D[j];
        for (let i = 0; i < n; i++) if (i !== j) fd *= this.C[i];
        der[j] += g * fd;
      }
    }
    return value;
  }
}
