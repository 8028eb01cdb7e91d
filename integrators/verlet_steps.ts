import type { AtomSystem } from '../src/system.js';

/**
 * The two moves of velocity Verlet, shared by fix nve and the Nose-Hoover fixes:
 * kick v += dtf/m * f (dtf = dt/2 * ftm2v) and drift x += dtv * v.
 */
export function kick(s: AtomSystem, dtf: number): void {
  const v = s.v,
    f = s.f,
    mass = s.mass,
    type = s.type;
  for (let i = 0; i < s.n; i++) {
    const dtfm = dtf / mass[type[i]];
    const k = 3 * i;
    v[k] += dtfm * f[k];
    v[k + 1] += dtfm * f[k + 1];
    v[k + 2] += dtfm * f[k + 2];
  }
}

export function drift(s: AtomSystem, dtv: number): void {
  const x = s.x,
    v = s.v;
  for (let k = 0; k < 3 * s.n; k++) x[k] += dtv * v[k];
}
