import { latticeSpacing } from './lattice_spacing.js';
import { removeAtoms } from './remove_atoms.js';
import { recordLost, resetLost } from './lost_atoms.js';
import { kineticEnergy, pressure, pressureTensor, temperature } from './computes.js';
import { sprintf } from './format.js';
import { yesNo } from './parse.js';
import { fixEnergy } from './fix_contributions.js';
import { parseOutputRef, resolveOutputRef } from './output_refs.js';
import type { Simulation } from './simulation.js';
import {
  computeKineticEnergy,
  computePressure,
  computePressureTensor,
  type TemperatureCompute,
  thermoTemperatureCompute,
} from './thermo_temperature.js';

/** One thermo keyword: its column header as LAMMPS prints it, int or float, extensive or not. */
interface Keyword {
  header: string;
  int?: boolean;
  /** Extensive quantities are divided by the atom count when thermo_modify norm is yes. */
  extensive?: boolean;
  value(sim: Simulation, c: ThermoCache): number;
}

/** Per-row cache so temp/press/pxx.. are computed once per row. */
class ThermoCache {
  private t: number | null = null;
  private pt: Float64Array | null = null;
  /** thermo_modify temp ID: the compute standing in for the default temperature (null: group all). */
  private readonly tc: TemperatureCompute | null;
  constructor(private readonly sim: Simulation) {
    const id = sim.thermo.tempId;
    this.tc = id === null ? null : thermoTemperatureCompute(sim, id);
  }
  temp(): number {
    return (this.t ??= this.tc ? this.tc.computeScalar(this.sim) : temperature(this.sim));
  }
  ke(): number {
    return this.tc ? computeKineticEnergy(this.sim, this.tc, this.temp()) : kineticEnergy(this.sim);
  }
  press(): number {
    return this.tc ? computePressure(this.sim, this.tc, this.temp()) : pressure(this.sim, this.temp());
  }
  ptensor(k: number): number {
    if (!this.pt) {
      this.pt = new Float64Array(6);
      if (this.tc) computePressureTensor(this.sim, this.tc, this.pt);
      else pressureTensor(this.sim, this.pt);
    }
    return this.pt[k];
  }
}

function pe(sim: Simulation): number {
  if (!sim.peValid)
    throw new Error('Energy was not tallied on this timestep (internal error: thermo step without eflag)');
  return sim.pe;
}

/** Potential energy as LAMMPS's thermo_pe: the pair energy plus the fixes with fix_modify energy yes. */
function peTotal(sim: Simulation): number {
  return pe(sim) + fixEnergy(sim);
}

const box = (sim: Simulation) => sim.system.box;
/** The pair/bonded energy split of the latest evaluation, valid when pe is. */
const mol = (sim: Simulation) => {
  pe(sim);
  return sim.molecular;
};
const ecouple = (sim: Simulation) => sim.fixes.reduce((a, f) => a + (f.energyCouple?.(sim) ?? 0), 0);

