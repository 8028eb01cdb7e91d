/**
 * Survey: every `in.*` deck of LAMMPS's examples, run unchanged (run lengths capped) in LAMMPS and
 * in dpmd, thermo compared. It installs nothing: the decks come from Debian's `lammps-examples`
 * package (`apt-get install lammps lammps-examples`, decks under
 * /usr/share/doc/lammps-examples/examples) or any folder given with --examples.
 *
 *   npm run build && node dist/scripts/survey_lammps_examples.js [--examples DIR] [--cap 300]
 *       [--timeout 120] [--jobs 2] [--only REGEX] [--lmp-cache DIR] [--json FILE] [--markdown FILE]
 *
 * Each deck runs in a scratch copy of its folder (folders above it are linked, so `../potentials`
 * resolves), once as `lmp -in DECK` and once as `dpmd -in DECK`. The copy of the deck has every
 * literal `run N` capped at --cap steps and every `minimize` at --cap iterations and evaluations
 * (a `run ${n}` is left as written). A deck counts for the survey when LAMMPS runs it (exit 0 with
 * at least one thermo table); dpmd's result is then one of
 *   same     every thermo table equal to LAMMPS's within 1e-6 relative (src/thermo_tables.ts)
 *   drift    equal within 1e-3 (roundoff growing in a chaotic run), not within 1e-6
 *   differs  ran, but the tables differ by more (or differ in count, columns or steps)
 *   refused  stopped with an ERROR line: the first blocker, tallied by the feature it names
 *   crashed  any other failure (no ERROR line, a signal, a time-out, NaN in thermo)
 * --lmp-cache keeps LAMMPS's results between surveys (they do not change when dpmd does).
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareThermo, parseThermo, type ThermoTable } from '../src/thermo_tables.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** dist/scripts/ when compiled, scripts/ under tsx: the CLI next to it either way. */
const DEFAULT_DPMD = existsSync(join(HERE, '../src/cli.js'))
  ? join(HERE, '../src/cli.js')
  : join(HERE, '../dist/src/cli.js');

interface Options {
  examples: string;
  cap: number;
  timeout: number;
  jobs: number;
  only: RegExp | null;
  lmp: string;
  dpmd: string;
  lmpCache: string | null;
  json: string | null;
  markdown: string | null;
}

interface ProgramRun {
  code: number | null;
  timedOut: boolean;
  log: string;
  stderr: string;
  seconds: number;
}

type Verdict = 'same' | 'drift' | 'differs' | 'refused' | 'crashed';

interface DeckResult {
  deck: string;
  lammpsRuns: boolean;
  lammpsWhy: string;
  verdict: Verdict | null;
  maxRel: number | null;
  detail: string;
  blocker: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    examples: '/usr/share/doc/lammps-examples/examples',
    cap: 300,
    timeout: 120,
    jobs: 2,
    only: null,
    lmp: process.env.LMP ?? 'lmp',
    dpmd: DEFAULT_DPMD,
    lmpCache: null,
    json: null,
    markdown: null,
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const v = (): string => {
      const x = argv[++k];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const int = (): number => {
      const x = v();
      if (!/^\d+$/.test(x) || Number(x) < 1) throw new Error(`${a} needs a positive integer, got '${x}'`);
      return Number(x);
    };
    if (a === '--examples') o.examples = resolve(v());
    else if (a === '--cap') o.cap = int();
    else if (a === '--timeout') o.timeout = int();
    else if (a === '--jobs') o.jobs = int();
    else if (a === '--only') o.only = new RegExp(v());
    else if (a === '--lmp') o.lmp = v();
    else if (a === '--dpmd') o.dpmd = resolve(v());
    else if (a === '--lmp-cache') o.lmpCache = resolve(v());
    else if (a === '--json') o.json = resolve(v());
    else if (a === '--markdown') o.markdown = resolve(v());
    else throw new Error(`unknown option '${a}'`);
  }
  if (!existsSync(o.examples)) {
    throw new Error(`no examples at ${o.examples}: apt-get install lammps-examples, or give --examples DIR`);
  }
  if (!existsSync(o.dpmd)) throw new Error(`no dpmd CLI at ${o.dpmd}: run npm run build first`);
  return o;
}

