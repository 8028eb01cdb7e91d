import type { AtomSystem } from '../system.js';
import { mqToOmega, RotationScratch, richardson } from './math_extra.js';

/**
 * The rotational half of the asphere integrators (LAMMPS FixNVEAsphere, FixNHAsphere, 29 Sep 2021),
 * on the ellipsoids of group bit `bit`:
 *   kickAngmom: L += dtf·τ (dtf = dt/2 · ftm2v), the angular-momentum half step;
 *   rotate: one full step of the orientation, ω from L at the half step and the current q
 *     (principal moments I = 0.2 m (b²+c²), ...), then MathExtra's Richardson iteration with
 *     dtq = dt/2.
 */
export class EllipsoidRotation {
  private readonly scratch = new RotationScratch();
  private readonly inertia = new Float64Array(3);
  private readonly omega = new Float64Array(3);

  kickAngmom(s: AtomSystem, dtf: number, bit: number): void {
    const e = s.ellipsoid!;
    const { angmom, torque } = e;
    const mask = s.mask;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      angmom[3 * i] += dtf * torque[3 * i];
      angmom[3 * i + 1] += dtf * torque[3 * i + 1];
      angmom[3 * i + 2] += dtf * torque[3 * i + 2];
    }
  }

  /** Rotate atom i (an ellipsoid) by a full step; dtq = dt/2. */
  rotateOne(s: AtomSystem, i: number, dtq: number): void {
    const e = s.ellipsoid!;
    const { shape, quat, angmom } = e;
    const m = s.mass[s.type[i]];
    const a = shape[3 * i],
      b = shape[3 * i + 1],
      c = shape[3 * i + 2];
    const inertia = this.inertia;
    inertia[0] = 0.2 * m * (b * b + c * c);
    inertia[1] = 0.2 * m * (a * a + c * c);
    inertia[2] = 0.2 * m * (a * a + b * b);
    mqToOmega(angmom, 3 * i, quat, 4 * i, inertia, this.omega, this.scratch);
    richardson(quat, 4 * i, angmom, 3 * i, this.omega, inertia, dtq, this.scratch);
  }

  rotate(s: AtomSystem, dtq: number, bit: number): void {
    const mask = s.mask;
    for (let i = 0; i < s.n; i++) if (mask[i] & bit) this.rotateOne(s, i, dtq);
  }

  /** Thermostat scaling of L (FixNHAsphere::nh_v_temp). */
  scaleAngmom(s: AtomSystem, factor: number, bit: number): void {
    const angmom = s.ellipsoid!.angmom;
    const mask = s.mask;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      angmom[3 * i] *= factor;
      angmom[3 * i + 1] *= factor;
      angmom[3 * i + 2] *= factor;
    }
  }
}

/** LAMMPS's init check of the asphere fixes and computes: every atom of the group an ellipsoid. */
export function requireExtended(s: AtomSystem, bit: number, what: string): void {
  if (!s.ellipsoid) throw new Error(`${what} requires atom style ellipsoid`);
  if (!s.ellipsoid.allExtended(s.mask, bit, s.n)) throw new Error(`${what} requires extended particles`);
}
