/**
 * The one reader for deck command arguments: counts, integer / float / yes-no / enum values, ranges
 * and `keyword value` pairs, with every error prefixed by the command (e.g. `fix langevin: damp
 * must be > 0, got -1`) so the message says what was wrong where. Numbers follow LAMMPS's
 * utils::numeric/inumeric: decimal only (no hex, no Infinity/NaN, nothing out of double range), and
 * integers are whole decimal numbers. Commands read left to right and call end() to refuse trailing
 * words, which LAMMPS reports as "Illegal ... command".
 */

/** Bounds on a number: each given bound must hold. */
export interface Range {
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
}

/** Decimal floating-point literal as LAMMPS accepts it (no hex, inf or nan). */
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INT = /^[-+]?\d+$/;

/** An error raised by argument reading: the message already names the command. */
export class ArgError extends Error {}

/** Check a number against a range; the message names the command and what the value is. */
export function checkRange(command: string, what: string, v: number, r: Range, text: string = String(v)): number {
  const fail = (rel: string, b: number): never => {
    throw new ArgError(`${command}: ${what} must be ${rel} ${b}, got ${text}`);
  };
  if (r.gt !== undefined && !(v > r.gt)) fail('>', r.gt);
  if (r.ge !== undefined && !(v >= r.ge)) fail('>=', r.ge);
  if (r.lt !== undefined && !(v < r.lt)) fail('<', r.lt);
  if (r.le !== undefined && !(v <= r.le)) fail('<=', r.le);
  return v;
}

/** A finite decimal number (LAMMPS utils::numeric), within range r. */
export function parseFloatArg(command: string, what: string, s: string | undefined, r: Range = {}): number {
  if (s === undefined) throw new ArgError(`${command}: missing ${what}`);
  const v = Number(s);
  if (!FLOAT.test(s.trim()) || !Number.isFinite(v))
    throw new ArgError(`${command}: expected a number for ${what}, got '${s}'`);
  return checkRange(command, what, v, r, s);
}

/** Largest 32-bit integer: LAMMPS reads most integers as C int (utils::inumeric). */
export const MAXSMALLINT = 2147483647;

/**
 * An integer within range r: a 32-bit int as LAMMPS's utils::inumeric, or with big = true any
 * exactly representable one (utils::bnumeric, for step numbers).
 */
export function parseIntArg(command: string, what: string, s: string | undefined, r: Range = {}, big = false): number {
  if (s === undefined) throw new ArgError(`${command}: missing ${what}`);
  const v = Number(s);
  if (!INT.test(s.trim()) || !Number.isSafeInteger(v))
    throw new ArgError(`${command}: expected an integer for ${what}, got '${s}'`);
  if (!big && Math.abs(v) > MAXSMALLINT) throw new ArgError(`${command}: ${what} ${s} does not fit a 32-bit integer`);
  return checkRange(command, what, v, r, s);
}

/** yes / no. */
export function parseBoolArg(command: string, what: string, s: string | undefined): boolean {
  if (s === 'yes') return true;
  if (s === 'no') return false;
  throw new ArgError(`${command}: ${what} takes yes or no, got '${s ?? ''}'`);
}

/** One of a fixed set of words. */
export function parseEnumArg<T extends string>(
  command: string,
  what: string,
  s: string | undefined,
  allowed: readonly T[],
): T {
  if (s !== undefined && (allowed as readonly string[]).includes(s)) return s as T;
  throw new ArgError(`${command}: ${what} must be one of ${allowed.join(', ')}, got '${s ?? ''}'`);
}

/** A cursor over the words after a command name. */
export class Args {
  pos = 0;

  /** command: how errors name it (`fix langevin`, `create_box`); words: its arguments. */
  constructor(
    readonly command: string,
    readonly words: readonly string[],
  ) {}

  /** Whether words remain. */
  more(): boolean {
    return this.pos < this.words.length;
  }

  /** The next word without consuming it. */
  peek(): string | undefined {
    return this.words[this.pos];
  }

  /** Any error about this command, prefixed with its name. */
  fail(msg: string): never {
    throw new ArgError(`${this.command}: ${msg}`);
  }

  /** Require at least n more words; usage is the command's synopsis for the message. */
  need(n: number, usage: string): void {
    if (this.words.length - this.pos < n)
      this.fail(`expected ${usage}, got ${this.words.length - this.pos} argument(s)`);
  }

  word(what: string): string {
    const w = this.words[this.pos];
    if (w === undefined) this.fail(`missing ${what}`);
    this.pos++;
    return w;
  }

  num(what: string, r: Range = {}): number {
    const v = parseFloatArg(this.command, what, this.words[this.pos], r);
    this.pos++;
    return v;
  }

  /** A 32-bit integer; big = true allows any exact integer (step numbers). */
  int(what: string, r: Range = {}, big = false): number {
    const v = parseIntArg(this.command, what, this.words[this.pos], r, big);
    this.pos++;
    return v;
  }

  bool(what: string): boolean {
    const v = parseBoolArg(this.command, what, this.words[this.pos]);
    this.pos++;
    return v;
  }

  oneOf<T extends string>(what: string, allowed: readonly T[]): T {
    const v = parseEnumArg(this.command, what, this.words[this.pos], allowed);
    this.pos++;
    return v;
  }

  /**
   * Read `keyword values...` groups to the end: each handler reads its own values from this cursor.
   * An unknown keyword is an error naming it and the keywords allowed.
   */
  keywords(handlers: Record<string, (a: Args) => void>): void {
    while (this.more()) {
      const key = this.word('keyword');
      const h = Object.hasOwn(handlers, key) ? handlers[key] : undefined;
      if (!h) this.fail(`unknown keyword '${key}' (allowed: ${Object.keys(handlers).join(' ')})`);
      h(this);
    }
  }

  /** Refuse anything left over (LAMMPS: "Illegal ... command"). */
  end(): void {
    if (this.more()) this.fail(`unexpected extra argument(s) '${this.words.slice(this.pos).join(' ')}'`);
  }
}