/** Every in.* deck under root (sorted, relative to root). Compressed files are not decks. */
export function findDecks(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.startsWith('in.') && !e.name.endsWith('.gz')) out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * The deck with run lengths capped: a literal `run N` becomes `run min(N, cap)` (its other
 * keywords kept) and `minimize etol ftol maxiter maxeval` has maxiter and maxeval capped.
 */
export function capDeck(text: string, cap: number): string {
  return text
    .split('\n')
    .map((line) => {
      const run = /^(\s*run\s+)(\d+)(.*)$/.exec(line);
      if (run) return `${run[1]}${Math.min(Number(run[2]), cap)}${run[3]}`;
      const min = /^(\s*minimize\s+\S+\s+\S+\s+)(\d+)(\s+)(\d+)(.*)$/.exec(line);
      if (min) return `${min[1]}${Math.min(Number(min[2]), cap)}${min[3]}${Math.min(Number(min[4]), cap)}${min[5]}`;
      return line;
    })
    .join('\n');
}

/**
 * A scratch copy of the deck's folder at the same depth below a mirror of the examples root:
 * the folder itself copied (links resolved, so the deck's outputs never write into the package),
 * and every other entry on the way up linked, so relative paths such as ../../potentials resolve.
 */
function stageDeck(o: Options, deck: string, cap: number): { dir: string; file: string; scratch: string } {
  const scratch = mkdtempSync(join(tmpdir(), 'dpmd-survey-'));
  const rel = dirname(deck);
  const parts = rel === '.' ? [] : rel.split('/');
  for (let level = 0; level <= parts.length; level++) {
    const src = join(o.examples, ...parts.slice(0, level));
    const dst = join(scratch, ...parts.slice(0, level));
    mkdirSync(dst, { recursive: true });
    if (level === parts.length) {
      copyResolved(src, dst);
    } else {
      for (const e of readdirSync(src)) {
        if (e !== parts[level]) symlinkSync(join(src, e), join(dst, e));
      }
    }
  }
  const dir = join(scratch, rel);
  const file = basename(deck);
  writeFileSync(join(dir, file), capDeck(readFileSync(join(o.examples, deck), 'utf8'), cap));
  return { dir, file, scratch };
}

/** Copy a folder, following links; links that point nowhere (the package has a few) are left out. */
function copyResolved(src: string, dst: string): void {
  for (const e of readdirSync(src)) {
    const from = join(src, e);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(from);
    } catch {
      continue; // a dangling link
    }
    const to = join(dst, e);
    if (st.isDirectory()) {
      mkdirSync(to, { recursive: true });
      copyResolved(from, to);
    } else cpSync(from, to, { dereference: true });
  }
}

/** Run a program in dir with a wall-time limit; keep its log file and stderr. */
function runProgram(cmd: string, args: string[], dir: string, logName: string, timeoutS: number): Promise<ProgramRun> {
  return new Promise((res) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (d) => {
      if (stderr.length < 20000) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: mpirun-style helpers or worker threads go with it.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const logPath = join(dir, logName);
      const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
      res({ code, timedOut, log, stderr, seconds: (performance.now() - t0) / 1000 });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      res({ code: -1, timedOut: false, log: '', stderr: String(e), seconds: 0 });
    });
  });
}

/** The first ERROR line of a run (LAMMPS's and dpmd's both start with "ERROR"). */
function firstError(text: string): string {
  const m = /^ERROR[^\n]*/m.exec(text);
  return m ? m[0].trim() : '';
}

/**
 * The feature a dpmd refusal names, for the tally: "Unknown command 'X'" → X, "Unknown pair style
 * 'Y'" → pair_style Y (fix, compute, ... alike), otherwise the command of the failing line.
 */
