import type { Rng } from '../nn/rng.js';
import type { Boundary } from './transport.js';

/** A gas state (ρ, u, T), T = p/ρ. */
export interface Primitive {
  rho: number;
  u: number;
  T: number;
}

/** One Fourier term a sin(2π k x / L + φ). */
export interface Mode {
  k: number;
  a: number;
  phase: number;
}

/**
 * Initial data of a run: a Riemann problem (left | right states, interface x0, outflow boundaries) or smooth
 * periodic data ρ = ρ̄(1 + Σ a sin), u = ū + Σ a sin, T = T̄(1 + Σ a sin).
 */
export type InitialCondition =
  | { kind: 'riemann'; left: Primitive; right: Primitive; x0: number }
  | { kind: 'fourier'; mean: Primitive; rho: Mode[]; u: Mode[]; T: Mode[] };

/** Sod's shock tube: ρ, u, p = 1, 0, 1 | 0.125, 0, 0.1 at x0 = 0.5 (T = p/ρ). */
export const SOD: InitialCondition = {
  kind: 'riemann',
  left: { rho: 1, u: 0, T: 1 },
  right: { rho: 0.125, u: 0, T: 0.8 },
  x0: 0.5,
};

export function boundaryOf(ic: InitialCondition): Boundary {
  return ic.kind === 'riemann' ? 'outflow' : 'periodic';
}

function series(modes: Mode[], x: number, L: number): number {
  let s = 0;
  for (const m of modes) s += m.a * Math.sin((2 * Math.PI * m.k * x) / L + m.phase);
  return s;
}

/** ρ, u, T at the cell centres x_i = (i + 1/2) L/nx. */
export function sampleInitial(
  ic: InitialCondition,
  nx: number,
  L: number,
): { rho: Float64Array; u: Float64Array; T: Float64Array } {
  const rho = new Float64Array(nx),
    u = new Float64Array(nx),
    T = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    const x = ((i + 0.5) * L) / nx;
    if (ic.kind === 'riemann') {
      const s = x < ic.x0 ? ic.left : ic.right;
      rho[i] = s.rho;
      u[i] = s.u;
      T[i] = s.T;
    } else {
      rho[i] = ic.mean.rho * (1 + series(ic.rho, x, L));
      u[i] = ic.mean.u + series(ic.u, x, L);
      T[i] = ic.mean.T * (1 + series(ic.T, x, L));
    }
  }
  return { rho, u, T };
}

/** `count` modes k = 1..count with |a| summing to at most `total` (so a relative perturbation stays positive). */
function randomModes(rng: Rng, count: number, total: number): Mode[] {
  const modes: Mode[] = [];
  for (let k = 1; k <= count; k++)
    modes.push({ k, a: (rng.uniformIn(-1, 1) * total) / count, phase: rng.uniformIn(0, 2 * Math.PI) });
  return modes;
}

/**
 * Random smooth periodic data: ρ̄ ∈ [0.7, 1.3], ū ∈ [−0.3, 0.3], T̄ ∈ [0.6, 1.2], `modes` Fourier modes each for
 * ρ, u, T with relative amplitudes summing to at most 0.4 (ρ, T) and absolute ones to at most 0.3 (u).
 */
export function randomFourier(rng: Rng, modes: number): InitialCondition {
  return {
    kind: 'fourier',
    mean: { rho: rng.uniformIn(0.7, 1.3), u: rng.uniformIn(-0.3, 0.3), T: rng.uniformIn(0.6, 1.2) },
    rho: randomModes(rng, modes, 0.4),
    u: randomModes(rng, modes, 0.3),
    T: randomModes(rng, modes, 0.4),
  };
}

/** Random Riemann problem: ρ ∈ [0.125, 1], u ∈ [−0.3, 0.3], T ∈ [0.6, 1.2] on each side, interface at L/2. */
export function randomRiemann(rng: Rng, L: number): InitialCondition {
  const side = (): Primitive => ({
    rho: rng.uniformIn(0.125, 1),
    u: rng.uniformIn(-0.3, 0.3),
    T: rng.uniformIn(0.6, 1.2),
  });
  return { kind: 'riemann', left: side(), right: side(), x0: L / 2 };
}
