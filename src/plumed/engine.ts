import type { Box } from '../box.js';
import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { ActionReader } from './action_reader.js';
import { PLUMED_ACTIONS } from './actions.js';
import { type ActionLine, PlumedInputError, parsePlumedInput } from './input.js';
import { createPrint } from './print.js';
import { type MdUnits, PlumedUnits } from './units.js';
import { ValueStore } from './values.js';

export interface PlumedEngineOptions {
  /** The deck's units as LAMMPS's fix plumed passes them to PLUMED. */
  md: MdUnits;
  /** Where files named in the input go / come from. */
  outputPath(name: string): string;
  inputPath(name: string): string;
  /** The PLUMED log (fix plumed outfile); PRINT without FILE writes here. */
  log(text: string): void;
}

/** The atoms, box and forces of one evaluation, in the deck's units; atoms are found by ID. */
export interface PlumedAtoms {
  x: Float64Array;
  f: Float64Array;
  tag: Int32Array;
  n: number;
  box: Box;
}

/**
 * A small PLUMED: the input's actions evaluated in order on the atoms' positions each step, then
 * the biases' forces applied through each value's gradient slots, then the actions' updates
 * (hill deposits, PRINT lines), as PLUMED's performCalc does (calculate, apply, update).
 *
 * Units at the edges (PLUMED's MD-units interface): positions are scaled into PLUMED lengths in
 * `delta`, the bias is returned in MD energy units, forces F_md = -(E_pl→md)(L_md→pl) dB/ds ∂s/∂r_pl,
 * and the virial Σ r⊗F = -(E_pl→md) dB/ds Σ r_pl⊗∂s/∂r_pl.
 */
export class PlumedEngine implements PlumedContext {
  readonly values = new ValueStore();
  readonly units: PlumedUnits;
  readonly actions: PlumedAction[] = [];
  /** Atom IDs the actions reference, in engine order. */
  atomTag = new Int32Array(0);
  /** Bias energy (MD units) and its virial xx, yy, zz, xy, xz, yz of the last evaluation. */
  bias = 0;
  readonly virial = new Float64Array(6);
  step = 0;
  time = 0;
  /** MD timestep (MD time units): set before each run. */
  dt = 0;
  private atoms: PlumedAtoms | undefined;
  private local = new Int32Array(0);
  private where = new Int32Array(0);
  private pos = new Float64Array(0);
  private readonly w9 = new Float64Array(9);

  constructor(
    text: string,
    readonly file: string,
    opts: PlumedEngineOptions,
  ) {
    this.units = new PlumedUnits(opts.md);
    const lines = parsePlumedInput(text, file);
    let restart = false;
    // UNITS and RESTART apply to the whole input, whatever their position.
    for (const l of lines) {
      if (l.name === 'UNITS') {
        const r = new ActionReader(l);
        this.units.read(r);
        r.done();
      } else if (l.name === 'RESTART') {
        const r = new ActionReader(l);
        r.done();
        restart = true;
      }
    }
    const tags: number[] = [];
    const tagIndex = new Map<number, number>();
    const labels = new Map<string, ActionLine>();
    const builder: ActionBuilder = {
      values: this.values,
      units: this.units,
      restart,
      atom(tag: number): number {
        let k = tagIndex.get(tag);
        if (k === undefined) {
          k = tags.length;
          tags.push(tag);
          tagIndex.set(tag, k);
        }
        return k;
      },
      arg: (r: ActionReader, name: string): number => {
        const k = this.values.find(name);
        if (k >= 0) return k;
        if (name === '*' || /[()*]/.test(name))
          r.fail(`ARG ${name}: wildcards and regular expressions are not supported`);
        const base = name.split('.')[0];
        const prev = labels.get(base);
        if (!prev) r.fail(`ARG ${name}: no action labelled ${base} before this line`);
        const comps = this.values.names.filter((n) => n.startsWith(`${base}.`));
        r.fail(
          `ARG ${name}: ${prev.name} ${base} has no value ${name}${comps.length ? ` (it has ${comps.join(', ')})` : ''}`,
        );
      },
      outputPath: opts.outputPath,
      inputPath: opts.inputPath,
    };
    for (const l of lines) {
      if (l.name === 'UNITS' || l.name === 'RESTART') continue;
      if (l.label !== undefined && labels.has(l.label)) {
        const p = labels.get(l.label)!;
        throw new PlumedInputError(`${file}:${l.line}: ${l.name}: label ${l.label} is already used at line ${p.line}`);
      }
      const r = new ActionReader(l);
      let action: PlumedAction;
      if (l.name === 'PRINT') action = createPrint(r, builder, opts.log);
      else {
        const factory = PLUMED_ACTIONS.get(l.name);
        if (!factory)
          throw new PlumedInputError(
            `${file}:${l.line}: action ${l.name} is not supported (supported: ${[...PLUMED_ACTIONS.keys(), 'PRINT', 'UNITS', 'RESTART', 'ENDPLUMED'].join(', ')})`,
          );
        action = factory(r, builder);
      }
      if (l.label !== undefined) labels.set(l.label, l);
      this.actions.push(action);
    }
    this.values.finalize();
    this.atomTag = Int32Array.from(tags);
    this.local = new Int32Array(tags.length);
    this.pos = new Float64Array(3 * tags.length);
    this.where = new Int32Array(Math.max(0, ...tags) + 1);
    opts.log(
      `PLUMED: ${this.actions.length} actions read from ${file}; units: length ${this.units.length} nm, energy ${this.units.energy} kJ/mol, time ${this.units.time} ps\n`,
    );
    for (const a of this.actions) opts.log(`PLUMED: Action ${a.name} with label ${a.label}\n`);
  }