export function blockerOf(error: string): string {
  const unknown = /Unknown (command|[a-z_]+ style|atom style) '([^']+)'/.exec(error);
  if (unknown) return unknown[1] === 'command' ? unknown[2] : `${unknown[1].replace(' style', '')} ${unknown[2]}`;
  const where = /\([^():]+:\d+: (\S+)(?: (\S+))?(?: (\S+))?[^)]*\)\s*$/.exec(error);
  if (where) {
    const cmd = where[1];
    if (cmd === 'fix' || cmd === 'compute') return `${cmd} ${where[3] ?? ''}`.trim();
    if (/_style$/.test(cmd)) return `${cmd} ${where[2] ?? ''}`.trim();
    return cmd;
  }
  return error.slice(0, 60);
}

/** Compare dpmd's thermo tables with LAMMPS's: the worst relative difference, or why they cannot be compared. */
function compareTables(ours: ThermoTable[], ref: ThermoTable[]): { maxRel: number; detail: string } {
  if (ours.length !== ref.length) return { maxRel: Infinity, detail: `${ours.length} thermo tables vs ${ref.length}` };
  let worst = 0;
  let detail = '';
  for (let k = 0; k < ref.length; k++) {
    try {
      const c = compareThermo(ours[k], ref[k]);
      if (!(c.maxRel <= worst)) {
        worst = c.maxRel;
        detail = `table ${k + 1}: ${c.where}`;
      }
    } catch (e) {
      return { maxRel: Infinity, detail: `table ${k + 1}: ${(e as Error).message}` };
    }
  }
  return { maxRel: worst, detail };
}

async function lammpsRun(o: Options, deck: string): Promise<ProgramRun> {
  const key = o.lmpCache ? join(o.lmpCache, `${deck.replaceAll('/', '__')}.cap${o.cap}.json`) : null;
  if (key && existsSync(key)) return JSON.parse(readFileSync(key, 'utf8')) as ProgramRun;
  const st = stageDeck(o, deck, o.cap);
  try {
    const r = await runProgram(
      o.lmp,
      ['-in', st.file, '-log', 'log.lammps', '-screen', 'none', '-nocite'],
      st.dir,
      'log.lammps',
      o.timeout,
    );
    if (key) {
      mkdirSync(o.lmpCache!, { recursive: true });
      writeFileSync(key, JSON.stringify(r));
    }
    return r;
  } finally {
    rmSync(st.scratch, { recursive: true, force: true });
  }
}

async function surveyDeck(o: Options, deck: string): Promise<DeckResult> {
  const res: DeckResult = {
    deck,
    lammpsRuns: false,
    lammpsWhy: '',
    verdict: null,
    maxRel: null,
    detail: '',
    blocker: '',
  };
  const lmp = await lammpsRun(o, deck);
  const ref = parseThermo(lmp.log);
  if (lmp.timedOut) res.lammpsWhy = `timed out after ${o.timeout} s`;
  else if (lmp.code !== 0) res.lammpsWhy = firstError(lmp.log + lmp.stderr) || `exit ${lmp.code}`;
  else if (ref.length === 0 || ref.every((t) => t.rows.length === 0)) res.lammpsWhy = 'no thermo table';
  else res.lammpsRuns = true;
  if (!res.lammpsRuns) return res;
  const st = stageDeck(o, deck, o.cap);
  try {
    const env = ['-in', st.file, '-log', 'log.dpmd', '-screen', 'none'];
    const r = await runProgram(process.execPath, [o.dpmd, ...env], st.dir, 'log.dpmd', o.timeout);
    const err = firstError(r.stderr) || firstError(r.log);
    if (r.timedOut) {
      res.verdict = 'crashed';
      res.detail = `timed out after ${o.timeout} s`;
    } else if (r.code === 1 && err) {
      res.verdict = 'refused';
      res.detail = err;
      res.blocker = blockerOf(err);
    } else if (r.code !== 0) {
      res.verdict = 'crashed';
      res.detail = `exit ${r.code}: ${r.stderr.split('\n')[0]}`;
    } else {
      const ours = parseThermo(r.log);
      const c = compareTables(ours, ref);
      res.maxRel = c.maxRel;
      res.detail = c.detail;
      if (/\bnan\b|\binf\b/i.test(ours.map((t) => t.rows.join()).join())) res.verdict = 'crashed';
      else if (c.maxRel <= 1e-6) res.verdict = 'same';
      else if (c.maxRel <= 1e-3) res.verdict = 'drift';
      else res.verdict = 'differs';
    }
  } finally {
    rmSync(st.scratch, { recursive: true, force: true });
  }
  return res;
}

