import { groupTemperature } from '../group_temperature.js';
import { COMMANDS, type Deck } from '../deck.js';
import { Args } from '../args.js';
import { num } from '../parse.js';
import { RanPark } from '../random_park.js';
import type { Simulation } from '../simulation.js';

/**
 * velocity group create|set|scale|zero (LAMMPS Velocity) with LAMMPS's random-number semantics:
 * loop all (default) draws three numbers per atom ID 1..N from one RanPark(seed), for every atom,
 * and assigns them to the group's atoms only; loop geom reseeds from each group atom's
 * coordinates; loop local draws for the group's atoms in local order after 100 warm-up numbers.
 * Then the group's momentum (default yes) and rotation (default no) are zeroed and its temperature
 * (compute temp on the group: 3 N_group − 3 − fix dof) rescaled. Atoms outside the group keep
 * their velocities.
 */
export function registerVelocityCommand(): void {
  COMMANDS.register('velocity', velocity);
}

interface Options {
  dist: 'uniform' | 'gaussian';
  sum: boolean;
  mom: boolean;
  rot: boolean;
  loop: 'all' | 'local' | 'geom';
  unitsLattice: boolean;
  /** `temp ID`: the compute whose temperature create/scale rescale to (default: the velocity group's). */
  tempId: string | null;
}

function velocity(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Velocity command before simulation box is defined');
  if (s.n === 0) throw new Error('Velocity command with no atoms existing');
  if (args.length < 2) throw new Error('Illegal velocity command');
  const bit = sim.groups.bit(args[0], 'velocity');
  s.checkMasses();
  const style = args[1];
  const nfixed = { create: 2, set: 3, scale: 1, ramp: 6, zero: 1 }[style];
  if (nfixed === undefined)
    throw new Error(`Illegal velocity style '${style}' (supported: create, set, scale, ramp, zero)`);
  const opts = options(args.slice(2 + nfixed));
  const a = args.slice(2, 2 + nfixed);
  const r = new Args(`velocity ${style}`, a);
  r.need(
    nfixed,
    { create: 'temp seed', set: 'vx vy vz', scale: 'temp', ramp: 'vdim vlo vhi dim clo chi', zero: 'linear|angular' }[
      style as 'create'
    ],
  );
  if (style === 'create') create(sim, bit, r.num('temperature', { ge: 0 }), r.int('seed', { gt: 0 }), opts);
  else if (style === 'set') set(sim, bit, deck, a, opts);
  else if (style === 'ramp') ramp(sim, bit, deck, r, opts);
  else if (style === 'scale') rescale(sim, bit, temperatureOf(sim, bit, opts), r.num('temperature', { ge: 0 }));
  else zero(sim, bit, a[0]);
}

function options(args: string[]): Options {
  const o: Options = {
    dist: 'uniform',
    sum: false,
    mom: true,
    rot: false,
    loop: 'all',
    unitsLattice: true,
    tempId: null,
  };
  const unsupported = (key: string) => (k: Args) => k.fail(`keyword '${key}' is not supported yet`);
  new Args('velocity', args).keywords({
    dist: (k) => {
      o.dist = k.oneOf('dist', ['uniform', 'gaussian'] as const);
    },
    sum: (k) => {
      o.sum = k.bool('sum');
    },
    mom: (k) => {
      o.mom = k.bool('mom');
    },
    rot: (k) => {
      o.rot = k.bool('rot');
    },
    loop: (k) => {
      o.loop = k.oneOf('loop', ['all', 'local', 'geom'] as const);
    },
    units: (k) => {
      o.unitsLattice = k.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    },
    temp: (k) => {
      o.tempId = k.word('temperature compute ID');
    },
    // LAMMPS's default bias no is what dpmd does; bias yes is not supported yet.
    bias: (k) => {
      if (k.bool('bias')) k.fail("keyword 'bias yes' is not supported yet (bias no is the default)");
    },
    rigid: unsupported('rigid'),
  });
  return o;
}

