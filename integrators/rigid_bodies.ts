import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { findCustomProperty } from './fix_property_atom.js';
import { groupBitOf } from './group.js';

/**
 * The arguments of `fix ID group rigid|rigid/nve BODYSTYLE ... keywords` (LAMMPS FixRigid's
 * constructor). assignBodies reads which atoms form which body: `single` (every atom of the fix
 * group is body 0), `molecule` (one body per molecule ID, bodies numbered in increasing ID),
 * `custom i_name|v_name` (as molecule, with the IDs from an integer per-atom property or an
 * atom-style or atomfile variable, shifted so the smallest is 1), `group N g1 ... gN` (body k =
 * atoms in the fix group and in group gk; an atom in two of them is an error). body[i] is −1 for
 * atoms in no body. parseFixRigid adds the keywords `force`/`torque M x y z` (on/off per body
 * range) and `reinit`; the others are refused by name.
 */
export interface BodyAssignment {
  body: Int32Array;
  nbody: number;
}

export function assignBodies(a: Args, sim: Simulation, groupBit: number): BodyAssignment {
  const s = sim.system;
  const n = s.n;
  const mask = s.mask;
  const body = new Int32Array(n).fill(-1);
  const style = a.word('body style (single, molecule, custom or group)');
  if (style === 'single') {
    for (let i = 0; i < n; i++) if (mask[i] & groupBit) body[i] = 0;
    return checked(body, 1);
  }
  if (style === 'molecule' || style === 'custom') {
    let ids: Int32Array;
    if (style === 'custom') {
      const name = a.word('custom property (i_name or v_name)');
      ids = customIds(name, sim, groupBit, a);
    } else {
      if (!s.atomStyle.molecule) a.fail('Fix rigid molecule requires atom attribute molecule');
      ids = s.molecule;
    }
    let maxmol = -1;
    for (let i = 0; i < n; i++) if (mask[i] & groupBit) maxmol = Math.max(maxmol, ids[i]);
    const mol2body = new Int32Array(maxmol + 1);
    for (let i = 0; i < n; i++) if (mask[i] & groupBit) mol2body[ids[i]]++;
    let nbody = 0;
    for (let m = 0; m <= maxmol; m++) mol2body[m] = mol2body[m] ? nbody++ : -1;
    for (let i = 0; i < n; i++) if (mask[i] & groupBit) body[i] = mol2body[ids[i]];
    return checked(body, nbody);
  }
  if (style === 'group') {
    const nbody = a.int('number of bodies', { ge: 1 });
    a.need(nbody, `${nbody} group IDs`);
    const bits: number[] = [];
    for (let k = 0; k < nbody; k++) {
      const g = a.word('group ID');
      const gi = sim.groups.find(g);
      if (gi < 0) a.fail(`Could not find fix rigid group ID '${g}'`);
      bits.push(1 << gi);
    }
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & groupBit)) continue;
      for (let k = 0; k < nbody; k++)
        if (mask[i] & bits[k]) {
          if (body[i] >= 0) a.fail('One or more atoms belong to multiple rigid bodies');
          body[i] = k;
        }
    }
    return checked(body, nbody);
  }
  return a.fail(`unknown body style '${style}' (expected single, molecule, custom or group)`);
}

/** custom i_name / v_name: per-atom body IDs shifted so the smallest in the group is 1 (LAMMPS). */
function customIds(name: string, sim: Simulation, groupBit: number, a: Args): Int32Array {
  const s = sim.system;
  const n = s.n;
  const mask = s.mask;
  const raw = new Int32Array(n);
  if (name.startsWith('i_')) {
    const prop = findCustomProperty(sim, name);
    if (!prop) {
      if (findCustomProperty(sim, `d_${name.slice(2)}`))
        a.fail('Fix rigid custom requires integer-valued property/atom');
      a.fail('Fix rigid custom requires previously defined property/atom');
    }
    for (let i = 0; i < n; i++) raw[i] = prop.get(name, s.tag[i]);
  } else if (name.startsWith('v_')) {
    const v = name.slice(2);
    if (!sim.variables.has(v)) a.fail('Variable name for fix rigid custom does not exist');
    const vs = sim.variables.styleOf(v);
    if (vs !== 'atom' && vs !== 'atomfile') a.fail('Fix rigid custom variable is no atom-style variable');
    const value = sim.variables.evaluateAtomArray(v);
    // C++ (int) conversion truncates toward zero
    for (let i = 0; i < n; i++) raw[i] = Math.trunc(value[i]);
  } else a.fail(`Unsupported fix rigid custom property '${name}'`);
  let minval = 2 ** 31 - 1;
  for (let i = 0; i < n; i++) if (mask[i] & groupBit) minval = Math.min(minval, raw[i]);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = mask[i] & groupBit ? raw[i] - minval + 1 : 0;
  return ids;
}

function checked(body: Int32Array, nbody: number): BodyAssignment {
  if (nbody === 0) throw new Error('No rigid bodies defined');
  const count = new Int32Array(nbody);
  for (let i = 0; i < body.length; i++) if (body[i] >= 0) count[body[i]]++;
  for (let b = 0; b < nbody; b++) if (count[b] <= 1) throw new Error('One or zero atoms in rigid body');
  return { body, nbody };
}

