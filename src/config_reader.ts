/**
 * The one reader for JSON configs (bsde/control configs, training input.json): every value is read
 * through a ConfigObject, which checks its type and range, supplies defaults and, at the end
 * (done()), names every key that nothing read with its full path (`training.training_data.foo`).
 * Keys beginning with '_' are comments. Failures are ConfigErrors carrying the file and the key path,
 * so a CLI can print `ERROR: <file>: <path>: <cause>` and exit 1.
 *
 * Only own properties are looked up (Object.hasOwn), so a key like "toString" or "__proto__" in a
 * config never reaches Object.prototype.
 */
import { readFileSync } from 'node:fs';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly cause_: string,
  ) {
    super(path ? `${file}: ${path}: ${cause_}` : `${file}: ${cause_}`);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

/** '_comment'-style keys are comments; '__proto__' is not (it is reported as an unknown key). */
const isComment = (k: string): boolean => k.startsWith('_') && k !== '__proto__';

export function isJsonObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

export interface NumberRange {
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive lower bound (e.g. 0 for "positive"). */
  above?: number;
  integer?: boolean;
}

export interface ArrayRule {
  minLength?: number;
  maxLength?: number;
  length?: number;
}

function rangeProblem(v: number, r: NumberRange): string | null {
  if (!Number.isFinite(v)) return `expected a finite number, got ${show(v)}`;
  if (r.integer && !Number.isInteger(v)) return `expected an integer, got ${v}`;
  if (r.above !== undefined && !(v > r.above)) return `must be > ${r.above}, got ${v}`;
  if (r.min !== undefined && v < r.min) return `must be >= ${r.min}, got ${v}`;
  if (r.max !== undefined && v > r.max) return `must be <= ${r.max}, got ${v}`;
  return null;
}

/** A JSON object at a key path of a file. */
export class ConfigObject {
  private readonly used = new Set<string>();
  constructor(
    readonly file: string,
    readonly path: string,
    readonly data: Json,
  ) {}

  /** Full path of a key of this object. */
  keyPath(key: string | number): string {
    if (typeof key === 'number') return `${this.path}[${key}]`;
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string | null, cause: string): never {
    throw new ConfigError(this.file, key === null ? this.path : this.keyPath(key), cause);
  }

  has(key: string): boolean {
    return Object.hasOwn(this.data, key) && this.data[key] !== undefined;
  }

  /** The raw value (marks the key as read). */
  raw(key: string): unknown {
    this.used.add(key);
    return Object.hasOwn(this.data, key) ? this.data[key] : undefined;
  }

  /** Mark keys as known but ignored (accepted for compatibility, no effect here). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  obj(key: string): ConfigObject;
  obj(key: string, optional: true): ConfigObject | null;
  obj(key: string, optional = false): ConfigObject | null {
    const v = this.raw(key);
    if (v === undefined || (optional && v === null)) {
      if (optional) return null;
      this.fail(key, 'missing (expected an object)');
    }
    if (!isJsonObject(v)) this.fail(key, `expected an object, got ${show(v)}`);
    return new ConfigObject(this.file, this.keyPath(key), v);
  }

  num(key: string, range: NumberRange = {}, dflt?: number): number {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    if (v === undefined) this.fail(key, 'missing (expected a number)');
    if (typeof v !== 'number') this.fail(key, `expected a number, got ${show(v)}`);
    const p = rangeProblem(v, range);
    if (p) this.fail(key, p);
    return v;
  }

  int(key: string, range: Omit<NumberRange, 'integer'> = {}, dflt?: number): number {
    return this.num(key, { ...range, integer: true }, dflt);
  }

  str(key: string, dflt?: string, choices?: readonly string[]): string {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    if (v === undefined) this.fail(key, 'missing (expected a string)');
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${show(v)}`);
    if (choices && !choices.includes(v))
      this.fail(key, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${v}'`);
    return v;
  }

  bool(key: string, dflt: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(key, `expected true or false, got ${show(v)}`);
    return v;
  }

  private array(key: string, rule: ArrayRule, what: string, dflt?: unknown[]): unknown[] {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    if (v === undefined) this.fail(key, `missing (expected ${what})`);
    if (!Array.isArray(v)) this.fail(key, `expected ${what}, got ${show(v)}`);
    if (rule.length !== undefined && v.length !== rule.length)
      this.fail(key, `expected ${rule.length} entries, got ${v.length}`);
    if (rule.minLength !== undefined && v.length < rule.minLength)
      this.fail(key, `expected at least ${rule.minLength} entr${rule.minLength === 1 ? 'y' : 'ies'}, got ${v.length}`);
    if (rule.maxLength !== undefined && v.length > rule.maxLength)
      this.fail(key, `expected at most ${rule.maxLength} entries, got ${v.length}`);
    return v;
  }

  nums(key: string, range: NumberRange = {}, rule: ArrayRule = {}, dflt?: number[]): number[] {
    const a = this.array(key, rule, range.integer ? 'a list of integers' : 'a list of numbers', dflt);
    a.forEach((e, i) => {
      if (typeof e !== 'number')
        throw new ConfigError(this.file, `${this.keyPath(key)}[${i}]`, `expected a number, got ${show(e)}`);
      const p = rangeProblem(e, range);
      if (p) throw new ConfigError(this.file, `${this.keyPath(key)}[${i}]`, p);
    });
    return a as number[];
  }

  ints(key: string, range: Omit<NumberRange, 'integer'> = {}, rule: ArrayRule = {}, dflt?: number[]): number[] {
    return this.nums(key, { ...range, integer: true }, rule, dflt);
  }

  strs(key: string, rule: ArrayRule = {}, dflt?: string[]): string[] {
    const a = this.array(key, rule, 'a list of strings', dflt);
    a.forEach((e, i) => {
      if (typeof e !== 'string')
        throw new ConfigError(this.file, `${this.keyPath(key)}[${i}]`, `expected a string, got ${show(e)}`);
    });
    return a as string[];
  }

  /**
   * Check up front that every key is one of `allowed` (so a misspelt key is reported as unknown rather
   * than as a missing required one); '_' keys are comments.
   */
  only(allowed: readonly string[]): void {
    this.report(Object.keys(this.data).filter((k) => !isComment(k) && !allowed.includes(k)));
  }

  /** Throw naming every key (full path) that was neither read nor ignored; '_' keys are comments. */
  done(): void {
    this.report(Object.keys(this.data).filter((k) => !isComment(k) && !this.used.has(k)));
  }

  private report(bad: string[]): void {
    if (bad.length === 0) return;
    const names = bad.map((k) => `'${this.keyPath(k)}'`).join(', ');
    throw new ConfigError(this.file, '', `unknown key${bad.length > 1 ? 's' : ''} ${names}`);
  }
}

/** The top-level object of parsed JSON (raw) from `file`. */
export function configRoot(raw: unknown, file: string): ConfigObject {
  if (!isJsonObject(raw)) throw new ConfigError(file, '', `expected a JSON object at the top level, got ${show(raw)}`);
  return new ConfigObject(file, '', raw);
}

/** JSON text -> root object; syntax errors become ConfigErrors naming the file. */
export function parseConfigText(text: string, file: string): ConfigObject {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, '', `invalid JSON: ${(e as Error).message}`);
  }
  return configRoot(raw, file);
}

/** Read and parse a JSON config file. */
export function readConfigFile(path: string): ConfigObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      path,
      '',
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a JSON file'
          : `cannot read: ${code ?? (e as Error).message}`,
    );
  }
  return parseConfigText(text, path);
}

/**
 * Bound a product of sizes (memory of a workspace): `terms` are [key path, value] pairs; the message
 * names the keys, the product and the bound.
 */
export function checkProduct(file: string, terms: [string, number][], bound: number, what: string): void {
  const p = terms.reduce((a, [, v]) => a * v, 1);
  if (p <= bound) return;
  const expr = terms.map(([k, v]) => `${k} (${v})`).join(' x ');
  throw new ConfigError(
    file,
    '',
    `${expr} = ${p.toExponential(3)} exceeds the bound ${bound.toExponential(1)} on ${what}`,
  );
}