function create(sim: Simulation, bit: number, tDesired: number, seed: number, o: Options): void {
  if (seed <= 0) throw new Error('Illegal velocity create command: seed must be positive');
  const s = sim.system;
  const n = s.n;
  const vhold = o.sum ? s.v.slice(0, 3 * n) : null;
  const draw = (r: RanPark, out: number[]) => {
    if (o.dist === 'uniform') {
      out[0] = r.uniform() - 0.5;
      out[1] = r.uniform() - 0.5;
      out[2] = r.uniform() - 0.5;
    } else {
      out[0] = r.gaussian();
      out[1] = r.gaussian();
      out[2] = r.gaussian();
    }
  };
  const vr = [0, 0, 0];
  const mask = s.mask;
  const assign = (i: number) => {
    if (!(mask[i] & bit)) return;
    const factor = 1 / Math.sqrt(s.massOf(i));
    s.v[3 * i] = vr[0] * factor;
    s.v[3 * i + 1] = vr[1] * factor;
    // 2d: all three numbers are drawn (the stream stays LAMMPS's), vz is 0 (Velocity::create).
    s.v[3 * i + 2] = s.dimension === 3 ? vr[2] * factor : 0.0;
  };
  if (o.loop === 'all') {
    // IDs must be 1..N: map ID -> local index, then draw for every ID in order.
    const map = new Int32Array(n + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const t = s.tag[i];
      if (t < 1 || t > n || map[t] >= 0) throw new Error('Atom IDs must be consecutive for velocity create loop all');
      map[t] = i;
    }
    const r = new RanPark(seed);
    for (let id = 1; id <= n; id++) {
      draw(r, vr);
      assign(map[id]);
    }
  } else if (o.loop === 'local') {
    const r = new RanPark(seed);
    for (let k = 0; k < 100; k++) r.uniform();
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      draw(r, vr);
      assign(i);
    }
  } else {
    const r = new RanPark(1);
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      r.resetFromCoord(seed, s.x, 3 * i);
      draw(r, vr);
      assign(i);
    }
  }
  if (o.mom) zeroMomentum(sim, bit);
  if (o.rot) zeroRotation(sim, bit);
  rescale(sim, bit, temperatureOf(sim, bit, o), tDesired);
  if (vhold) {
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      for (let d = 0; d < 3; d++) s.v[3 * i + d] += vhold[3 * i + d];
    }
  }
}

/**
 * velocity ramp vdim vlo vhi dim clo chi (LAMMPS Velocity::ramp): component vdim set (or, with sum
 * yes, increased) to vlo + f (vhi - vlo), f = clamp((x[dim] - clo) / (chi - clo), 0, 1); velocities
 * and coordinates in lattice units by default, each scaled by the spacing of its own axis.
 */
function ramp(sim: Simulation, bit: number, deck: Deck, r: Args, o: Options): void {
  const s = sim.system;
  const L = deck.lattice;
  const scale = o.unitsLattice ? [L.xlattice, L.ylattice, L.zlattice] : [1, 1, 1];
  const vd = ['vx', 'vy', 'vz'].indexOf(r.oneOf('vdim', ['vx', 'vy', 'vz'] as const));
  const vlo = scale[vd] * r.num('vlo');
  const vhi = scale[vd] * r.num('vhi');
  const cd = ['x', 'y', 'z'].indexOf(r.oneOf('dim', ['x', 'y', 'z'] as const));
  const clo = scale[cd] * r.num('clo');
  const chi = scale[cd] * r.num('chi');
  for (let i = 0; i < s.n; i++) {
    if (!(s.mask[i] & bit)) continue;
    let f = (s.x[3 * i + cd] - clo) / (chi - clo);
    f = Math.max(f, 0.0);
    f = Math.min(f, 1.0);
    const v = vlo + f * (vhi - vlo);
    if (o.sum) s.v[3 * i + vd] += v;
    else s.v[3 * i + vd] = v;
  }
}

/**
 * The temperature create/scale rescale by: the velocity group's (LAMMPS's own compute temp on that
 * group), or with `temp ID` that compute's scalar. LAMMPS's default `bias no` takes the scalar of
 * any temperature compute as it is, a biased one (temp/partial, temp/region, temp/com) included,
 * and rescales every velocity component of the group by sqrt(T_target/T) (examples/friction:
 * temp/partial 0 1 0 counts only vy). `bias yes` (remove the bias around the scaling) is refused.
 */
function temperatureOf(sim: Simulation, bit: number, o: Options): number {
  if (o.tempId === null) return groupTemperature(sim, bit);
  const c = sim.computes.find((x) => x.id === o.tempId);
  if (!c) throw new Error(`Could not find velocity temperature ID '${o.tempId}'`);
  if (!(c.style === 'temp' || c.style.startsWith('temp/')) || !c.computeScalar)
    throw new Error(`Velocity temperature ID '${o.tempId}' does not compute temperature (compute ${c.style})`);
  return c.computeScalar(sim);
}

function set(sim: Simulation, bit: number, deck: Deck, a: string[], o: Options): void {
  const s = sim.system;
  const L = deck.lattice;
  const scale = o.unitsLattice ? [L.xlattice, L.ylattice, L.zlattice] : [1, 1, 1];
  const vals = a.map((v, d) => (v === 'NULL' ? null : num(v, 'velocity set component') * scale[d]));
  if (s.dimension === 2 && vals[2] !== null && vals[2] !== 0)
    throw new Error('Cannot set non-zero z velocity for 2d simulation');
  for (let i = 0; i < s.n; i++) {
    if (!(s.mask[i] & bit)) continue;
    for (let d = 0; d < 3; d++) {
      const v = vals[d];
      if (v === null) continue;
      if (o.sum) s.v[3 * i + d] += v;
      else s.v[3 * i + d] = v;
    }
  }
}

