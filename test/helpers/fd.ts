import type { Simulation } from '../../src/simulation.js';

/**
 * Central-difference checks shared by the potential tests: forces as -dE/dx and the virial as
 * -dE/d(eps) under the homogeneous strain r -> r (I + eps) applied to atoms and box together.
 */

/** Energy of the current configuration with a fresh neighbor build. */
export function energyNow(sim: Simulation): number {
  sim.neighbor.build(sim.system);
  sim.computeForces(true);
  return sim.pe;
}

/** Max |F_analytic - F_fd| over all components, with step h (length units). */
export function forceError(sim: Simulation, h: number): { maxErr: number; maxF: number } {
  energyNow(sim);
  const s = sim.system;
  const f = s.f.slice(0, 3 * s.n);
  let maxErr = 0,
    maxF = 0;
  for (let k = 0; k < 3 * s.n; k++) {
    const x0 = s.x[k];
    s.x[k] = x0 + h;
    const ep = energyNow(sim);
    s.x[k] = x0 - h;
    const em = energyNow(sim);
    s.x[k] = x0;
    const fd = -(ep - em) / (2 * h);
    maxErr = Math.max(maxErr, Math.abs(fd - f[k]));
    maxF = Math.max(maxF, Math.abs(f[k]));
  }
  energyNow(sim);
  return { maxErr, maxF };
}

/** Apply r -> r (I + eps) to atoms and the box (eps upper-triangular keeps LAMMPS's box form). */
function strain(sim: Simulation, eps: number[][]): void {
  const s = sim.system,
    b = s.box;
  const apply = (x: number, y: number, z: number) => [
    x + x * eps[0][0] + y * eps[1][0] + z * eps[2][0],
    y + x * eps[0][1] + y * eps[1][1] + z * eps[2][1],
    z + x * eps[0][2] + y * eps[1][2] + z * eps[2][2],
  ];
  for (let i = 0; i < s.n; i++) {
    const p = apply(s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2]);
    s.x[3 * i] = p[0];
    s.x[3 * i + 1] = p[1];
    s.x[3 * i + 2] = p[2];
  }
  const h = b.h;
  const a = apply(h[0], 0, 0),
    bb = apply(h[5], h[1], 0),
    c = apply(h[4], h[3], h[2]);
  const lo = apply(b.lo[0], b.lo[1], b.lo[2]);
  if (Math.abs(a[1]) > 1e-14 || Math.abs(a[2]) > 1e-14 || Math.abs(bb[2]) > 1e-14)
    throw new Error('strain must keep LAMMPS box orientation');
  b.lo.set(lo);
  b.hi[0] = lo[0] + a[0];
  b.hi[1] = lo[1] + bb[1];
  b.hi[2] = lo[2] + c[2];
  b.xy = bb[0];
  b.xz = c[0];
  b.yz = c[1];
  b.update();
}

/**
 * Max |W_ab - W_fd| over the six virial components (LAMMPS order xx yy zz xy xz yz), with
 * W_ab = -dE/d eps_ab. Off-diagonal components use the strain that moves x by y (xy), x by z (xz),
 * y by z (yz), which keeps the box upper-triangular.
 */
export function virialError(sim: Simulation, h: number): { maxErr: number; maxW: number } {
  energyNow(sim);
  const w = Array.from(sim.virial);
  const comps: [number, number][] = [
    [0, 0],
    [1, 1],
    [2, 2],
    [1, 0],
    [2, 0],
    [2, 1],
  ];
  let maxErr = 0,
    maxW = 0;
  comps.forEach(([r, c], k) => {
    const eps = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const save = {
      x: sim.system.x.slice(),
      lo: sim.system.box.lo.slice(),
      hi: sim.system.box.hi.slice(),
      t: [sim.system.box.xy, sim.system.box.xz, sim.system.box.yz],
    };
    const restore = () => {
      sim.system.x.set(save.x);
      sim.system.box.lo.set(save.lo);
      sim.system.box.hi.set(save.hi);
      [sim.system.box.xy, sim.system.box.xz, sim.system.box.yz] = save.t;
      sim.system.box.update();
    };
    eps[r][c] = h;
    strain(sim, eps);
    const ep = energyNow(sim);
    restore();
    eps[r][c] = -h;
    strain(sim, eps);
    const em = energyNow(sim);
    restore();
    const fd = -(ep - em) / (2 * h);
    maxErr = Math.max(maxErr, Math.abs(fd - w[k]));
    maxW = Math.max(maxW, Math.abs(w[k]));
  });
  energyNow(sim);
  return { maxErr, maxW };
}