/** Keywords of the thermostatted/barostatted variants, refused by name here. */
/** Thermostat/barostat settings of rigid/nvt, rigid/npt, rigid/nph (LAMMPS FixRigid's keywords). */
export interface RigidNHOptions {
  tstat: boolean;
  tStart: number;
  tStop: number;
  tPeriod: number;
  tChain: number;
  tIter: number;
  tOrder: number;
  pChain: number;
  pFlag: [boolean, boolean, boolean];
  pStart: Float64Array;
  pStop: Float64Array;
  pPeriod: Float64Array;
  pcouple: 'none' | 'xyz' | 'xy' | 'yz' | 'xz';
  pstyle: 'iso' | 'aniso';
  /** `dilate all` or a group ID. */
  dilate: string;
}

export interface RigidOptions {
  fflag: Float64Array;
  tflag: Float64Array;
  reinit: boolean;
  nh: RigidNHOptions;
  /** keyword langevin Tstart Tstop Tperiod seed (rigid, rigid/nve), else null. */
  langevin: { tStart: number; tStop: number; tPeriod: number; seed: number } | null;
}

/**
 * Parse `fix ID group rigid[/nve|/nvt|/npt|/nph] BODYSTYLE ... [force M x y z] [torque M x y z]
 * [reinit yes|no] [temp Tstart Tstop Tdamp] [iso|aniso|x|y|z Pstart Pstop Pdamp] [couple ...]
 * [dilate all|group] [tparam Tchain Titer Torder] [pchain N]` with LAMMPS's checks of which style
 * takes which keyword; make builds the fix.
 */
export function parseFixRigid(
  group: string,
  args: string[],
  sim: Simulation,
  style: string,
  make: (body: Int32Array, nbody: number, opts: RigidOptions) => Fix,
): Fix {
  const a = new Args(`fix ${style}`, args);
  const groupBit = groupBitOf(sim, group);
  // 2d needs fix enforce2d to call into the bodies (LAMMPS FixRigid::enforce2d), not done yet
  if (sim.system.dimension === 2) a.fail('rigid bodies in a 2d simulation (dimension 2) are not supported yet');
  a.need(1, 'bodystyle (single, molecule, custom or group)');
  const { body, nbody } = assignBodies(a, sim, groupBit);
  const fflag = new Float64Array(3 * nbody).fill(1.0);
  const tflag = new Float64Array(3 * nbody).fill(1.0);
  let reinit = true;
  let langevin: RigidOptions['langevin'] = null;
  const nh: RigidNHOptions = {
    tstat: false,
    tStart: 0,
    tStop: 0,
    tPeriod: 0,
    tChain: 10,
    tIter: 1,
    tOrder: 3,
    pChain: 10,
    pFlag: [false, false, false],
    pStart: new Float64Array(3),
    pStop: new Float64Array(3),
    pPeriod: new Float64Array(3),
    pcouple: 'none',
    pstyle: 'aniso',
    dilate: 'all',
  };
  const tStyles = ['rigid/nvt', 'rigid/npt'];
  const pStyles = ['rigid/npt', 'rigid/nph'];
  const only = (k: Args, key: string, styles: string[]) => {
    if (!styles.includes(style))
      k.fail(`keyword '${key}' is for fix ${styles.join(' or ')} only (Illegal fix rigid command)`);
  };
  const flags = (which: 'force' | 'torque') => (k: Args) => {
    const [lo, hi] = bodyRange(k, nbody);
    const on = [0, 1, 2].map(() => (k.oneOf(`${which} flag`, ['on', 'off']) === 'on' ? 1.0 : 0.0));
    const arr = which === 'force' ? fflag : tflag;
    for (let m = lo; m <= hi; m++) for (let d = 0; d < 3; d++) arr[3 * (m - 1) + d] = on[d];
  };
  const press = (key: string, dims: number[]) => (k: Args) => {
    only(k, key, pStyles);
    const p0 = k.num(`${key} Pstart`);
    const p1 = k.num(`${key} Pstop`);
    const pd = k.num(`${key} Pdamp`);
    for (const d of dims) {
      nh.pStart[d] = p0;
      nh.pStop[d] = p1;
      nh.pPeriod[d] = pd;
      nh.pFlag[d] = true;
    }
    if (key === 'iso') nh.pcouple = 'xyz';
  };
  const refuse = (key: string, why: string) => () => a.fail(`keyword '${key}' ${why}`);
  const handlers: Record<string, (k: Args) => void> = {
    force: flags('force'),
    torque: flags('torque'),
    reinit: (k) => {
      reinit = k.bool('reinit');
    },
    temp: (k) => {
      only(k, 'temp', tStyles);
      nh.tstat = true;
      nh.tStart = k.num('temp Tstart');
      nh.tStop = k.num('temp Tstop');
      nh.tPeriod = k.num('temp Tdamp');
    },
    iso: press('iso', [0, 1, 2]),
    aniso: press('aniso', [0, 1, 2]),
    x: press('x', [0]),
    y: press('y', [1]),
    z: press('z', [2]),
    couple: (k) => {
      nh.pcouple = k.oneOf('couple', ['xyz', 'xy', 'yz', 'xz', 'none']);
    },
    dilate: (k) => {
      nh.dilate = k.word('dilate group');
      if (nh.dilate !== 'all' && sim.groups.find(nh.dilate) < 0)
        k.fail('Fix rigid npt/nph dilate group ID does not exist');
    },
    tparam: (k) => {
      only(k, 'tparam', tStyles);
      nh.tChain = k.int('tparam Tchain', { ge: 1 });
      nh.tIter = k.int('tparam Titer', { ge: 1 });
      nh.tOrder = k.int('tparam Torder');
      if (nh.tOrder !== 3 && nh.tOrder !== 5) k.fail('Fix rigid nvt/npt temperature order must be 3 or 5');
    },
    pchain: (k) => {
      only(k, 'pchain', pStyles);
      nh.pChain = k.int('pchain', { ge: 1 });
    },
    langevin: (k) => {
      only(k, 'langevin', ['rigid', 'rigid/nve']);
      const tStart = k.num('langevin Tstart');
      const tStop = k.num('langevin Tstop');
      const tPeriod = k.num('langevin Tperiod');
      const seed = k.int('langevin seed');
      if (tPeriod <= 0.0) k.fail('Fix rigid langevin period must be > 0.0');
      if (seed <= 0) k.fail('Illegal fix rigid command: the langevin seed must be > 0');
      langevin = { tStart, tStop, tPeriod, seed };
    },
    infile: refuse('infile', 'is not supported yet'),
    gravity: refuse('gravity', 'is not supported yet'),
  };
  a.keywords(handlers);
  nh.pstyle = nh.pcouple === 'xyz' ? 'iso' : 'aniso';
  checkNH(a, style, nh, sim);
  let natoms = 0;
  for (let i = 0; i < body.length; i++) if (body[i] >= 0) natoms++;
  sim.out.print(`  ${nbody} rigid bodies with ${natoms} atoms`);
  return make(body, nbody, { fflag, tflag, reinit, nh, langevin });
}

