/**
 * Overdamped Langevin (Brownian) dynamics on the torus, Euler-Maruyama:
 *
 *   s <- wrap(s + (D dt / kT) F(s) + sqrt(2 D dt) xi),   xi ~ N(0, I),
 *
 * whose stationary density is exp(-V/kT) up to O(dt) (exactly so for the mean of the drift: at
 * stationarity E[F(s)] = 0, which is what the restrained mean force relies on). h = D dt in rad^2.
 */
import { Rng } from '../nn/rng.js';
import { torusV, wrapAngle } from './torus_potential.js';

/** Number of blocks of the block-average error. */
export const BLOCKS = 10;

/**
 * One restrained run at centre i of c (n x 2): F = -grad V - kappa wrap(s - c). Writes the mean force
 * kappa <wrap(s - c)> over the last `tail` fraction of the steps into f[2i..2i+1] and its standard
 * error from BLOCKS block means into e[2i..2i+1]. Starts at the centre.
 */
export function restrainedRun(
  table: Float64Array,
  c: Float64Array,
  f: Float64Array,
  e: Float64Array,
  i: number,
  k0: number,
  k1: number,
  steps: number,
  tail: number,
  h: number,
  kT: number,
  seed: number,
): void {
  const rng = new Rng(seed);
  const c0 = c[2 * i],
    c1 = c[2 * i + 1];
  const g = new Float64Array(2);
  const mob = h / kT,
    amp = Math.sqrt(2 * h);
  let p = c0,
    q = c1;
  const start = steps - Math.max(BLOCKS, Math.floor(steps * tail));
  const per = Math.floor((steps - start) / BLOCKS);
  const first = steps - per * BLOCKS;
  let b0 = 0,
    b1 = 0,
    s0 = 0,
    s1 = 0,
    ss0 = 0,
    ss1 = 0;
  for (let t = 0; t < steps; t++) {
    torusV(table, p, q, g, 0);
    const d0 = wrapAngle(p - c0),
      d1 = wrapAngle(q - c1);
    const f0 = -g[0] - k0 * d0,
      f1 = -g[1] - k1 * d1;
    p = wrapAngle(p + mob * f0 + amp * rng.normal());
    q = wrapAngle(q + mob * f1 + amp * rng.normal());
    if (t >= first) {
      b0 += wrapAngle(p - c0);
      b1 += wrapAngle(q - c1);
      if ((t - first + 1) % per === 0) {
        const m0 = b0 / per,
          m1 = b1 / per;
        s0 += m0;
        s1 += m1;
        ss0 += m0 * m0;
        ss1 += m1 * m1;
        b0 = 0;
        b1 = 0;
      }
    }
  }
  const mean0 = s0 / BLOCKS,
    mean1 = s1 / BLOCKS;
  // standard error of the mean from the spread of the block means
  const var0 = Math.max(0, (ss0 / BLOCKS - mean0 * mean0) * (BLOCKS / (BLOCKS - 1))),
    var1 = Math.max(0, (ss1 / BLOCKS - mean1 * mean1) * (BLOCKS / (BLOCKS - 1)));
  f[2 * i] = k0 * mean0;
  f[2 * i + 1] = k1 * mean1;
  e[2 * i] = k0 * Math.sqrt(var0 / BLOCKS);
  e[2 * i + 1] = k1 * Math.sqrt(var1 / BLOCKS);
}
