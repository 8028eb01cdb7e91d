import { type OutputValue, parseOutputRef, resolveOutputRef } from '../src/output_refs.js';
import { int } from '../src/parse.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';

/** One stored input: a compute's or fix's global scalar or vector element, or an equal-style variable. */
type Value = { word: string; kind: 'ref'; out: OutputValue | null } | { word: string; kind: 'variable'; name: string };

const ILLEGAL = 'Illegal fix vector command';

/**
 * fix ID group vector Nevery value1 value2 ... (LAMMPS FixVector, 29 Sep 2021): every Nevery steps
 * (steps that are multiples of Nevery, from the first one at or after the fix command, including
 * the setup of a run) the values are appended to a growing global vector (one value: read as
 * f_ID[i] and by the formula functions sum/min/max/ave/trap/slope(f_ID)) or array (several
 * values: a row per sample, f_ID[i] is column i for those functions). Values: c_ID, c_ID[i],
 * f_ID, f_ID[i], v_name (equal-style). The storage outlives runs; it grows by doubling, so a long
 * run costs amortised O(1) per sample.
 */
export class FixVector implements Fix {
  readonly style = 'vector';
  private readonly nevery: number;
  private readonly values: Value[];
  /** Samples, row-major (rows x values.length). */
  private data = new Float64Array(64);
  private rows = 0;
  /** Next step on which endOfStep stores a row (LAMMPS nextstep). */
  private nextstep: number;
  readonly extensive: boolean;

  constructor(
    readonly id: string,
    args: string[],
    sim: Simulation,
  ) {
    if (args.length < 2) throw new Error(`${ILLEGAL}: expected "fix ID group vector Nevery value ..."`);
    this.nevery = int(args[0], 'fix vector Nevery');
    if (this.nevery <= 0) throw new Error(`${ILLEGAL}: Nevery must be > 0`);
    this.values = args.slice(1).map((word): Value => {
      if (word.startsWith('v_')) {
        const name = word.slice(2);
        const style = sim.variables.styleOf(name);
        if (style === undefined) throw new Error(`Variable name ${name} for fix vector does not exist`);
        if (style !== 'equal') throw new Error(`Fix vector variable ${name} is not equal-style variable`);
        return { word, kind: 'variable', name };
      }
      const ref = parseOutputRef(word);
      if (!ref) throw new Error(`${ILLEGAL}: '${word}' is not c_ID, c_ID[i], f_ID, f_ID[i] or v_name`);
      return { word, kind: 'ref', out: resolveOutputRef(sim, ref, 'Fix vector') };
    });
    // LAMMPS: every value must agree on extensivity (variables are intensive).
    const ext = this.values.map((v) => (v.kind === 'ref' ? v.out!.extensive : false));
    if (ext.some((e) => e !== ext[0]))
      throw new Error('Fix vector cannot set output array intensive/extensive from these inputs');
    this.extensive = ext[0];
    const step = sim.step;
    this.nextstep = Math.floor(step / this.nevery) * this.nevery;
    if (this.nextstep < step) this.nextstep += this.nevery;
  }

  /** Length of the global vector (one value) or 0 (several values: an array). */
  get vectorLength(): number {
    return this.values.length === 1 ? this.rows : 0;
  }

  /** Rows and columns of the global array (several values), 0 x 0 with one value. */
  get arrayRows(): number {
    return this.values.length > 1 ? this.rows : 0;
  }

  get arrayCols(): number {
    return this.values.length > 1 ? this.values.length : 0;
  }

  init(sim: Simulation): void {
    // Computes and fixes may have been redefined since the fix command (LAMMPS FixVector::init).
    for (const v of this.values) {
      if (v.kind === 'ref') v.out = resolveOutputRef(sim, parseOutputRef(v.word)!, 'Fix vector');
      else if (!sim.variables.has(v.name)) throw new Error(`Variable name ${v.name} for fix vector does not exist`);
    }
  }

  setup(sim: Simulation): void {
    this.endOfStep(sim);
  }

  needsEnergyOn(step: number): boolean {
    return step === this.nextstep && this.values.some((v) => v.kind === 'variable' || v.out!.needsEnergy);
  }

  endOfStep(sim: Simulation): void {
    if (sim.step !== this.nextstep) return;
    const nv = this.values.length;
    if ((this.rows + 1) * nv > this.data.length) {
      const grown = new Float64Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    const base = this.rows * nv;
    for (let j = 0; j < nv; j++) {
      const v = this.values[j];
      this.data[base + j] = v.kind === 'variable' ? sim.variables.evaluate(v.name) : v.out!.value(sim);
    }
    this.nextstep += this.nevery;
    this.rows++;
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.data[i];
  }

  computeArray(_sim: Simulation, i: number, j: number): number {
    return this.data[i * this.values.length + j];
  }
}

export function createFixVector(id: string, _group: string, args: string[], sim: Simulation): Fix {
  return new FixVector(id, args, sim);
}
