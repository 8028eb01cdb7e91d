import { parseOutputRef, resolveOutputRef } from './output_refs.js';
import type { Simulation } from './simulation.js';

/**
 * LAMMPS variables of style index, string, equal, loop (as an index over 1..N) and the `next`
 * bookkeeping; equal-style formulas are evaluated on demand by a small recursive-descent parser
 * supporting numbers, thermo keywords, v_name references, math functions and LAMMPS's operators.
 */
interface Variable {
  style: 'index' | 'string' | 'equal' | 'loop';
  /** index/string/equal: the values; loop: [first value] (the others are first+which, not stored). */
  values: string[];
  which: number;
  /** How many values `next` steps through. */
  count: number;
}

/** Math functions whose argument range LAMMPS checks, with its message. */
const DOMAIN: Record<string, [(...a: number[]) => boolean, string]> = {
  sqrt: [(x) => x >= 0, 'Sqrt of negative value'],
  ln: [(x) => x > 0, 'Log of zero/negative value'],
  log: [(x) => x > 0, 'Log of zero/negative value'],
  asin: [(x) => x >= -1 && x <= 1, 'Arcsin of invalid value'],
  acos: [(x) => x >= -1 && x <= 1, 'Arccos of invalid value'],
};

const FUNCS: Record<string, (...a: number[]) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log: Math.log10,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  atan2: Math.atan2,
  ceil: Math.ceil,
  floor: Math.floor,
  round: Math.round,
  min: Math.min,
  max: Math.max,
  ternary: (c, a, b) => (c !== 0 ? a : b),
};

export class Variables {
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
    switch (style) {
      case 'index':
        if (args.length < 1) throw new Error('Illegal variable index: needs at least one value');
        if (existing) return;
        this.vars.set(name, { style, values: args, which: 0, count: args.length });
        return;
      case 'loop': {
        if (existing) return;
        if (args.length < 1 || args.length > 2)
          throw new Error(`Illegal variable loop '${args.join(' ')}': expected N or N1 N2`);
        const isInt = (w: string) => /^[-+]?\d+$/.test(w) && Number.isSafeInteger(Number(w));
        if (!args.every(isInt) || args.some((w) => Math.abs(Number(w)) > 2147483647)) {
          throw new Error(`Illegal variable loop '${args.join(' ')}': values must be 32-bit integers`);
        }
        const n1 = args.length === 2 ? Number(args[0]) : 1;
        const n2 = Number(args[args.length - 1]);
        if (n2 < n1 || (args.length === 1 && n2 < 1))
          throw new Error(`Illegal variable loop '${args.join(' ')}': N2 must be >= N1 (and N >= 1)`);
        this.vars.set(name, { style, values: [String(n1)], which: 0, count: n2 - n1 + 1 });
        return;
      }
      case 'string':
        if (args.length !== 1) throw new Error('Illegal variable string: needs exactly one value');
        this.vars.set(name, { style, values: args, which: 0, count: 1 });
        return;
      case 'equal':
        if (args.length !== 1) throw new Error('Illegal variable equal: the formula must be one (quoted) argument');
        this.vars.set(name, { style, values: args, which: 0, count: 1 });
        return;
      default:
        throw new Error(`Unsupported variable style '${style}' (supported: index, loop, string, equal, delete)`);
    }
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
    if (v.style === 'equal') return fmtNumber(this.evaluate(name));
    return variableValue(v);
  }

  /** Numeric value of a variable (equal-style formulas are evaluated now). */
  evaluate(name: string): number {
    const v = this.vars.get(name);
    if (!v) throw new Error(`Variable '${name}' is not defined`);
    if (v.style !== 'equal') {
      const text = variableValue(v);
      const x = Number(text);
      if (!Number.isFinite(x) || text.trim() === '')
        throw new Error(`Variable '${name}' = '${text}' is not a finite number`);
      return x;
    }
    // A variable that refers back to itself (a = v_b, b = v_a) would recurse forever.
    if (this.evaluating.includes(name)) {
      throw new Error(
        `Variable loop: ${[...this.evaluating.slice(this.evaluating.indexOf(name)), name].join(' -> ')} refer to each other`,
      );
    }
    this.evaluating.push(name);
    try {
      return this.evalFormula(v.values[0]);
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
    const x = new FormulaParser(src, this.sim, this).parse();
    if (!Number.isFinite(x)) throw new Error(`Invalid formula '${src}': evaluates to ${x}`);
    return x;
  }
}

/** Current text of an index/string/loop variable. */
function variableValue(v: Variable): string {
  return v.style === 'loop' ? String(Number(v.values[0]) + v.which) : v.values[v.which];
}