  /** Separation r_b - r_a of engine atoms in PLUMED length units (minimum image unless pbc false). */
  delta(a: number, b: number, out: Float64Array, o: number, pbc: boolean): void {
    const p = this.pos;
    out[o] = p[3 * b] - p[3 * a];
    out[o + 1] = p[3 * b + 1] - p[3 * a + 1];
    out[o + 2] = p[3 * b + 2] - p[3 * a + 2];
    if (pbc) this.atoms!.box.minimumImage(out, o);
    const s = this.units.lengthToPlumed;
    out[o] *= s;
    out[o + 1] *= s;
    out[o + 2] *= s;
  }

  /**
   * Evaluate every action at this step, add the bias forces to atoms.f and return the bias energy
   * (MD units); `this.virial` holds its virial. `update` false skips the actions' updates (hill
   * deposits, PRINT), for evaluations that are not MD steps (finite differences).
   */
  calc(atoms: PlumedAtoms, step: number, update = true): number {
    this.atoms = atoms;
    this.step = step;
    this.time = step * this.dt * this.units.timeToPlumed;
    const where = this.where;
    where.fill(-1);
    const tag = atoms.tag;
    for (let i = 0; i < atoms.n; i++) if (tag[i] < where.length) where[tag[i]] = i;
    for (let a = 0; a < this.atomTag.length; a++) {
      const i = where[this.atomTag[a]];
      if (i < 0) throw new Error(`fix plumed: atom ID ${this.atomTag[a]} named in ${this.file} does not exist`);
      this.local[a] = i;
      this.pos[3 * a] = atoms.x[3 * i];
      this.pos[3 * a + 1] = atoms.x[3 * i + 1];
      this.pos[3 * a + 2] = atoms.x[3 * i + 2];
    }
    const v = this.values;
    v.biasDeriv.fill(0);
    let bias = 0;
    for (const act of this.actions) {
      act.calculate(this);
      if (act.biasValue !== undefined) bias += act.biasValue;
    }
    const eToMd = this.units.energyToMd;
    const fScale = eToMd * this.units.lengthToPlumed;
    const w9 = this.w9;
    w9.fill(0);
    const f = atoms.f;
    for (let k = 0; k < v.biasDeriv.length; k++) {
      const dB = v.biasDeriv[k];
      if (dB === 0) continue;
      if (!Number.isFinite(dB))
        throw new Error(`fix plumed: bias derivative of ${v.names[k]} is ${dB} at step ${step}`);
      const s0 = v.slotStart[k];
      const ns = v.slotCount[k];
      for (let s = s0; s < s0 + ns; s++) {
        const i = this.local[v.slotAtom[s]];
        f[3 * i] -= fScale * dB * v.grad[3 * s];
        f[3 * i + 1] -= fScale * dB * v.grad[3 * s + 1];
        f[3 * i + 2] -= fScale * dB * v.grad[3 * s + 2];
      }
      for (let q = 0; q < 9; q++) w9[q] -= eToMd * dB * v.virial[9 * k + q];
    }
    const vir = this.virial;
    vir[0] = w9[0];
    vir[1] = w9[4];
    vir[2] = w9[8];
    // Upper triangle Σ x F_y, Σ x F_z, Σ y F_z, as LAMMPS's v_tally (equal to the lower one for a
    // rotation-invariant bias; a bias on DISTANCE components need not be).
    vir[3] = w9[1];
    vir[4] = w9[2];
    vir[5] = w9[5];
    if (update) for (const act of this.actions) act.update?.(this);
    this.bias = bias * eToMd;
    if (!Number.isFinite(this.bias)) throw new Error(`fix plumed: bias energy is ${this.bias} at step ${step}`);
    return this.bias;
  }

  close(): void {
    for (const a of this.actions) a.close?.();
  }
}
