import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** A geometry value: a number (length units, lattice-scaled at parse time) or an equal-style variable. */
type Value = number | string;

type Shape =
  | { kind: 'sphere'; c: [Value, Value, Value]; r: Value }
  | { kind: 'cylinder'; dim: 0 | 1 | 2; c: [Value, Value]; r: Value }
  | { kind: 'plane'; dim: 0 | 1 | 2; pos: Value; side: -1 | 1 };

/**
 * fix ID group indent K sphere x y z R | cylinder dim c1 c2 R | plane dim pos lo|hi [side in|out]
 * [units lattice|box] (LAMMPS FixIndent, 29 Sep 2021). An indenter pushes the group's atoms with
 * F(r) = −K (r − R)² along the direction away from it, for atoms that overlap it (r < R with side
 * out, the default; r > R with side in); its energy is E = K/3 (R − r)³ per atom. K is in
 * force/distance² units. Geometry numbers are scaled by the lattice spacings under units lattice
 * (the default); equal-style variables (v_name) are evaluated every step and never scaled, as
 * LAMMPS documents. The sphere's centre is remapped into the periodic box and distances use the
 * minimum image. Applied in post_force, setup and after each force evaluation of a minimizer.
 * f_ID is the energy (fix_modify energy yes adds it to pe, and so to what minimize sees),
 * f_ID[1..3] the force the atoms exert on the indenter (extensive).
 */
export class FixIndent implements Fix {
  readonly style = 'indent';
  readonly vectorLength = 3;
  readonly extensive = true;
  readonly energyGlobal = true;
  thermoEnergy = false;
  /** [energy, fx, fy, fz] of the last application (LAMMPS indenter). */
  private readonly indenter = new Float64Array(4);
  private readonly ctr = new Float64Array(3);
  private readonly img = new Int32Array(3);
  private readonly del = new Float64Array(3);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly k: number,
    private readonly shape: Shape,
    private readonly sideOut: boolean,
  ) {}

  init(sim: Simulation): void {
    const check = (v: Value) => {
      if (typeof v !== 'string') return;
      const style = sim.variables.styleOf(v);
      if (style === undefined) throw new Error(`Variable name ${v} for fix indent does not exist`);
      if (style !== 'equal') throw new Error(`Variable ${v} for fix indent is invalid style`);
    };
    const s = this.shape;
    if (s.kind === 'sphere') [...s.c, s.r].forEach(check);
    else if (s.kind === 'cylinder') [...s.c, s.r].forEach(check);
    else check(s.pos);
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  private value(sim: Simulation, v: Value): number {
    return typeof v === 'string' ? sim.variables.evaluate(v) : v;
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const x = s.x,
      f = s.f,
      mask = s.mask,
      bit = this.groupBit,
      k = this.k,
      k3 = k / 3.0,
      ind = this.indenter,
      shape = this.shape;
    ind.fill(0);
    if (shape.kind === 'plane') {
      const plane = this.value(sim, shape.pos);
      const d = shape.dim;
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        const dr = shape.side * (plane - x[3 * i + d]);
        if (dr >= 0.0) continue;
        const fatom = -shape.side * k * dr * dr;
        f[3 * i + d] += fatom;
        ind[0] -= k3 * dr * dr * dr;
        ind[d + 1] -= fatom;
      }
      return;
    }
    const ctr = this.ctr,
      del = this.del,
      box = s.box;
    let axis = -1;
    if (shape.kind === 'sphere') {
      for (let d = 0; d < 3; d++) ctr[d] = this.value(sim, shape.c[d]);
      // LAMMPS Domain::remap: the centre moves into the periodic box
      this.img.fill(0);
      box.remap(ctr, this.img);
    } else {
      axis = shape.dim;
      const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
      ctr[a] = this.value(sim, shape.c[0]);
      ctr[b] = this.value(sim, shape.c[1]);
      ctr[axis] = 0.0;
    }
    const radius = this.value(sim, shape.r);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const o = 3 * i;
      del[0] = x[o] - ctr[0];
      del[1] = x[o + 1] - ctr[1];
      del[2] = x[o + 2] - ctr[2];
      if (axis >= 0) del[axis] = 0.0;
      box.minimumImage(del, 0);
      const r = Math.sqrt(del[0] * del[0] + del[1] * del[1] + del[2] * del[2]);
      let dr: number, fmag: number;
      if (this.sideOut) {
        dr = r - radius;
        fmag = k * dr * dr;
      } else {
        dr = radius - r;
        fmag = -k * dr * dr;
      }
      if (dr >= 0.0) continue;
      const fx = (del[0] * fmag) / r,
        fy = (del[1] * fmag) / r,
        fz = (del[2] * fmag) / r;
      f[o] += fx;
      f[o + 1] += fy;
      f[o + 2] += fz;
      ind[0] -= k3 * dr * dr * dr;
      ind[1] -= fx;
      ind[2] -= fy;
      ind[3] -= fz;
    }
  }

  computeScalar(): number {
    return this.indenter[0];
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.indenter[i + 1];
  }
}

