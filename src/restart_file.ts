import { readFileSync, writeFileSync } from 'node:fs';
import { Box } from './box.js';
import { ATOM_STYLES } from './molecular/topology.js';
import type { Simulation } from './simulation.js';
import { unitSystem } from './units.js';
import { type PairCommand, pairRestartCommands } from './pair_restart.js';

/**
 * Restart files of dpmd (write_restart / read_restart / restart): our own format, not LAMMPS's
 * binary one (LAMMPS cannot read it, nor dpmd LAMMPS's). A JSON document, first key
 * `format: "dpmd-restart"` and `version: 1`, holding what LAMMPS's restart holds for the atoms and
 * the box: units, timestep number and size, atom style, box (lo, hi, tilts, periodicity), types
 * and masses, groups (names and each atom's membership), and per atom its ID, type, mask, image
 * flags, position, velocity, charge and molecule ID. Numbers are written in JavaScript's shortest
 * round-trip form, so a run continued from a restart file is bit-identical to one not stopped.
 * The pair style too, as the commands that built it (`pair`, src/pair_restart.ts), for the styles
 * LAMMPS restores (not the file-based ones). Fixes with global restart state (LAMMPS
 * restart_global: the Nosé-Hoover family, temp/berendsen, temp/rescale) save it by ID and style; a
 * fix defined after read_restart with the same ID and style takes it back before the first run
 * (Simulation.restartFixes), as LAMMPS's Modify::add_fix does. Not saved (a deck re-specifies them
 * after read_restart, as LAMMPS requires for most of them): bond styles and coefficients, the fixes
 * themselves, computes, neighbor settings;
 * bonded topology is refused for now (write_data keeps it).
 */
export interface RestartData {
  format: 'dpmd-restart';
  version: 1;
  units: string;
  step: number;
  dt: number;
  atomStyle: string;
  box: { lo: number[]; hi: number[]; tilt: number[] | null; periodic: boolean[] };
  ntypes: number;
  mass: number[];
  massSet: boolean[];
  /** Group names by group index (null: free slot); mask bit g is group g. */
  groups: (string | null)[];
  atoms: {
    tag: number[];
    type: number[];
    mask: number[];
    image: number[];
    x: number[];
    v: number[];
    q: number[];
    mol: number[];
  };
  /** pair_style / pair_coeff / pair_modify commands that rebuild the pair style (absent: none stored). */
  pair?: PairCommand[];
  /**
   * Global state of the fixes that keep one (LAMMPS restart_global: fix nvt/npt/nph/nvt/sllod's
   * chains and barostat), by fix ID and style, each in LAMMPS's write_restart layout. Optional:
   * files written before it existed have none.
   */
  fixes?: RestartFixState[];
}

/** One fix's global restart state (LAMMPS Modify::write_restart: id, style, the fix's list of doubles). */
export interface RestartFixState {
  id: string;
  style: string;
  state: number[];
}

/** Write the current state to `path`. */
export function writeRestart(path: string, sim: Simulation): void {
  if (sim.system.atomStyle.sphere) throw new Error('write_restart with atom_style sphere is not supported yet');
  const s = sim.system;
  if (!s.boxExists) throw new Error('Write_restart command before simulation box is defined');
  if (s.topology.any)
    throw new Error('write_restart: bonded topology is not saved in dpmd restart files yet (use write_data)');
  if (s.peri) throw new Error('write_restart of atom_style peri is not supported yet');
  const n = s.n;
  const b = s.box;
  const groups: (string | null)[] = [];
  for (let g = 0; g < 32; g++) groups.push(null);
  for (const name of sim.groups.list()) groups[sim.groups.find(name)] = name;
  const data: RestartData = {
    format: 'dpmd-restart',
    version: 1,
    units: s.units.name,
    step: sim.step,
    dt: sim.dt,
    atomStyle: s.atomStyle.name,
    box: {
      lo: Array.from(b.lo),
      hi: Array.from(b.hi),
      tilt: b.triclinic ? [b.xy, b.xz, b.yz] : null,
      periodic: [...b.periodic],
    },
    ntypes: s.ntypes,
    mass: Array.from(s.mass.subarray(0, s.ntypes + 1)),
    massSet: s.massSet.slice(0, s.ntypes + 1),
    groups,
    atoms: {
      tag: Array.from(s.tag.subarray(0, n)),
      type: Array.from(s.type.subarray(0, n)),
      mask: Array.from(s.mask.subarray(0, n)),
      image: Array.from(s.image.subarray(0, 3 * n)),
      x: Array.from(s.x.subarray(0, 3 * n)),
      v: Array.from(s.v.subarray(0, 3 * n)),
      q: Array.from(s.q.subarray(0, n)),
      mol: Array.from(s.molecule.subarray(0, n)),
    },
    fixes: sim.fixes.flatMap((f) => (f.restartState ? [{ id: f.id, style: f.style, state: f.restartState() }] : [])),
  };
  const pair = pairRestartCommands(sim.pair);
  if (pair) data.pair = pair;
  try {
    writeFileSync(path, `${JSON.stringify(data)}\n`);
  } catch (e) {
    throw new Error(`Cannot open restart file ${path}: ${(e as Error).message}`);
  }
}