/** Run decks `jobs` at a time, reporting each as it finishes. */
async function surveyAll(o: Options, decks: string[]): Promise<DeckResult[]> {
  const results: DeckResult[] = new Array(decks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < decks.length) {
      const k = next++;
      try {
        results[k] = await surveyDeck(o, decks[k]);
      } catch (e) {
        // A deck the survey itself cannot stage (unreadable files): reported, never fatal.
        results[k] = {
          deck: decks[k],
          lammpsRuns: false,
          lammpsWhy: `survey: ${(e as Error).message}`,
          verdict: null,
          maxRel: null,
          detail: '',
          blocker: '',
        };
      }
      const r = results[k];
      process.stderr.write(`[${k + 1}/${decks.length}] ${r.deck}: ${r.lammpsRuns ? r.verdict : 'lmp fails'}\n`);
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, worker));
  return results;
}

/** The per-deck table (decks LAMMPS runs) and the counts, as Markdown. */
export function formatReport(o: Options, results: DeckResult[]): string {
  const runs = results.filter((r) => r.lammpsRuns);
  const count = (v: Verdict): number => runs.filter((r) => r.verdict === v).length;
  const lines: string[] = [];
  lines.push(`Decks found: ${results.length}; LAMMPS runs ${runs.length} of them (cap ${o.cap} steps).`);
  lines.push('');
  lines.push('| dpmd result | decks |');
  lines.push('|---|---|');
  for (const v of ['same', 'drift', 'differs', 'refused', 'crashed'] as Verdict[]) lines.push(`| ${v} | ${count(v)} |`);
  lines.push('');
  const tally = new Map<string, number>();
  for (const r of runs) if (r.verdict === 'refused') tally.set(r.blocker, (tally.get(r.blocker) ?? 0) + 1);
  lines.push('First blockers of refused decks (feature: decks):');
  lines.push('');
  lines.push(
    [...tally.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `\`${k}\` ${n}`)
      .join(', '),
  );
  lines.push('');
  lines.push('| deck | dpmd | max rel. diff | first blocker / where |');
  lines.push('|---|---|---|---|');
  for (const r of runs) {
    const rel = r.maxRel === null ? '' : Number.isFinite(r.maxRel) ? r.maxRel.toExponential(1) : 'n/a';
    const note = r.verdict === 'refused' ? `\`${r.blocker}\`` : r.verdict === 'same' ? '' : r.detail.slice(0, 100);
    lines.push(`| ${r.deck} | ${r.verdict} | ${rel} | ${note.replaceAll('|', '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const decks = findDecks(o.examples).filter((d) => !o.only || o.only.test(d));
  const results = await surveyAll(o, decks);
  const report = formatReport(o, results);
  process.stdout.write(report);
  if (o.markdown) writeFileSync(o.markdown, report);
  if (o.json) writeFileSync(o.json, `${JSON.stringify(results, null, 1)}\n`);
}

const invoked = process.argv[1] ?? '';
if (/survey_lammps_examples\.(js|ts)$/.test(invoked)) {
  main().catch((e) => {
    process.stderr.write(`ERROR: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