export function createFixIndent(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix indent', args);
  a.need(2, 'K style args ...');
  const k = a.num('K');
  const style = a.oneOf('style', ['sphere', 'cylinder', 'plane', 'cone'] as const);
  if (style === 'cone') a.fail('style cone is not supported yet (sphere, cylinder, plane are)');
  // Raw geometry words first: the units keyword that scales them comes after.
  const geo = (what: string): string => a.word(what);
  const dimOf = (w: string): 0 | 1 | 2 => {
    const d = ['x', 'y', 'z'].indexOf(w);
    if (d < 0) a.fail(`Illegal dim '${w}' (expected x, y or z)`);
    return d as 0 | 1 | 2;
  };
  const raw: string[] = [];
  let dim: 0 | 1 | 2 = 0;
  let side: -1 | 1 = 1;
  if (style === 'sphere') for (const w of ['x', 'y', 'z', 'R']) raw.push(geo(w));
  else if (style === 'cylinder') {
    dim = dimOf(a.word('dim'));
    for (const w of ['c1', 'c2', 'R']) raw.push(geo(w));
  } else {
    dim = dimOf(a.word('dim'));
    raw.push(geo('pos'));
    side = a.oneOf('side', ['lo', 'hi'] as const) === 'lo' ? -1 : 1;
  }
  let sideOut = true;
  let lattice = true;
  a.keywords({
    side: (kk) => {
      sideOut = kk.oneOf('side', ['in', 'out'] as const) === 'out';
    },
    units: (kk) => {
      lattice = kk.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    },
  });
  const L = files?.lattice;
  if (lattice && L && L.style === 'none' && L.xlattice === 0) a.fail('Use of fix indent with undefined lattice');
  const scale = lattice ? [L?.xlattice ?? 1, L?.ylattice ?? 1, L?.zlattice ?? 1] : [1, 1, 1];
  // A number scaled along its dimension (LAMMPS: sphere x,y,z by x/y/zscale, R by xscale).
  const val = (w: string, d: number): Value => {
    if (w.startsWith('v_')) return w.slice(2);
    const v = Number(w);
    if (!Number.isFinite(v) || w.trim() === '') a.fail(`Expected a number or v_name, got '${w}'`);
    return v * scale[d];
  };
  let shape: Shape;
  if (style === 'sphere')
    shape = { kind: 'sphere', c: [val(raw[0], 0), val(raw[1], 1), val(raw[2], 2)], r: val(raw[3], 0) };
  else if (style === 'cylinder') {
    const [c1d, c2d] = dim === 0 ? [1, 2] : dim === 1 ? [0, 2] : [0, 1];
    shape = { kind: 'cylinder', dim, c: [val(raw[0], c1d), val(raw[1], c2d)], r: val(raw[2], 0) };
  } else shape = { kind: 'plane', dim, pos: val(raw[0], dim), side };
  return new FixIndent(id, bit, k, shape, sideOut);
}