/** Numbers substituted into deck text: integers plainly, others with %.15g like LAMMPS. */
export function fmtNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return Number(x.toPrecision(15)).toString();
}

class FormulaParser {
  private pos = 0;
  constructor(
    private readonly s: string,
    private readonly sim: Simulation,
    private readonly vars: Variables,
  ) {}

  parse(): number {
    const v = this.or();
    this.ws();
    if (this.pos < this.s.length) this.fail(`unexpected '${this.s.slice(this.pos)}'`);
    return v;
  }

  private fail(msg: string): never {
    throw new Error(`Invalid formula '${this.s}': ${msg}`);
  }

  private ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  private eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.pos)) {
      this.pos += tok.length;
      return true;
    }
    return false;
  }

  private or(): number {
    let a = this.and();
    while (this.eat('||')) {
      const b = this.and();
      a = a !== 0 || b !== 0 ? 1 : 0;
    }
    return a;
  }

  private and(): number {
    let a = this.eq();
    while (this.eat('&&')) {
      const b = this.eq();
      a = a !== 0 && b !== 0 ? 1 : 0;
    }
    return a;
  }

  private eq(): number {
    let a = this.rel();
    for (;;) {
      if (this.eat('==')) a = a === this.rel() ? 1 : 0;
      else if (this.eat('!=')) a = a !== this.rel() ? 1 : 0;
      else return a;
    }
  }

  private rel(): number {
    let a = this.add();
    for (;;) {
      if (this.eat('<=')) a = a <= this.add() ? 1 : 0;
      else if (this.eat('>=')) a = a >= this.add() ? 1 : 0;
      else if (this.eat('<')) a = a < this.add() ? 1 : 0;
      else if (this.eat('>')) a = a > this.add() ? 1 : 0;
      else return a;
    }
  }

  private add(): number {
    let a = this.mul();
    for (;;) {
      if (this.eat('+')) a += this.mul();
      else if (this.eat('-')) a -= this.mul();
      else return a;
    }
  }

  private mul(): number {
    let a = this.unary();
    for (;;) {
      if (this.eat('*')) a *= this.unary();
      else if (this.eat('/')) {
        const b = this.unary();
        if (b === 0) this.fail('divide by 0');
        a /= b;
      } else if (this.eat('%')) {
        const b = this.unary();
        if (b === 0) this.fail('modulo 0');
        a %= b;
      } else return a;
    }
  }

  private unary(): number {
    if (this.eat('-')) return -this.unary();
    if (this.eat('!')) return this.unary() === 0 ? 1 : 0;
    return this.pow();
  }

  private pow(): number {
    const a = this.atom();
    if (this.eat('^')) {
      const b = this.unary();
      const r = Math.pow(a, b);
      if (!Number.isFinite(r)) this.fail(`${a}^${b} is ${r}`);
      return r;
    }
    return a;
  }

  private atom(): number {
    this.ws();
    if (this.eat('(')) {
      const v = this.or();
      if (!this.eat(')')) this.fail('missing )');
      return v;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.s.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      const x = Number(num[0]);
      if (!Number.isFinite(x)) this.fail(`number ${num[0]} is out of range`);
      return x;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos));
    if (!id) this.fail(`unexpected '${this.s.slice(this.pos)}'`);
    const name = id[0];
    this.pos += name.length;
    if (this.eat('(')) {
      const fn = FUNCS[name];
      if (!fn) this.fail(`unknown function ${name}()`);
      const args: number[] = [];
      if (!this.eat(')')) {
        do args.push(this.or());
        while (this.eat(','));
        if (!this.eat(')')) this.fail('missing ) after function arguments');
      }
      const dom = DOMAIN[name];
      if (dom && !dom[0](...args)) this.fail(`${dom[1]} ${name}(${args.join(',')})`);
      const r = fn(...args);
      if (!Number.isFinite(r)) this.fail(`${name}(${args.join(',')}) is ${r}`);
      return r;
    }
    if (name === 'PI') return Math.PI;
    if (name.startsWith('c_') || name.startsWith('f_')) {
      // c_ID, c_ID[i], f_ID, f_ID[i]: the raw (never normalised) global value, as in LAMMPS.
      const idx = /^\[(\d+)\]/.exec(this.s.slice(this.pos));
      if (idx) this.pos += idx[0].length;
      const ref = parseOutputRef(idx ? `${name}${idx[0]}` : name);
      if (!ref) this.fail(`invalid reference '${name}'`);
      return resolveOutputRef(this.sim, ref, 'Variable').value(this.sim);
    }
    if (name.startsWith('v_')) return this.vars.evaluate(name.slice(2));
    if (this.sim.thermo.hasKeyword(name)) return this.sim.thermo.keywordValue(name);
    return this.fail(`unknown name '${name}'`);
  }
}
