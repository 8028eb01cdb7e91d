/**
 * Fuzz the deck interpreter through the real CLI: ~300 seeded mutants of small decks and data
 * files (scripts/deck_mutants.ts), each run as `node CLI run in.deck` in its own directory with a
 * timeout, then sorted into outcomes:
 *   clean     exit 1 with an ERROR line naming file:line (or a CLI option)
 *   accepted  exit 0 with finite thermo output
 *   nan       exit 0 with NaN/Inf in the output (silent garbage)
 *   unclear   exit 1 without a location, or with JavaScript error text (TypeError, typed array ...)
 *   crash     a stack trace or a signal/abnormal exit status
 *   hang      killed by the timeout
 * With --lmp PATH, every accepted mutant is also run through LAMMPS, and those LAMMPS rejects are
 * counted (and shown with LAMMPS's ERROR line): input we accept that the reference refuses.
 * Usage: node dist/scripts/fuzz_decks.js [--cli dist/src/cli.js] [--count 300] [--seed 1] [--timeout 20]
 *   [--show unclear,crash,hang,nan] [--lmp /usr/bin/lmp]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mutants, type Mutant } from './deck_mutants.js';

export type Outcome = 'clean' | 'accepted' | 'nan' | 'unclear' | 'crash' | 'hang';

/** JavaScript error texts that must never reach a user. */
const JS_ERROR =
  /TypeError|RangeError|ReferenceError|SyntaxError: (?!.*deck)|Invalid typed array length|Maximum call stack|is not a function|Cannot read propert|'undefined'|of undefined|heap out of memory/;
const STACK = /\n\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)/;

export function classify(status: number | null, signal: string | null, timedOut: boolean, out: string): Outcome {
  if (timedOut) return 'hang';
  if (STACK.test(out) || signal !== null || (status !== 0 && status !== 1)) return 'crash';
  if (status === 0) return /\b(nan|-?inf)\b/i.test(out.replace(/^.*(ERROR|WARNING).*$/gm, '')) ? 'nan' : 'accepted';
  const err = out.split('\n').find((l) => l.startsWith('ERROR')) ?? '';
  if (JS_ERROR.test(err) || !err) return 'unclear';
  return /\(.+:\d+: /.test(err) || /^ERROR: .*-\w+/.test(err) ? 'clean' : 'unclear';
}

/** LAMMPS's verdict on a deck in dir: its first ERROR line, or null when it runs to the end. */
function lammpsError(lmp: string, dir: string, timeoutS: number): string | null {
  const r = spawnSync(lmp, ['-in', 'in.deck', '-log', 'none', '-nocite'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status === 0) return null;
  return (
    `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').find((l) => /ERROR/.test(l)) ?? `exit ${r.status ?? r.signal}`
  );
}

function runOne(
  cli: string,
  m: Mutant,
  timeoutS: number,
  lmp: string | null,
): { outcome: Outcome; text: string; lammps?: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-fuzz-'));
  try {
    writeFileSync(join(dir, 'in.deck'), m.deck);
    for (const [name, text] of Object.entries(m.files)) writeFileSync(join(dir, name), text);
    const r = spawnSync(process.execPath, [cli, 'run', 'in.deck', '-log', 'none'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: timeoutS * 1000,
      env: { ...process.env, DPMD_THREADS: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    const outcome = classify(r.status, r.signal, timedOut, text);
    return { outcome, text, lammps: outcome === 'accepted' && lmp ? lammpsError(lmp, dir, timeoutS) : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const opt = (name: string, def: string) => {
    const k = argv.indexOf(name);
    return k >= 0 ? argv[k + 1] : def;
  };
  const cli = resolve(opt('--cli', 'dist/src/cli.js'));
  const count = Number(opt('--count', '300'));
  const seed = Number(opt('--seed', '1'));
  const timeout = Number(opt('--timeout', '20'));
  const show = new Set(opt('--show', 'unclear,crash,hang,nan').split(','));
  const lmp = opt('--lmp', '') || null;
  let lammpsRejects = 0;
  const counts: Record<Outcome, number> = { clean: 0, accepted: 0, nan: 0, unclear: 0, crash: 0, hang: 0 };
  for (const m of mutants(seed, count)) {
    const { outcome, text, lammps } = runOne(cli, m, timeout, lmp);
    counts[outcome]++;
    if (lammps) {
      lammpsRejects++;
      process.stdout.write(`[accepted, LAMMPS rejects] ${m.name}\n    ${lammps.slice(0, 300)}\n`);
    }
    if (show.has(outcome)) {
      const last = text
        .trim()
        .split('\n')
        .filter((l) => l.trim())
        .slice(-2)
        .join(' | ');
      process.stdout.write(`[${outcome}] ${m.name}\n    ${last.slice(0, 300)}\n`);
    }
  }
  process.stdout.write(`\n${count} mutants (seed ${seed}, ${cli}):\n`);
  for (const [k, v] of Object.entries(counts)) process.stdout.write(`  ${k.padEnd(9)} ${v}\n`);
  if (lmp) process.stdout.write(`  of the accepted, LAMMPS rejects ${lammpsRejects}\n`);
}

if (/fuzz_decks\.(js|ts)$/.test(process.argv[1] ?? '')) main(process.argv.slice(2));
