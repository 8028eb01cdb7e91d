import type { ActionReader } from './action_reader.js';
import type { PlumedUnits } from './units.js';
import type { ValueStore } from './values.js';

/**
 * What an action sees while it is evaluated: the values, separations between the atoms it
 * referenced (minimum image, PLUMED length units), the step and time (PLUMED time units), and
 * where its files go.
 */
export interface PlumedContext {
  readonly values: ValueStore;
  readonly units: PlumedUnits;
  /** Current MD step and PLUMED time (step * dt in PLUMED time units). */
  readonly step: number;
  readonly time: number;
  /** Separation r_b - r_a of engine atoms a and b into out[o..o+2]: minimum image unless pbc is false. */
  delta(a: number, b: number, out: Float64Array, o: number, pbc: boolean): void;
}

/** One action of the input, evaluated in input order every step (PLUMED's ActionSet). */
export interface PlumedAction {
  readonly name: string;
  readonly label: string;
  /** Compute this action's values (and derivatives); biases also add dB/ds to their arguments. */
  calculate(ctx: PlumedContext): void;
  /** Bias energy this action contributes (PLUMED energy units), 0 for CVs and PRINT. */
  readonly biasValue?: number;
  /** After forces: deposit hills, print lines (PLUMED Action::update). */
  update?(ctx: PlumedContext): void;
  /** Flush and close files at the end of a run. */
  close?(): void;
}

/** How actions resolve atoms, values and files while they are being built. */
export interface ActionBuilder {
  readonly values: ValueStore;
  readonly units: PlumedUnits;
  /** Engine index of the atom with this ID (1-based), registering it on first use. */
  atom(tag: number): number;
  /** Value index of an ARG item (`label` or `label.component`), with a clear error when unknown. */
  arg(r: ActionReader, name: string): number;
  /** Absolute path of an output file named in the input (relative to the deck's directory). */
  outputPath(name: string): string;
  /** Absolute path of an input file named in the input (HILLS restart). */
  inputPath(name: string): string;
  /** True when the input restarts (RESTART action): METAD reads its HILLS file and appends. */
  readonly restart: boolean;
}

export type ActionFactory = (r: ActionReader, b: ActionBuilder) => PlumedAction;

/** ARG=... as value indices; every argument must carry atom derivatives when `biased`. */
export function readArgs(r: ActionReader, b: ActionBuilder, biased: boolean): Int32Array {
  const names = r.list('ARG');
  const ks = names.map((n) => b.arg(r, n));
  if (biased)
    for (let i = 0; i < ks.length; i++)
      if (!b.values.differentiable(ks[i]))
        r.fail(`argument ${names[i]} has no atom derivatives (a bias component cannot be biased here)`);
  return Int32Array.from(ks);
}