function rescale(sim: Simulation, bit: number, tOld: number, tNew: number): void {
  if (tOld <= 0) throw new Error('Attempting to rescale a 0.0 temperature');
  const f = Math.sqrt(tNew / tOld);
  const v = sim.system.v,
    mask = sim.system.mask;
  for (let i = 0; i < sim.system.n; i++) {
    if (!(mask[i] & bit)) continue;
    v[3 * i] *= f;
    v[3 * i + 1] *= f;
    v[3 * i + 2] *= f;
  }
}

function zero(sim: Simulation, bit: number, what: string): void {
  if (what === 'linear') zeroMomentum(sim, bit);
  else if (what === 'angular') zeroRotation(sim, bit);
  else throw new Error(`Illegal velocity zero '${what}' (linear or angular)`);
}

/** Subtract the group's centre-of-mass velocity from its atoms (LAMMPS Group::vcm then Velocity::zero_momentum). */
export function zeroMomentum(sim: Simulation, bit = 1): void {
  const s = sim.system;
  const p = [0, 0, 0];
  let mtot = 0;
  for (let i = 0; i < s.n; i++) {
    if (!(s.mask[i] & bit)) continue;
    const m = s.massOf(i);
    p[0] += s.v[3 * i] * m;
    p[1] += s.v[3 * i + 1] * m;
    p[2] += s.v[3 * i + 2] * m;
    mtot += m;
  }
  if (mtot <= 0) return;
  const vcm = p.map((c) => c / mtot);
  for (let i = 0; i < s.n; i++) if (s.mask[i] & bit) for (let d = 0; d < 3; d++) s.v[3 * i + d] -= vcm[d];
}

/** Remove the group's rigid rotation about its centre of mass, unwrapped coordinates (LAMMPS zero_rotation). */
export function zeroRotation(sim: Simulation, bit = 1): void {
  const s = sim.system;
  const n = s.n;
  const u = new Float64Array(3);
  const xcm = [0, 0, 0];
  let mtot = 0;
  for (let i = 0; i < n; i++) {
    if (!(s.mask[i] & bit)) continue;
    const m = s.massOf(i);
    s.box.unwrap(s.x, s.image, i, u);
    for (let d = 0; d < 3; d++) xcm[d] += u[d] * m;
    mtot += m;
  }
  if (mtot <= 0) return; // empty group: nothing rotates
  for (let d = 0; d < 3; d++) xcm[d] /= mtot;
  const L = [0, 0, 0];
  const I = [0, 0, 0, 0, 0, 0]; // xx yy zz xy yz xz
  for (let i = 0; i < n; i++) {
    if (!(s.mask[i] & bit)) continue;
    const m = s.massOf(i);
    s.box.unwrap(s.x, s.image, i, u);
    const dx = u[0] - xcm[0],
      dy = u[1] - xcm[1],
      dz = u[2] - xcm[2];
    const vx = s.v[3 * i],
      vy = s.v[3 * i + 1],
      vz = s.v[3 * i + 2];
    L[0] += m * (dy * vz - dz * vy);
    L[1] += m * (dz * vx - dx * vz);
    L[2] += m * (dx * vy - dy * vx);
    I[0] += m * (dy * dy + dz * dz);
    I[1] += m * (dx * dx + dz * dz);
    I[2] += m * (dx * dx + dy * dy);
    I[3] -= m * dx * dy;
    I[4] -= m * dy * dz;
    I[5] -= m * dx * dz;
  }
  const M = [
    [I[0], I[3], I[5]],
    [I[3], I[1], I[4]],
    [I[5], I[4], I[2]],
  ];
  const det =
    M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
    M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
    M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
  if (det <= 0) return;
  const inv = [
    [
      (M[1][1] * M[2][2] - M[1][2] * M[2][1]) / det,
      -(M[0][1] * M[2][2] - M[0][2] * M[2][1]) / det,
      (M[0][1] * M[1][2] - M[0][2] * M[1][1]) / det,
    ],
    [
      -(M[1][0] * M[2][2] - M[1][2] * M[2][0]) / det,
      (M[0][0] * M[2][2] - M[0][2] * M[2][0]) / det,
      -(M[0][0] * M[1][2] - M[0][2] * M[1][0]) / det,
    ],
    [
      (M[1][0] * M[2][1] - M[1][1] * M[2][0]) / det,
      -(M[0][0] * M[2][1] - M[0][1] * M[2][0]) / det,
      (M[0][0] * M[1][1] - M[0][1] * M[1][0]) / det,
    ],
  ];
  const w = [0, 1, 2].map((r) => inv[r][0] * L[0] + inv[r][1] * L[1] + inv[r][2] * L[2]);
  for (let i = 0; i < n; i++) {
    if (!(s.mask[i] & bit)) continue;
    s.box.unwrap(s.x, s.image, i, u);
    const dx = u[0] - xcm[0],
      dy = u[1] - xcm[1],
      dz = u[2] - xcm[2];
    s.v[3 * i] -= w[1] * dz - w[2] * dy;
    s.v[3 * i + 1] -= w[2] * dx - w[0] * dz;
    s.v[3 * i + 2] -= w[0] * dy - w[1] * dx;
  }
}