const KEYWORDS: Record<string, Keyword> = {
  step: { header: 'Step', int: true, value: (s) => s.step },
  elapsed: { header: 'Elapsed', int: true, value: (s) => s.step - s.firstStep },
  elaplong: { header: 'Elaplong', int: true, value: (s) => s.step - s.beginStep },
  dt: { header: 'Dt', value: (s) => s.dt },
  time: { header: 'Time', value: (s) => s.time },
  cpu: { header: 'CPU', value: (s) => s.thermo.cpu() },
  tpcpu: { header: 'T/CPU', value: (s) => s.thermo.tpcpu() },
  spcpu: { header: 'S/CPU', value: (s) => s.thermo.spcpu() },
  cpuremain: { header: 'CPULeft', value: (s) => s.thermo.cpuRemain() },
  atoms: { header: 'Atoms', int: true, value: (s) => s.system.n },
  // Neighbor builds and dangerous builds since the last setup (LAMMPS neighbor->ncalls, ndanger).
  nbuild: { header: 'Nbuild', int: true, value: (s) => s.neighbor.builds },
  ndanger: { header: 'Ndanger', int: true, value: (s) => s.neighbor.dangerous },
  temp: { header: 'Temp', value: (_s, c) => c.temp() },
  press: { header: 'Press', value: (_s, c) => c.press() },
  pe: { header: 'PotEng', extensive: true, value: (s) => peTotal(s) },
  ke: { header: 'KinEng', extensive: true, value: (_s, c) => c.ke() },
  etotal: { header: 'TotEng', extensive: true, value: (s, c) => peTotal(s) + c.ke() },
  enthalpy: {
    header: 'Enthalpy',
    extensive: true,
    value: (s, c) => peTotal(s) + c.ke() + (c.press() * box(s).volume()) / s.system.units.nktv2p,
  },
  // Pair and bonded parts of pe (src/molecular/molecular_forces.ts records them per evaluation).
  evdwl: { header: 'E_vdwl', extensive: true, value: (s) => mol(s).epair - mol(s).ecoul },
  ecoul: { header: 'E_coul', extensive: true, value: (s) => mol(s).ecoul },
  epair: { header: 'E_pair', extensive: true, value: (s) => mol(s).epair },
  ebond: { header: 'E_bond', extensive: true, value: (s) => mol(s).ebond },
  eangle: { header: 'E_angle', extensive: true, value: (s) => mol(s).eangle },
  edihed: { header: 'E_dihed', extensive: true, value: (s) => mol(s).edihed },
  eimp: { header: 'E_impro', extensive: true, value: (s) => mol(s).eimp },
  emol: {
    header: 'E_mol',
    extensive: true,
    value: (s) => mol(s).ebond + mol(s).eangle + mol(s).edihed + mol(s).eimp,
  },
  elong: { header: 'E_long', extensive: true, value: () => 0 },
  etail: { header: 'E_tail', extensive: true, value: (s) => (s.pair?.tail ? s.pair.tail.energy / box(s).volume() : 0) },
  // LAMMPS 29 Sep 2021 prints Ecouple unnormalised even with `thermo_modify norm yes`, and
  // Econserve as the normalised pe + ke plus that raw Ecouple; we print what it prints.
  ecouple: { header: 'Ecouple', value: (s) => ecouple(s) },
  econserve: {
    header: 'Econserve',
    value: (s, c) => (peTotal(s) + c.ke()) / s.thermo.normDivisor() + ecouple(s),
  },
  vol: { header: 'Volume', value: (s) => box(s).volume() },
  density: {
    header: 'Density',
    value: (s) => {
      let m = 0;
      for (let i = 0; i < s.system.n; i++) m += s.system.massOf(i);
      return (m / box(s).volume()) * s.system.units.mv2d;
    },
  },
  lx: { header: 'Lx', value: (s) => box(s).lx },
  ly: { header: 'Ly', value: (s) => box(s).ly },
  lz: { header: 'Lz', value: (s) => box(s).lz },
  xlo: { header: 'Xlo', value: (s) => box(s).lo[0] },
  xhi: { header: 'Xhi', value: (s) => box(s).hi[0] },
  ylo: { header: 'Ylo', value: (s) => box(s).lo[1] },
  yhi: { header: 'Yhi', value: (s) => box(s).hi[1] },
  zlo: { header: 'Zlo', value: (s) => box(s).lo[2] },
  zhi: { header: 'Zhi', value: (s) => box(s).hi[2] },
  xy: { header: 'Xy', value: (s) => box(s).xy },
  xz: { header: 'Xz', value: (s) => box(s).xz },
  yz: { header: 'Yz', value: (s) => box(s).yz },
  pxx: { header: 'Pxx', value: (_s, c) => c.ptensor(0) },
  pyy: { header: 'Pyy', value: (_s, c) => c.ptensor(1) },
  pzz: { header: 'Pzz', value: (_s, c) => c.ptensor(2) },
  pxy: { header: 'Pxy', value: (_s, c) => c.ptensor(3) },
  pxz: { header: 'Pxz', value: (_s, c) => c.ptensor(4) },
  pyz: { header: 'Pyz', value: (_s, c) => c.ptensor(5) },
  fmax: {
    header: 'Fmax',
    value: (s) => {
      let m = 0;
      for (let k = 0; k < 3 * s.system.n; k++) m = Math.max(m, Math.abs(s.system.f[k]));
      return m;
    },
  },
  fnorm: {
    header: 'Fnorm',
    value: (s) => {
      let m = 0;
      for (let k = 0; k < 3 * s.system.n; k++) m += s.system.f[k] * s.system.f[k];
      return Math.sqrt(m);
    },
  },
  cella: { header: 'Cella', value: (s) => box(s).lx },
  cellb: { header: 'Cellb', value: (s) => Math.hypot(box(s).ly, box(s).xy) },
  xlat: { header: 'Xlat', value: (s) => latticeSpacing(s, 0) },
  ylat: { header: 'Ylat', value: (s) => latticeSpacing(s, 1) },
  zlat: { header: 'Zlat', value: (s) => latticeSpacing(s, 2) },
  cellc: { header: 'Cellc', value: (s) => Math.hypot(box(s).xz, box(s).yz, box(s).lz) },
};

