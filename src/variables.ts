import { sprintf } from './format.js';
import { RanMars } from './random_mars.js';
import { FormulaCompiler, type FormulaHost } from './formula.js';
import type { Simulation } from './simulation.js';
import { readAtomfile } from './variable_atomfile.js';

/**
 * LAMMPS variables of style index, string, equal, atom, loop (as an index over 1..N) and the
 * `next` bookkeeping; equal-style and atom-style formulas are compiled by FormulaCompiler
 * (formula.ts) and evaluated on demand: an equal-style one to a number, an atom-style one to one
 * number per atom.
 */
interface Variable {
  style: 'index' | 'string' | 'equal' | 'loop' | 'atom' | 'atomfile' | 'format';
  /** atomfile: the value of each listed atom ID (others are 0). */
  byTag?: Map<number, number>;
  /** loop ... pad: zero-pad values to this many digits. */
  pad?: number;
  /** index/string/equal: the values; loop: [first value] (the others are first+which, not stored). */
  values: string[];
  which: number;
  /** How many values `next` steps through. */
  count: number;
}

export class Variables implements FormulaHost {
  private readonly vars = new Map<string, Variable>();
  constructor(private readonly sim: Simulation) {}

  /** `variable name style args...`; index/string/loop keep an existing definition (LAMMPS -var semantics). */
  define(name: string, style: string, args: string[]): void {
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Illegal variable name '${name}': use letters, digits and _`);
    if (style === 'delete') {
      this.vars.delete(name);
      return;
    }
    const existing = this.vars.get(name);
    if ((style === 'universe' || style === 'uloop') && !existing) {
      // LAMMPS: every universe/uloop variable has the same number of values.
      const count = style === 'universe' ? args.length : Number(args[0]);
      if (this.universeCount !== null && count !== this.universeCount)
        throw new Error('All universe/uloop variables must have same # of values');
      this.universeCount = count;
    }
    switch (style) {
      case 'world':
        // One value per partition: dpmd runs one partition.
        if (args.length !== 1) throw new Error("World variable count doesn't match # of partitions (1)");
        if (existing) return;
        this.vars.set(name, { style: 'index', values: args, which: 0, count: 1 });
        return;
      case 'universe':
      case 'index':
        if (args.length < 1) throw new Error(`Illegal variable ${style}: needs at least one value`);
        if (existing) return;
        this.vars.set(name, { style: 'index', values: args, which: 0, count: args.length });
        return;
      case 'uloop':
      case 'loop': {
        if (existing) return;
        // uloop (one partition) is loop; a trailing pad zero-pads the values to the width of N2.
        const pad = args[args.length - 1] === 'pad';
        if (pad) args = args.slice(0, -1);
        if (args.length < 1 || args.length > 2 || (style === 'uloop' && args.length !== 1))
          throw new Error(`Illegal variable loop '${args.join(' ')}': expected N or N1 N2`);
        const isInt = (w: string) => /^[-+]?\d+$/.test(w) && Number.isSafeInteger(Number(w));
        if (!args.every(isInt) || args.some((w) => Math.abs(Number(w)) > 2147483647)) {
          throw new Error(`Illegal variable loop '${args.join(' ')}': values must be 32-bit integers`);
        }
        const n1 = args.length === 2 ? Number(args[0]) : 1;
        const n2 = Number(args[args.length - 1]);
        if (n2 < n1 || (args.length === 1 && n2 < 1))
          throw new Error(`Illegal variable loop '${args.join(' ')}': N2 must be >= N1 (and N >= 1)`);
        this.vars.set(name, {
          style: 'loop',
          values: [String(n1)],
          which: 0,
          count: n2 - n1 + 1,
          pad: pad ? String(n2).length : undefined,
        });
        return;
      }
      case 'format': {
        // variable name format v_or_name FORMAT: an equal-style variable's value printed with FORMAT.
        if (args.length !== 2) throw new Error('Illegal variable format: expected "format name FORMAT"');
        if (existing && existing.style !== 'format')
          throw new Error(`Cannot redefine variable ${name} as a different style`);
        if (!/%[-+ #0]*\d*(\.\d+)?[eEfgG]/.test(args[1]))
          throw new Error(`Incorrect conversion in format string '${args[1]}' (use one of %e %f %g)`);
        this.vars.set(name, { style, values: args, which: 0, count: 1 });
        return;
      }
      case 'internal': {
        if (args.length !== 1 || !Number.isFinite(Number(args[0])))
          throw new Error('Illegal variable internal: expected one number');
        if (existing && existing.style !== 'equal')
          throw new Error(`Cannot redefine variable ${name} as a different style`);
        this.vars.set(name, { style: 'equal', values: args, which: 0, count: 1 });
        return;
      }
      case 'string':
        if (args.length !== 1) throw new Error('Illegal variable string: needs exactly one value');
        if (existing && existing.style !== 'string')
          throw new Error(`Cannot redefine variable ${name} as a different style`);
        this.vars.set(name, { style, values: args, which: 0, count: 1 });
        return;
      case 'atomfile':
        if (args.length !== 1) throw new Error('Illegal variable atomfile: expected one file name');
        if (existing) throw new Error(`Cannot redefine variable ${name} as a different style`);
        this.vars.set(name, { style, values: args, which: 0, count: 1, byTag: readAtomfile(args[0]) });
        return;
      case 'equal':
      case 'atom':
        if (args.length !== 1) throw new Error(`Illegal variable ${style}: the formula must be one (quoted) argument`);
        if (existing && existing.style !== 'equal' && existing.style !== 'atom')
          throw new Error(`Cannot redefine variable ${name} as a different style`);
        this.vars.set(name, { style, values: args, which: 0, count: 1 });
        return;
      default:
        throw new Error(
          `Unsupported variable style '${style}' (supported: index, loop, uloop, world, universe, string, equal, internal, format, atom, atomfile, delete)`,
        );
    }
  }

  private randomEqual: RanMars | null = null;
  private randomAtom: RanMars | null = null;

  rng(kind: 'equal' | 'atom', seed: number): RanMars {
    if (kind === 'equal') return (this.randomEqual ??= new RanMars(seed));
    return (this.randomAtom ??= new RanMars(seed));
  }

  /** Number of values of the universe/uloop variables (null before the first). */
  private universeCount: number | null = null;

  /** Take over every variable of another store (the `clear` command keeps variables, as LAMMPS). */
  adopt(other: Variables): void {
    for (const [name, v] of other.vars) this.vars.set(name, v);
  }

  /** Pre-set from the command line (-var name value...): an index variable that the deck cannot override. */
  preset(name: string, values: string[]): void {
    this.vars.set(name, { style: 'index', values, which: 0, count: values.length });
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Style of a defined variable (index, string, equal, loop), or undefined when it is not defined. */
  styleOf(name: string): Variable['style'] | undefined {
    return this.vars.get(name)?.style;
  }

  /** Text substituted for ${name} / $x. */
  retrieve(name: string): string {
    const v = this.vars.get(name);
    if (!v) throw new Error(`Substitution for illegal variable '${name}'`);
    if (v.style === 'atom' || v.style === 'atomfile')
      throw new Error(`Variable ${name}: atom-style variables cannot be substituted as text`);
    if (v.style === 'equal') return fmtNumber(this.evaluate(name));
    if (v.style === 'format') return sprintf(v.values[1], this.evaluate(v.values[0]));
    return variableValue(v);
  }

  /** Numeric value of a variable (equal-style formulas are evaluated now). */
  evaluate(name: string): number {
    const v = this.vars.get(name);
    if (!v) throw new Error(`Variable '${name}' is not defined`);
    if (v.style === 'atom' || v.style === 'atomfile')
      throw new Error(`Variable ${name} is atom-style, not equal-style`);
    // LAMMPS reads a format variable in formulas as its formatted text (0.667, not 2/3).
    if (v.style === 'format') return Number(this.retrieve(name));
    if (v.style !== 'equal') {
      const text = variableValue(v);
      const x = Number(text);
      if (!Number.isFinite(x) || text.trim() === '')
        throw new Error(`Variable '${name}' = '${text}' is not a finite number`);
      return x;
    }
    return this.guarded(name, () => this.evalFormula(v.values[0]));
  }

  /**
   * Values of an atom-style variable for every atom, into out (n entries): the formula is compiled
   * once and evaluated per atom (LAMMPS Variable::compute_atom), non-finite values refused.
   */
  evaluateAtom(name: string, out: Float64Array): void {
    const v = this.vars.get(name);
    if (!v) throw new Error(`Variable '${name}' is not defined`);
    if (v.byTag) {
      const s = this.sim.system;
      for (let i = 0; i < s.n; i++) out[i] = v.byTag.get(s.tag[i]) ?? 0.0;
      return;
    }
    if (v.style !== 'atom') throw new Error(`Variable ${name} is not atom-style`);
    const src = v.values[0];
    this.guarded(name, () => {
      const node = new FormulaCompiler(src, this.sim, this, true).compile();
      const n = this.sim.system.n;
      for (let i = 0; i < n; i++) {
        const x = node(i);
        if (!Number.isFinite(x)) throw new Error(`Invalid formula '${src}': evaluates to ${x} for atom ${i + 1}`);
        out[i] = x;
      }
      return 0;
    });
  }

  /** evaluateAtom into a new array (for formulas that read another atom-style variable). */
  evaluateAtomArray(name: string): Float64Array {
    const out = new Float64Array(this.sim.system.n);
    this.evaluateAtom(name, out);
    return out;
  }

  /** Evaluate f for variable `name`, refusing loops of references and naming the variable in errors. */
  private guarded(name: string, f: () => number): number {
    // A variable that refers back to itself (a = v_b, b = v_a) would recurse forever.
    if (this.evaluating.includes(name)) {
      throw new Error(
        `Variable loop: ${[...this.evaluating.slice(this.evaluating.indexOf(name)), name].join(' -> ')} refer to each other`,
      );
    }
    this.evaluating.push(name);
    try {
      return f();
    } catch (e) {
      // Name the variable once, at the innermost one that failed.
      if (e instanceof Error && !/^Variable /.test(e.message)) e.message = `Variable ${name}: ${e.message}`;
      throw e;
    } finally {
      this.evaluating.pop();
    }
  }

  /** Names of the equal-style variables being evaluated, outermost first (loop detection). */
  private readonly evaluating: string[] = [];

  /** `next name...`: advance; returns true when a variable is exhausted (it is then deleted). */
  next(names: string[]): boolean {
    let exhausted = false;
    for (const n of names) {
      const v = this.vars.get(n);
      if (!v) throw new Error(`Invalid variable '${n}' in next command`);
      if (v.style !== 'index' && v.style !== 'loop')
        throw new Error(`next: variable '${n}' is not index or loop style`);
      v.which++;
      if (v.which >= v.count) exhausted = true;
    }
    if (exhausted) for (const n of names) this.vars.delete(n);
    return exhausted;
  }

  /** Value of an equal-style formula: finite, or an error naming the formula (LAMMPS rejects NaN/Inf too). */
  evalFormula(src: string): number {
    const x = new FormulaCompiler(src, this.sim, this, false).compile()(-1);
    if (!Number.isFinite(x)) throw new Error(`Invalid formula '${src}': evaluates to ${x}`);
    return x;
  }
}

/** Current text of an index/string/loop variable. */
function variableValue(v: Variable): string {
  if (v.style !== 'loop') return v.values[v.which];
  const text = String(Number(v.values[0]) + v.which);
  return v.pad ? text.padStart(v.pad, '0') : text;
}

/** Numbers substituted into deck text: integers plainly, others with %.15g like LAMMPS. */
export function fmtNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return Number(x.toPrecision(15)).toString();
}
