import type { ActionLine } from './input.js';
import { PlumedInputError } from './input.js';

/**
 * Typed reads of one action's keywords, in PLUMED's spellings, with errors that name the file,
 * line, action and keyword. Every keyword and flag must be read: `done()` refuses the rest, so a
 * keyword we do not implement is an error instead of being silently ignored.
 */
export class ActionReader {
  private readonly used = new Set<string>();
  private readonly usedFlags = new Set<string>();

  constructor(readonly line: ActionLine) {}

  get where(): string {
    return `${this.line.file}:${this.line.line}: ${this.line.name}`;
  }

  fail(msg: string): never {
    throw new PlumedInputError(`${this.where}: ${msg}`);
  }

  has(key: string): boolean {
    return this.line.keys.has(key);
  }

  /** The raw text of KEY, or undefined. */
  raw(key: string): string | undefined {
    this.used.add(key);
    return this.line.keys.get(key);
  }

  flag(name: string): boolean {
    this.usedFlags.add(name);
    return this.line.flags.has(name);
  }

  /** The action's label; PLUMED names an unlabelled action itself (here `@LINE`). */
  label(): string {
    return this.line.label ?? `@${this.line.line}`;
  }

  string(key: string, dflt?: string): string {
    const v = this.raw(key);
    if (v === undefined) {
      if (dflt === undefined) this.fail(`keyword ${key} is compulsory`);
      return dflt;
    }
    if (v === '') this.fail(`keyword ${key} has an empty value`);
    return v;
  }

  list(key: string, dflt?: string[]): string[] {
    const v = this.raw(key);
    if (v === undefined) {
      if (dflt === undefined) this.fail(`keyword ${key} is compulsory`);
      return dflt;
    }
    const items = v.split(',');
    if (items.some((s) => s === '')) this.fail(`keyword ${key}: empty item in "${v}"`);
    return items;
  }

  number(key: string, dflt?: number): number {
    const v = this.raw(key);
    if (v === undefined) {
      if (dflt === undefined) this.fail(`keyword ${key} is compulsory`);
      return dflt;
    }
    return this.toNumber(key, v);
  }

  /** A comma list of n numbers (n given), or as many as written when n is undefined. */
  numbers(key: string, n: number | undefined, dflt?: number): Float64Array {
    const v = this.raw(key);
    if (v === undefined) {
      if (dflt === undefined || n === undefined) this.fail(`keyword ${key} is compulsory`);
      return new Float64Array(n).fill(dflt);
    }
    const items = v.split(',');
    if (n !== undefined && items.length !== n)
      this.fail(`keyword ${key} needs ${n} value${n === 1 ? '' : 's'} (one per argument), got ${items.length}`);
    return Float64Array.from(items.map((s) => this.toNumber(key, s)));
  }

  int(key: string, dflt?: number, min = 0): number {
    const x = this.number(key, dflt);
    if (!Number.isInteger(x) || x < min) this.fail(`keyword ${key} must be an integer >= ${min}, got ${x}`);
    return x;
  }

  /** Refuse keywords and flags nobody read. */
  done(): void {
    for (const k of this.line.keys.keys())
      if (!this.used.has(k)) this.fail(`keyword ${k} is not supported (see docs/plumed.md)`);
    for (const f of this.line.flags)
      if (!this.usedFlags.has(f)) this.fail(`flag ${f} is not supported (see docs/plumed.md)`);
  }

  /** A real number as PLUMED writes it: decimal, or a multiple of pi ("pi", "-pi", "2*pi", "0.5pi"). */
  private toNumber(key: string, s: string): number {
    const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)?\*?pi$/.exec(s);
    if (m) {
      const c = m[1] === undefined ? (s.startsWith('-') ? -1 : 1) : Number(m[1]);
      return c * Math.PI;
    }
    if (/^-pi$/.test(s)) return -Math.PI;
    const x = Number(s);
    if (s.trim() === '' || !Number.isFinite(x)) this.fail(`keyword ${key}: "${s}" is not a number`);
    return x;
  }
}

/**
 * PLUMED atom lists: serial numbers (1-based, LAMMPS atom IDs) separated by commas, with ranges
 * `a-b` and `a-b:stride`. Groups and shortcuts (`@phi-2`, `@mdatoms`) need MOLINFO and are refused.
 */
export function parseAtomList(r: ActionReader, key: string): number[] {
  const out: number[] = [];
  for (const item of r.list(key)) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(item);
    if (!m) r.fail(`keyword ${key}: "${item}" is not an atom number or range a-b (groups and @ shortcuts unsupported)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const st = m[3] === undefined ? 1 : Number(m[3]);
    if (a < 1 || b < a || st < 1) r.fail(`keyword ${key}: bad atom range "${item}"`);
    for (let t = a; t <= b; t += st) out.push(t);
  }
  return out;
}