/** thermo_style one: LAMMPS's default columns. */
export const THERMO_ONE = ['step', 'temp', 'epair', 'emol', 'etotal', 'press'];

/**
 * Thermodynamic output as LAMMPS prints it: a header line starting with `Step`, rows formatted with
 * "%8d" for integers and "%12.8g" for floats unless thermo_modify format says otherwise, and the
 * "Loop time" summary line after each run.
 */
export class Thermo {
  every = 0;
  columns: string[] = [...THERMO_ONE];
  /** thermo_modify norm; null = the unit system's default (yes for lj). */
  norm: boolean | null = null;
  formatInt = '%8d';
  formatFloat = '%12.8g';
  formatLine: string | null = null;
  formatColumn = new Map<number, string>();
  /** thermo_style one: LAMMPS's default columns, with Volume added at each run when the box changes. */
  private styleOne = true;
  /** thermo_modify temp ID (null: LAMMPS's default thermo_temp on group all); thermo_style resets it. */
  tempId: string | null = null;
  /** Rows printed in the current run: { step, values } for tests and the API. */
  history: { step: number; values: number[] }[] = [];
  private t0 = performance.now();
  private lastCpu = { t: performance.now(), step: 0, time: 0 };

  constructor(private readonly sim: Simulation) {}

  setStyle(args: string[]): void {
    if (args[0] === 'one') {
      if (args.length !== 1) throw new Error('Illegal thermo_style command: one takes no arguments');
      this.columns = [...THERMO_ONE];
      this.styleOne = true;
    } else if (args[0] === 'custom') {
      if (args.length < 2) throw new Error('Illegal thermo_style command: custom needs keywords');
      // c_ID / f_ID may name a compute or fix defined later: only their syntax is checked here,
      // the ID when the run starts (LAMMPS Thermo::init).
      for (const k of args.slice(1)) if (!parseOutputRef(k)) this.keyword(k);
      this.columns = args.slice(1);
      this.styleOne = false;
    } else {
      throw new Error(`Unknown thermo_style '${args[0]}' (supported: one, custom)`);
    }
    this.formatColumn.clear();
    this.formatLine = null;
    this.tempId = null;
    // LAMMPS's thermo_style makes a new Thermo: thermo_modify lost goes back to error.
    this.setLost('error');
  }

  /**
   * thermo_modify lost error|warn|ignore (LAMMPS lostflag): with warn or ignore, atoms that leave
   * the box are dropped at the next neighbor build as LAMMPS's exchange drops them (last atom into
   * the hole), and the run goes on with fewer atoms; warn prints LAMMPS's warning once.
   */
  private setLost(policy: string | undefined): void {
    if (policy !== 'error' && policy !== 'warn' && policy !== 'ignore')
      throw new Error(`Illegal thermo_modify lost: expected error, warn or ignore, got '${policy ?? ''}'`);
    const sim = this.sim;
    if (policy === 'error') {
      sim.neighbor.dropLost = null;
      return;
    }
    let warned = false;
    sim.neighbor.dropLost = (flag) => {
      const before = sim.system.n;
      recordLost(sim, flag);
      if (removeAtoms(sim, flag) === 0) return;
      if (policy === 'warn' && !warned) {
        sim.out.warn(`Lost atoms: original ${before} current ${sim.system.n}`);
        warned = true;
      }
    };
  }

