import type { Rng } from './rng.js';

/** Glorot (Xavier) uniform, Keras' default kernel initializer: U(-l, l), l = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(out: Float64Array, fanIn: number, fanOut: number, rng: Rng): void {
  const l = Math.sqrt(6 / (fanIn + fanOut));
  rng.fillUniform(out, -l, l);
}

/** out[i] ~ N(mean, std^2). */
export function normalInit(out: Float64Array, mean: number, std: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = mean + std * rng.normal();
}

/** out[i] ~ U[lo, hi). */
export function uniformInit(out: Float64Array, lo: number, hi: number, rng: Rng): void {
  rng.fillUniform(out, lo, hi);
}