/** LAMMPS FixRigidNH's and the styles' constructor checks. */
function checkNH(a: Args, style: string, nh: RigidNHOptions, sim: Simulation): void {
  const pstat = nh.pFlag.some((f) => f);
  const p = nh.pFlag;
  const c = nh.pcouple;
  if (style === 'rigid/nvt' && !nh.tstat) a.fail('Did not set temperature for fix rigid/nvt');
  if (style === 'rigid/npt' && (!nh.tstat || !pstat)) a.fail('Did not set temperature or pressure for fix rigid/npt');
  if (style === 'rigid/nph' && !pstat) a.fail('Did not set pressure for fix rigid/nph');
  if (nh.tstat && (nh.tStart <= 0.0 || nh.tStop <= 0.0)) a.fail(`Target temperature for fix ${style} cannot be 0.0`);
  if (nh.tstat && nh.tPeriod <= 0.0) a.fail(`Fix ${style} period must be > 0.0`);
  for (let i = 0; i < 3; i++) if (p[i] && nh.pPeriod[i] <= 0.0) a.fail('Fix rigid npt/nph period must be > 0.0');
  const bad = () => a.fail('Invalid fix rigid npt/nph command pressure settings');
  if (c === 'xyz' && (!p[0] || !p[1] || !p[2])) bad();
  if (c === 'xy' && (!p[0] || !p[1])) bad();
  if (c === 'yz' && (!p[1] || !p[2])) bad();
  if (c === 'xz' && (!p[0] || !p[2])) bad();
  const same = (i: number, j: number) =>
    nh.pStart[i] === nh.pStart[j] && nh.pStop[i] === nh.pStop[j] && nh.pPeriod[i] === nh.pPeriod[j];
  if (c === 'xyz' && (!same(0, 1) || !same(0, 2))) bad();
  if (c === 'xy' && !same(0, 1)) bad();
  if (c === 'yz' && !same(1, 2)) bad();
  if (c === 'xz' && !same(0, 2)) bad();
  const per = sim.system.box.periodic;
  for (let i = 0; i < 3; i++) if (p[i] && !per[i]) a.fail('Cannot use fix rigid npt/nph on a non-periodic dimension');
}

/** A body range as LAMMPS's force->bounds: M, *, M*, *N or M*N over 1..nbody. */
function bodyRange(a: Args, nbody: number): [number, number] {
  const w = a.word('body range');
  const m = /^(\d*)\*(\d*)$/.exec(w);
  let lo: number;
  let hi: number;
  if (m) {
    lo = m[1] === '' ? 1 : Number(m[1]);
    hi = m[2] === '' ? nbody : Number(m[2]);
  } else if (/^\d+$/.test(w)) lo = hi = Number(w);
  else return a.fail(`invalid body range '${w}'`);
  if (lo < 1 || hi > nbody || lo > hi) a.fail(`body range '${w}' is outside 1-${nbody}`);
  return [lo, hi];
}