  /** The value of one thermo keyword now, normalised as thermo output would be (for equal-style variables). */
  keywordValue(name: string): number {
    const kw = this.keyword(name);
    const v = kw.value(this.sim, new ThermoCache(this.sim));
    return kw.extensive ? v / this.normDivisor() : v;
  }

  /** What extensive quantities are divided by: the atom count under `norm yes`, else 1. */
  normDivisor(): number {
    const norm = this.norm ?? this.sim.system.units.normDefault;
    return norm && this.sim.system.n > 0 ? this.sim.system.n : 1;
  }

  hasKeyword(name: string): boolean {
    return name in KEYWORDS;
  }

  private keyword(name: string): Keyword {
    const kw = KEYWORDS[name];
    if (kw) return kw;
    if (name.startsWith('v_')) {
      const vname = name.slice(2);
      return { header: name, value: (s) => s.variables.evaluate(vname) };
    }
    const ref = parseOutputRef(name);
    if (ref) {
      const out = resolveOutputRef(this.sim, ref, 'Thermo');
      return { header: name, extensive: out.extensive, value: (s) => out.value(s) };
    }
    throw new Error(
      `Unknown thermo keyword '${name}' (supported: ${Object.keys(KEYWORDS).join(' ')} v_name c_ID c_ID[i] f_ID f_ID[i])`,
    );
  }

  isOutputStep(step: number): boolean {
    return step === this.sim.lastStep || (this.every > 0 && step % this.every === 0);
  }

  header(): void {
    this.history = [];
    this.t0 = performance.now();
    this.lastCpu = { t: this.t0, step: this.sim.step, time: this.sim.time };
    // A run's setup: LAMMPS's temperature computes count their atoms again (src/lost_atoms.ts).
    resetLost(this.sim);
    // LAMMPS's style one prints Volume too when the box can change during the run (domain->box_change:
    // shrink-wrapped faces, fixes that change the box such as npt, deform, balance).
    if (this.styleOne) {
      const boxChanges = this.sim.system.box.shrink !== null || this.sim.fixes.some((f) => f.changesBox === true);
      this.columns = boxChanges ? [...THERMO_ONE, 'vol'] : [...THERMO_ONE];
    }
    this.sim.out.print(`${this.columns.map((c) => this.keyword(c).header).join(' ')} `);
  }

  /** Evaluate the current columns (normalised as configured). */
  values(): number[] {
    const sim = this.sim;
    const cache = new ThermoCache(sim);
    const div = this.normDivisor();
    return this.columns.map((c) => {
      const kw = this.keyword(c);
      const v = kw.value(sim, cache);
      return kw.extensive ? v / div : v;
    });
  }

