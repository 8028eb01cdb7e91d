import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { PlumedEngine } from '../src/plumed/engine.js';
import { mdUnitsOf } from '../src/plumed/units.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { requireGroupAll } from './group.js';

/**
 * fix ID group plumed plumedfile FILE [outfile FILE] (LAMMPS's fix plumed, PLUMED package): the
 * collective variables and biases of a PLUMED input file (the subset in docs/plumed.md), evaluated
 * by src/plumed/ in post_force (also in setup, as LAMMPS does), adding the bias forces. As in
 * LAMMPS: the scalar f_ID is the bias energy (energy units), the fix contributes energy and virial
 * (fix_modify energy/virial default yes), only one fix plumed may exist, and the deck's units are
 * passed to PLUMED (real: Å, kcal/mol, fs; metal: Å, eV, ps; lj: natural units).
 */
export class FixPlumed implements Fix {
  readonly style = 'plumed';
  readonly energyGlobal = true;
  readonly virialGlobal = true;
  thermoEnergy = true;
  thermoVirial = true;
  private bias = 0;

  constructor(
    readonly id: string,
    readonly engine: PlumedEngine,
  ) {}

  init(sim: Simulation): void {
    this.engine.dt = sim.dt;
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    this.bias = this.engine.calc({ x: s.x, f: s.f, tag: s.tag, n: s.n, box: s.box }, sim.step);
  }

  computeScalar(): number {
    return this.bias;
  }

  virial6(): ArrayLike<number> {
    return this.engine.virial;
  }
}

function inputPathOf(files: FilePaths | undefined, name: string): string {
  const f = files as (FilePaths & { inputPath?(n: string): string }) | undefined;
  return f?.inputPath ? f.inputPath(name) : f ? f.outputPath(name) : name;
}

export function createFixPlumed(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  requireGroupAll('plumed', group);
  const usage = "use 'fix <fix-ID> plumed plumedfile plumed.dat outfile plumed.out'";
  let plumedFile: string | undefined;
  let outFile: string | undefined;
  for (let k = 0; k < args.length; k += 2) {
    const key = args[k];
    const val = args[k + 1];
    if (key !== 'plumedfile' && key !== 'outfile')
      throw new Error(`Illegal fix plumed command: unknown keyword '${key}': ${usage}`);
    if (val === undefined) throw new Error(`Illegal fix plumed command: missing argument for ${key} option`);
    if (key === 'plumedfile') plumedFile = val;
    else outFile = val;
  }
  if (plumedFile === undefined) throw new Error(`Illegal fix plumed command: plumedfile is required: ${usage}`);
  if (sim.fixes.some((f) => f.style === 'plumed' && f.id !== id))
    throw new Error('There must be only one instance of fix plumed');
  const units = sim.system.units.name;
  if (units !== 'lj' && units !== 'metal' && units !== 'real')
    throw new Error(`fix plumed: units ${units} are not supported (the PLUMED interface here knows lj, metal, real)`);
  const path = inputPathOf(files, plumedFile);
  if (!existsSync(path)) throw new Error(`fix plumed: cannot open PLUMED input file ${plumedFile}`);
  const text = readFileSync(path, 'utf8');
  const out = (name: string) => (files ? files.outputPath(name) : name);
  let logFd = -1;
  if (outFile !== undefined) logFd = openSync(out(outFile), 'w');
  const log = (t: string): void => {
    if (logFd >= 0) writeSync(logFd, t);
  };
  try {
    const engine = new PlumedEngine(text, plumedFile, {
      md: mdUnitsOf(units),
      outputPath: out,
      inputPath: (n) => inputPathOf(files, n),
      log,
    });
    return new FixPlumed(id, engine);
  } catch (e) {
    if (logFd >= 0) closeSync(logFd);
    throw e;
  }
}
