import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { refuseForEllipsoids } from './asphere/ellipsoid_atoms.js';
import { sprintf } from './format.js';
import { Lattice } from './lattice.js';
import type { Region } from './region.js';
import { Registry } from './registry.js';
import type { Face } from './shrink_wrap.js';
import type { Simulation } from './simulation.js';

/** A deck command handler (LAMMPS Input command): args are the words after the command name. */
export type CommandHandler = (args: string[], deck: Deck) => void;

/** Command name -> handler; filled by the commands/*.ts modules through registerCommands(). */
export const COMMANDS = new Registry<CommandHandler>('command');

/** An error in a deck, carrying where it happened (file, line, command) and why. */
export class DeckError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly command: string,
    readonly reason: string,
  ) {
    super(`ERROR: ${reason} (${file}:${line}: ${command})`);
  }
}

/**
 * The deck interpreter (LAMMPS Input): reads lines, joins '&' continuations, strips comments,
 * substitutes ${name}, $x and $(formula), splits into words honouring quotes, and dispatches to
 * the command registry. jump/label/next loops work on the line array of the current file.
 */
export class Deck {
  file = '<string>';
  lineNo = 0;
  /** Directory of the current deck (input files not found in cwd are looked up here). */
  dir = process.cwd();
  /** Working directory: relative file names resolve against it, as in LAMMPS. */
  cwd = process.cwd();
  private lines: string[] = [];
  private cursor = 0;
  private jumpTo: { label: string } | null = null;
  /** Echo each input line to the screen / the log (LAMMPS `echo`, default log). */
  echoScreen = false;
  echoLog = true;
  /** Deck-level state that is not part of the simulated system (LAMMPS Domain lattice/regions). */
  lattice: Lattice = Lattice.parse(['none', '1.0'], 'lj');
  readonly regions = new Map<string, Region>();
  /** -skiprun: run and minimize check their arguments and then do nothing (LAMMPS -skiprun). */
  skipRuns = false;
  /** `box tilt large`: allow tilts beyond half the box length when the box is created. */
  tiltLarge = false;
  /** boundary command setting, applied when the box is created. */
  boundary: [boolean, boolean, boolean] = [true, true, true];
  /** The six faces of the boundary command (xlo xhi ylo yhi zlo zhi: p f s m). */
  boundaryFaces: Face[] = ['p', 'p', 'p', 'p', 'p', 'p'];

  /** The simulation the deck drives; `clear` replaces it with a fresh one. */
  constructor(public sim: Simulation) {}

  /** `echo none|screen|log|both` (also the -echo command-line option). */
  setEcho(style: 'none' | 'screen' | 'log' | 'both'): void {
    this.echoScreen = style === 'screen' || style === 'both';
    this.echoLog = style === 'log' || style === 'both';
  }

  /** Files being read, outermost first: include/jump file nest, and a file may not include itself forever. */
  private depth = 0;

