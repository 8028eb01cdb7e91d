import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group gravity magnitude style args (LAMMPS FixGravity): a constant acceleration
 * `magnitude` (force/mass units) along a direction, added as F = m g in post_force (also in setup).
 * Styles: `chute angle` (φ = 0, θ = 180° − angle), `spherical φ θ` (degrees: 3d g = (sinθ cosφ,
 * sinθ sinφ, cosθ); 2d g = (sinθ, cosθ, 0)), `vector x y z` (normalised; z ignored in 2d).
 * f_ID is the gravitational energy −Σ m g·x (extensive). Variable magnitudes and the `gradient`
 * style are refused by name.
 */
export class FixGravity implements Fix {
  readonly style = 'gravity';
  readonly extensive = true;
  /** Unit direction (LAMMPS xgrav, ygrav, zgrav): fix pour checks it points down. */
  readonly grav: [number, number, number];
  private egrav = 0.0;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    /** Acceleration magnitude, force/mass units (LAMMPS magnitude). */
    readonly magnitude: number,
    grav: [number, number, number],
  ) {
    this.grav = grav;
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const xacc = this.magnitude * this.grav[0],
      yacc = this.magnitude * this.grav[1],
      zacc = this.magnitude * this.grav[2];
    const x = s.x,
      f = s.f,
      mask = s.mask,
      bit = this.groupBit,
      rm = s.rmass,
      mass = s.mass,
      type = s.type;
    let e = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const m = rm !== null ? rm[i] : mass[type[i]];
      const k = 3 * i;
      f[k] += m * xacc;
      f[k + 1] += m * yacc;
      f[k + 2] += m * zacc;
      e -= m * (xacc * x[k] + yacc * x[k + 1] + zacc * x[k + 2]);
    }
    this.egrav = e;
  }

  computeScalar(): number {
    return this.egrav;
  }
}

export function createFixGravity(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix gravity', args);
  a.need(2, 'magnitude style args');
  if (a.peek()?.startsWith('v_')) throw new Error('fix gravity: variable magnitudes (v_name) are not supported yet');
  const magnitude = a.num('magnitude');
  const style = a.word('style');
  const dim = sim.system.dimension;
  const deg = Math.PI / 180.0;
  let grav: [number, number, number];
  const angles = (phi: number, theta: number): [number, number, number] =>
    dim === 3
      ? [
          Math.sin(deg * theta) * Math.cos(deg * phi),
          Math.sin(deg * theta) * Math.sin(deg * phi),
          Math.cos(deg * theta),
        ]
      : [Math.sin(deg * theta), Math.cos(deg * theta), 0.0];
  if (style === 'chute') {
    const vert = a.num('chute angle');
    grav = angles(0.0, 180.0 - vert);
  } else if (style === 'spherical') {
    const phi = a.num('phi');
    const theta = a.num('theta');
    grav = angles(phi, theta);
  } else if (style === 'vector') {
    const xd = a.num('x direction'),
      yd = a.num('y direction'),
      zd = a.num('z direction');
    if (dim === 3) {
      const len = Math.sqrt(xd * xd + yd * yd + zd * zd);
      if (!(len > 0)) throw new Error('fix gravity: vector direction has zero length');
      grav = [xd / len, yd / len, zd / len];
    } else {
      const len = Math.sqrt(xd * xd + yd * yd);
      if (!(len > 0)) throw new Error('fix gravity: vector direction has zero length in the xy plane');
      grav = [xd / len, yd / len, 0.0];
    }
  } else if (style === 'gradient') {
    throw new Error('fix gravity: style gradient is not supported (chute, spherical, vector are)');
  } else throw new Error(`fix gravity: unknown style '${style}' (chute, spherical, vector)`);
  a.end();
  return new FixGravity(id, bit, magnitude, grav);
}
