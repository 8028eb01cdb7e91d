import { vanLeer } from './limiter.js';
import type { VelocityGrid } from './velocity_grid.js';

export type Boundary = 'periodic' | 'outflow';

/**
 * The free-transport operator of the BGK equation in conservative form, T(f) = −∂ₓ(v f), by second-order
 * upwind MUSCL: per velocity v_j the cell slopes σ_i are van Leer-limited differences, and the face value at
 * x_{i+1/2} is f_i + σ_i/2 when v_j > 0 (information comes from the left) and f_{i+1} − σ_{i+1}/2 when v_j < 0.
 * Fluxes are differenced, so Σ_i T(f)_i dx telescopes: on a periodic domain transport conserves every moment of
 * f exactly in exact arithmetic. Boundaries: periodic, or outflow (zero-gradient ghost cells, the usual choice for
 * Riemann problems whose waves have not reached the ends).
 *
 * Layout: f[i * nv + j], cell i < nx, velocity j < nv. Buffers are allocated once.
 */
export class Transport {
  private readonly slope: Float64Array;
  private readonly flux: Float64Array;

  constructor(
    readonly nx: number,
    readonly grid: VelocityGrid,
    readonly dx: number,
    readonly boundary: Boundary,
  ) {
    this.slope = new Float64Array(nx * grid.nv);
    this.flux = new Float64Array((nx + 1) * grid.nv);
  }

  /** out = −∂ₓ(v f) (nx·nv), f unchanged. */
  apply(f: Float64Array, out: Float64Array): void {
    const { nx, dx } = this,
      nv = this.grid.nv,
      v = this.grid.v,
      s = this.slope,
      F = this.flux;
    const periodic = this.boundary === 'periodic';
    for (let i = 0; i < nx; i++) {
      const im = periodic ? (i - 1 + nx) % nx : Math.max(i - 1, 0);
      const ip = periodic ? (i + 1) % nx : Math.min(i + 1, nx - 1);
      const o = i * nv,
        om = im * nv,
        op = ip * nv;
      for (let j = 0; j < nv; j++) s[o + j] = vanLeer(f[o + j] - f[om + j], f[op + j] - f[o + j]);
    }
    // face k is x_{k−1/2}, between cells L = k−1 and R = k (wrapped or clamped)
    for (let k = 0; k <= nx; k++) {
      const L = periodic ? (k - 1 + nx) % nx : Math.max(k - 1, 0);
      const R = periodic ? k % nx : Math.min(k, nx - 1);
      const oL = L * nv,
        oR = R * nv,
        of = k * nv;
      for (let j = 0; j < nv; j++) {
        const vj = v[j];
        F[of + j] = vj > 0 ? vj * (f[oL + j] + 0.5 * s[oL + j]) : vj * (f[oR + j] - 0.5 * s[oR + j]);
      }
    }
    const inv = 1 / dx;
    for (let i = 0; i < nx; i++) {
      const o = i * nv,
        a = i * nv,
        b = (i + 1) * nv;
      for (let j = 0; j < nv; j++) out[o + j] = (F[a + j] - F[b + j]) * inv;
    }
  }
}
