import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/simulation.js';
import { runDpmd } from '../helpers/lammps.js';

/**
 * Central differences for pair gayberne and resquared (independent of the LAMMPS goldens in
 * test/md/ellipsoid_lammps.test.ts): the force on each particle is −dE/dx and the torque about
 * space axis k is −dE/dθ for a rotation of that particle's quaternion by θ about axis k. Four
 * particles (biaxial ellipsoids, a spherical ellipsoid and, for the mixed forms, a point) in a
 * periodic box, random orientations.
 */
function deck(pair: string, coeffs: string): string {
  return `units lj
atom_style ellipsoid
region b block 0 12 0 12 0 12
create_box 3 b
create_atoms 1 single 4.0 4.0 4.0 units box
create_atoms 2 single 6.6 4.4 4.3 units box
create_atoms 2 single 5.1 6.9 3.6 units box
create_atoms 3 single 4.4 5.2 6.5 units box
set type 1 shape 2.4 1.6 1.2
set type 2 shape 3.0 1.0 1.0
set type 1*2 quat/random 777
set type 1 mass 2.0
pair_style ${pair}
${coeffs}
run 0
`;
}

function energy(sim: Simulation): number {
  sim.neighbor.refresh(sim.system);
  sim.computeForces(true);
  return sim.pe;
}

/** Rotate quaternion of atom i by angle h about space axis k: q ← (cos h/2, sin h/2 e_k) ⊗ q. */
function rotate(q: Float64Array, i: number, k: number, h: number): void {
  const c = Math.cos(h / 2),
    s = Math.sin(h / 2);
  const a = [0, 0, 0];
  a[k] = s;
  const [w, x, y, z] = [q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3]];
  q[4 * i] = c * w - a[0] * x - a[1] * y - a[2] * z;
  q[4 * i + 1] = c * x + a[0] * w + a[1] * z - a[2] * y;
  q[4 * i + 2] = c * y + a[1] * w + a[2] * x - a[0] * z;
  q[4 * i + 3] = c * z + a[2] * w + a[0] * y - a[1] * x;
}

function check(d: string): void {
  const { sim } = runDpmd(d);
  const s = sim.system;
  const e = s.ellipsoid!;
  energy(sim);
  const f = s.f.slice(0, 3 * s.n);
  const tq = e.torque.slice(0, 3 * s.n);
  const h = 1e-6;
  let checked = 0;
  for (let i = 0; i < s.n; i++) {
    for (let k = 0; k < 3; k++) {
      const x0 = s.x[3 * i + k];
      s.x[3 * i + k] = x0 + h;
      const ep = energy(sim);
      s.x[3 * i + k] = x0 - h;
      const em = energy(sim);
      s.x[3 * i + k] = x0;
      const fd = -(ep - em) / (2 * h);
      expect(Math.abs(f[3 * i + k] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      if (!e.flag[i]) continue;
      const q0 = e.quat.slice(4 * i, 4 * i + 4);
      rotate(e.quat, i, k, h);
      const tp = energy(sim);
      e.quat.set(q0, 4 * i);
      rotate(e.quat, i, k, -h);
      const tm = energy(sim);
      e.quat.set(q0, 4 * i);
      const td = -(tp - tm) / (2 * h);
      expect(Math.abs(tq[3 * i + k] - td)).toBeLessThan(1e-6 * Math.max(1, Math.abs(td)));
      checked++;
    }
  }
  expect(checked).toBe(9);
  // the forces are not all negligible
  expect(Math.max(...Array.from(f, Math.abs))).toBeGreaterThan(1e-3);
}

describe('ellipsoid pair styles: forces and torques are the derivatives of the energy', () => {
  it('gayberne (ellipsoid-ellipsoid, ellipsoid-sphere and LJ forms)', () => {
    check(
      deck(
        'gayberne 1.0 3.0 1.0 6.0',
        'pair_coeff 1 1 1.5 1.0 1 0.6 0.3 1 0.6 0.3\npair_coeff 2 2 1.0 1.0 1 1 0.2 1 1 0.2\npair_coeff 3 3 2.0 1.2 1 1 1 1 1 1\npair_coeff 1 2 1.2 1.0 0 0 0 0 0 0\npair_coeff 1 3 1.1 1.1 0 0 0 0 0 0\npair_coeff 2 3 1.3 1.0 0 0 0 0 0 0',
      ),
    );
  });
  it('resquared (ellipsoid-ellipsoid and ellipsoid-LJ forms)', () => {
    check(
      deck(
        'resquared 6.0',
        'pair_coeff 1 1 1.5 1.0 1 0.6 0.3 1 0.6 0.3\npair_coeff 2 2 1.0 1.0 1 1 0.2 1 1 0.2\npair_coeff 3 3 2.0 1.2 1 1 1 1 1 1\npair_coeff 1 2 1.2 1.0 0 0 0 0 0 0\npair_coeff 1 3 1.1 1.1 0 0 0 0 0 0\npair_coeff 2 3 1.3 1.0 0 0 0 0 0 0',
      ),
    );
  });
});