  runFile(path: string): void {
    if (this.depth >= MAX_NESTED_FILES) {
      throw new Error(
        `Too many nested levels of input scripts (more than ${MAX_NESTED_FILES}: does ${path} include itself?)`,
      );
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`Cannot open input script ${path}`);
    }
    this.dir = dirname(resolve(path));
    this.depth++;
    try {
      this.runText(text, path);
    } finally {
      this.depth--;
    }
  }

  runText(text: string, file = '<string>'): void {
    const saved = {
      file: this.file,
      lines: this.lines,
      cursor: this.cursor,
      lineNo: this.lineNo,
      jumpSeen: this.jumpSeen,
    };
    this.jumpSeen = new Map();
    this.file = file;
    this.lines = text.split(/\r?\n/);
    this.cursor = 0;
    try {
      while (this.cursor < this.lines.length && !this.quitting) {
        const start = this.cursor;
        let raw = this.lines[this.cursor++];
        // '&' at the end of a line continues the command on the next line.
        while (/&\s*$/.test(raw) && this.cursor < this.lines.length)
          raw = raw.replace(/&\s*$/, ' ') + this.lines[this.cursor++];
        this.lineNo = start + 1;
        if (this.jumpTo) {
          const words = stripComment(raw).trim().split(/\s+/);
          if (words[0] === 'label' && words[1] === this.jumpTo.label) this.jumpTo = null;
          continue;
        }
        this.execute(raw);
      }
      if (this.jumpTo) throw new DeckError(this.file, this.lineNo, 'jump', `Label ${this.jumpTo.label} not found`);
    } finally {
      Object.assign(this, saved);
    }
  }

  /** Execute one command line (after continuation joining). */
  execute(raw: string): void {
    // As LAMMPS, the line is echoed as read (comments included) before substitution.
    if (this.echoScreen) this.sim.out.screenOnly(raw);
    if (this.echoLog) this.sim.out.logOnly(raw);
    const noComment = stripComment(raw).trim();
    if (!noComment) return;
    let line = noComment;
    let words: string[];
    try {
      line = this.substitute(noComment);
      words = splitWords(line);
    } catch (e) {
      throw new DeckError(this.file, this.lineNo, line, errorText(e));
    }
    if (line !== noComment) {
      // LAMMPS echoes the substituted line too when substitution changed it.
      if (this.echoScreen) this.sim.out.screenOnly(line);
      if (this.echoLog) this.sim.out.logOnly(line);
    }
    if (words.length === 0) return;
    const [cmd, ...args] = words;
    try {
      const sys = this.sim.system;
      if (sys.ellipsoid) refuseForEllipsoids(cmd);
      COMMANDS.get(cmd)(args, this);
      sys.ellipsoid?.checkMasses(sys.tag, sys.type, sys.mass, sys.n);
    } catch (e) {
      if (e instanceof DeckError) throw e;
      throw new DeckError(this.file, this.lineNo, line, errorText(e));
    }
  }

  /**
   * An input file named in a command: relative to the working directory as in LAMMPS, falling back
   * to the deck's own directory so `dpmd run some/dir/in.deck` finds the files next to the deck.
   */
  inputPath(name: string): string {
    const inCwd = resolve(this.cwd, name);
    if (existsSync(inCwd)) return inCwd;
    const inDeckDir = resolve(this.dir, name);
    return existsSync(inDeckDir) ? inDeckDir : inCwd;
  }

  /** An output file named in a command: relative to the working directory, as in LAMMPS. */
  outputPath(name: string): string {
    return resolve(this.cwd, name);
  }

  /** `jump SELF label`: skip forward/backward to the label in this file. */
  jump(file: string, label?: string): void {
    if (file !== 'SELF') {
      this.runFile(this.inputPath(file));
      this.cursor = this.lines.length;
      return;
    }
    // Only a `next` that exhausts its variable, or an `if` that may stop jumping, ends a jump loop:
    // a jump that comes round again with neither run in between would repeat forever.
    const here = `${this.file}:${this.lineNo}`;
    if (this.jumpSeen.get(here) === this.nextCount) {
      throw new Error(
        `Endless loop: this jump repeats with no 'next' command run since it last jumped, so the loop can never end`,
      );
    }
    this.jumpSeen.set(here, this.nextCount);
    this.cursor = 0;
    if (label) this.jumpTo = { label };
  }

  /** `next` commands run so far, and the count when each jump line of the file being read last jumped. */
  nextCount = 0;
  private jumpSeen = new Map<string, number>();

  /** `quit`: stop reading every input file (the run ends normally). */
  private quitting = false;
  quit(): void {
    this.quitting = true;
  }

  /** Skip to the end of the current file (LAMMPS: a `next` that exhausts a variable skips the following jump). */
  skipNextJump = false;

  /**
   * ${name}, $x and $(formula) substitution outside quotes (LAMMPS Input::substitute). Commands
   * that evaluate their text later (print) substitute again on the unquoted text.
   */
  substitute(line: string): string {
    let out = '';
    let quote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (line.startsWith(quote, i)) {
          out += quote;
          i += quote.length - 1;
          quote = null;
        } else out += c;
        continue;
      }
      if (line.startsWith('"""', i)) {
        quote = '"""';
        out += quote;
        i += 2;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        out += c;
        continue;
      }
      if (c !== '$') {
        out += c;
        continue;
      }
      const next = line[i + 1];
      if (next === '{') {
        const end = line.indexOf('}', i);
        if (end < 0) throw new Error('Invalid variable name in ${...}: missing }');
        out += this.sim.variables.retrieve(line.slice(i + 2, end));
        i = end;
      } else if (next === '(') {
        let depth = 0;
        let end = -1;
        for (let j = i + 1; j < line.length; j++) {
          if (line[j] === '(') depth++;
          else if (line[j] === ')' && --depth === 0) {
            end = j;
            break;
          }
        }
        if (end < 0) throw new Error('Invalid immediate variable $(...): missing )');
        const expr = line.slice(i + 2, end);
        const [formula, fmt] = splitImmediateFormat(expr);
        const v = this.sim.variables.evalFormula(formula);
        out += sprintf(fmt ?? '%.20g', v); // LAMMPS's default format for immediate variables
        i = end;
      } else if (next !== undefined && /[A-Za-z0-9_]/.test(next)) {
        out += this.sim.variables.retrieve(next);
        i++;
      } else {
        out += c;
      }
    }
    return out;
  }
}

/** How deep include / jump-to-file may nest (LAMMPS stops self-inclusion with the same error). */
export const MAX_NESTED_FILES = 64;

/**
 * The message of anything a command threw. JavaScript's own errors (a bug, or input we failed to
 * check) keep their text but never their stack; stack overflow and allocation failures are named.
 */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e instanceof RangeError && /call stack/.test(e.message))
    return 'Input nests or recurses too deeply (JavaScript call stack exhausted)';
  if (e instanceof RangeError && /array length|allocation/i.test(e.message)) return `Out of memory: ${e.message}`;
  return e.message;
}

function splitImmediateFormat(expr: string): [string, string | null] {
  const m = /^(.*):(%[-+ 0#]*\d*(?:\.\d+)?[fegdi])$/.exec(expr);
  return m ? [m[1], m[2]] : [expr, null];
}

/** Remove a '#' comment that is not inside quotes. */
export function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (line.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
    } else if (line.startsWith('"""', i)) {
      quote = '"""';
      i += 2;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** Split into words on whitespace; "..." '...' and """...""" group words and lose their quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let q: string | null = null;
    if (line.startsWith('"""', i)) q = '"""';
    else if (line[i] === '"' || line[i] === "'") q = line[i];
    if (q) {
      const end = line.indexOf(q, i + q.length);
      if (end < 0) throw new Error(`Unbalanced quotes in input line: ${line}`);
      words.push(line.slice(i + q.length, end));
      i = end + q.length;
    } else {
      let j = i;
      while (j < line.length && !/\s/.test(line[j])) j++;
      words.push(line.slice(i, j));
      i = j;
    }
  }
  return words;
}