/**
 * Read a restart file into a simulation that has no box yet. Returns the stored pair commands for
 * the caller to replay (empty when none were stored).
 */
export function readRestart(path: string, sim: Simulation): PairCommand[] {
  const s = sim.system;
  if (s.boxExists) throw new Error('Cannot read_restart after simulation box is defined');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open restart file ${path}`);
  }
  let d: RestartData;
  try {
    d = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not a dpmd restart file (LAMMPS's binary restart files cannot be read)`);
  }
  if (d?.format !== 'dpmd-restart') throw new Error(`${path} is not a dpmd restart file`);
  if (d.version !== 1)
    throw new Error(`${path}: restart file version ${d.version} is not supported (this dpmd reads 1)`);
  const style = Object.hasOwn(ATOM_STYLES, d.atomStyle) ? ATOM_STYLES[d.atomStyle] : undefined;
  if (!style) throw new Error(`${path}: unknown atom style '${d.atomStyle}'`);
  const n = d.atoms.tag.length;
  const a = d.atoms;
  if ([a.type, a.mask, a.q, a.mol].some((v) => v.length !== n) || [a.image, a.x, a.v].some((v) => v.length !== 3 * n))
    throw new Error(`${path}: per-atom arrays have inconsistent lengths`);
  s.units = unitSystem(d.units);
  sim.dt = d.dt;
  sim.neighbor.skin = s.units.skin;
  sim.step = d.step;
  s.atomStyle = style;
  const tilt = d.box.tilt ? { xy: d.box.tilt[0], xz: d.box.tilt[1], yz: d.box.tilt[2] } : undefined;
  const box = new Box(d.box.lo, d.box.hi, tilt);
  box.periodic = [d.box.periodic[0], d.box.periodic[1], d.box.periodic[2]];
  s.box = box;
  s.boxExists = true;
  s.setTypes(d.ntypes);
  for (let t = 1; t <= d.ntypes; t++) {
    s.mass[t] = d.mass[t];
    s.massSet[t] = d.massSet[t];
  }
  // Groups get the first free index here: map each saved bit to the new one.
  const bitMap: number[] = [];
  d.groups.forEach((name, g) => {
    if (name !== null) bitMap.push(1 << g, 1 << sim.groups.findOrCreate(name));
  });
  for (let i = 0; i < n; i++) {
    const k = s.addAtom(a.type[i], a.x[3 * i], a.x[3 * i + 1], a.x[3 * i + 2], a.tag[i]);
    let mask = 0;
    for (let m = 0; m < bitMap.length; m += 2) if (a.mask[i] & bitMap[m]) mask |= bitMap[m + 1];
    s.mask[k] = mask;
    for (let c = 0; c < 3; c++) {
      s.image[3 * k + c] = a.image[3 * i + c];
      s.v[3 * k + c] = a.v[3 * i + c];
    }
    s.q[k] = a.q[i];
    s.molecule[k] = a.mol[i];
  }
  sim.restartFixes = (d.fixes ?? []).map((f) => ({ ...f, used: false }));
  return Array.isArray(d.pair) ? d.pair : [];
}
