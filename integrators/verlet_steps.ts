import type { AtomSystem } from '../src/system.js';

/**
 * The two moves of velocity Verlet, shared by fix nve and the Nose-Hoover fixes, on the atoms of
 * one group (mask bit `bit`; 1 = all): kick v += dtf/m * f (dtf = dt/2 * ftm2v) and drift
 * x += dtv * v.
 */
export function kick(s: AtomSystem, dtf: number, bit = 1): void {
  const v = s.v,
    f = s.f,
    mass = s.mass,
    pm = s.perAtomMass,
    rm = s.rmass,
    type = s.type,
    mask = s.mask;
  for (let i = 0; i < s.n; i++) {
    if (!(mask[i] & bit)) continue;
    const dtfm = dtf / (pm ? rm[i] : mass[type[i]]);
    const k = 3 * i;
    v[k] += dtfm * f[k];
    v[k + 1] += dtfm * f[k + 1];
    v[k + 2] += dtfm * f[k + 2];
  }
}

export function drift(s: AtomSystem, dtv: number, bit = 1): void {
  const x = s.x,
    v = s.v,
    mask = s.mask;
  for (let i = 0; i < s.n; i++) {
    if (!(mask[i] & bit)) continue;
    const k = 3 * i;
    x[k] += dtv * v[k];
    x[k + 1] += dtv * v[k + 1];
    x[k + 2] += dtv * v[k + 2];
  }
}