  row(): void {
    const vals = this.values();
    this.history.push({ step: this.sim.step, values: vals });
    let line: string;
    if (this.formatLine) {
      line = sprintf(this.formatLine, ...vals);
    } else {
      line = `${vals
        .map((v, k) => {
          const kw = this.keyword(this.columns[k]);
          const fmt = this.formatColumn.get(k + 1) ?? (kw.int ? this.formatInt : this.formatFloat);
          return sprintf(fmt, v);
        })
        .join(' ')} `;
    }
    this.sim.out.print(line);
    this.lastCpu = { t: performance.now(), step: this.sim.step, time: this.sim.time };
    // The row is printed (nothing is hidden), then the run stops: NaN or Inf would only propagate.
    const bad = vals.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new Error(
        `Non-numeric thermo value: ${this.columns[bad]} = ${vals[bad]} at step ${this.sim.step} (the simulation is unstable)`,
      );
    }
  }

  /** The summary after a run; full = false (run ... post no) prints only the loop time, as LAMMPS's Finish. */
  footer(nsteps: number, seconds: number, full = true): void {
    const n = this.sim.system.n;
    const perf =
      seconds > 0 && nsteps > 0
        ? `${(nsteps / seconds).toFixed(3)} timesteps/s, ${((seconds / nsteps / Math.max(n, 1)) * 1e6).toFixed(4)} us/atom-step`
        : '';
    this.sim.out.print(`Loop time of ${sprintf('%g', seconds)} on 1 procs for ${nsteps} steps with ${n} atoms`);
    if (perf) this.sim.out.print(`Performance: ${perf}`);
    if (!full) {
      this.sim.out.print('');
      return;
    }
    this.sim.out.print(`Neighbor list builds = ${this.sim.neighbor.builds}`);
    const nb = this.sim.neighbor;
    this.sim.out.print(nb.check ? `Dangerous builds = ${nb.dangerous}` : 'Dangerous builds not checked');
    this.sim.out.print('');
  }

  cpu(): number {
    return (performance.now() - this.t0) / 1000;
  }
  tpcpu(): number {
    const dt = (performance.now() - this.lastCpu.t) / 1000;
    return dt > 0 ? (this.sim.time - this.lastCpu.time) / dt : 0;
  }
  spcpu(): number {
    const dt = (performance.now() - this.lastCpu.t) / 1000;
    return dt > 0 ? (this.sim.step - this.lastCpu.step) / dt : 0;
  }
  cpuRemain(): number {
    const done = this.sim.step - this.sim.firstStep;
    const total = this.sim.lastStep - this.sim.firstStep;
    return done > 0 ? (this.cpu() * (total - done)) / done : 0;
  }

  /** thermo_modify keyword value ... */
  modify(args: string[]): void {
    for (let k = 0; k < args.length; ) {
      const key = args[k];
      if (key === 'norm') {
        this.norm = yesNo(args[k + 1], 'thermo_modify norm');
        k += 2;
      } else if (key === 'format') {
        const what = args[k + 1];
        const fmt = args[k + 2];
        if (fmt === undefined)
          throw new Error('Illegal thermo_modify format: expected "format int|float|line|N FORMAT"');
        if (what === 'int') this.formatInt = fmt;
        else if (what === 'float') this.formatFloat = fmt;
        else if (what === 'line') this.formatLine = fmt;
        else if (what === 'none') {
          this.formatInt = '%8d';
          this.formatFloat = '%12.8g';
          this.formatLine = null;
          this.formatColumn.clear();
          k += 2;
          continue;
        } else if (/^\d+$/.test(what)) this.formatColumn.set(Number(what), fmt);
        else
          throw new Error(`Illegal thermo_modify format '${what}': expected int, float, line, none or a column number`);
        k += 3;
      } else if (key === 'temp') {
        // The compute is resolved (and checked) when rows are printed, as LAMMPS's Thermo::init does.
        const id = args[k + 1];
        if (id === undefined) throw new Error('Illegal thermo_modify temp: expected a compute ID');
        this.tempId = id;
        k += 2;
      } else if (
        key === 'flush' ||
        key === 'lost' ||
        key === 'lost/bond' ||
        key === 'warn' ||
        key === 'press' ||
        key === 'line'
      ) {
        if (key === 'press')
          throw new Error('thermo_modify press is not supported yet (only the default thermo_press)');
        // LAMMPS's multi and yaml layouts are not written: refused rather than silently printed as one line.
        if (key === 'line' && args[k + 1] !== 'one')
          throw new Error(
            `thermo_modify line ${args[k + 1] ?? '(missing)'} is not supported (dpmd writes LAMMPS's 'line one' layout only)`,
          );
        if (key === 'lost') this.setLost(args[k + 1]);
        k += 2;
      } else {
        throw new Error(`Unknown thermo_modify keyword '${key}'`);
      }
    }
  }
}
