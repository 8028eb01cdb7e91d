/**
 * LAMMPS golden files: one directory per reference run under test/golden/<name>/ holding the deck
 * (in.lammps), the inputs the test wrote (data files, synthetic potentials), LAMMPS's outputs that
 * the test compares (screen.txt, dumps, fix ave/time files) and golden.json (the exact command,
 * LAMMPS's version, which files are inputs and outputs, repository files copied in beside the deck).
 * Like LAMMPS's own unittest YAML: the reference numbers are LAMMPS's, committed, so the suite
 * checks against them on a machine without LAMMPS. This module has no test-framework imports:
 * scripts/regen_goldens.ts uses it too.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const GOLDEN_ROOT = join(REPO_ROOT, 'test', 'golden');
/** The LAMMPS executable: $LMP, else `lmp` on the PATH. */
export const LMP = process.env.LMP ?? 'lmp';
/** Arguments of every golden run, in the golden directory: screen output is the reference. */
export const LMP_ARGS = ['-in', 'in.lammps', '-log', 'none', '-nocite'];

export interface GoldenSpec {
  /** The deck, run as in.lammps in a directory holding the inputs. */
  deck: string;
  /** Input files the test writes (name -> text), stored in the golden directory. */
  files?: Record<string, string>;
  /** Input files from the repository (name in the run directory -> path relative to the repository root). */
  repoFiles?: Record<string, string>;
  /** Files LAMMPS writes that the test compares (screen.txt is always kept). */
  outputs?: string[];
}

export interface GoldenMeta {
  command: string;
  env: Record<string, string>;
  lammps: string;
  inputs: string[];
  repoFiles: Record<string, string>;
  outputs: string[];
}

/** LAMMPS's outputs of one run: trimmed screen text and the named output files. */
export interface LammpsOutput {
  screen: string;
  files: Record<string, string>;
}

let probed: { ok: boolean; version: string; why: string } | undefined;

/** Whether a working LAMMPS is installed (runs `lmp -h` once), with its version line. */
export function probeLammps(): { ok: boolean; version: string; why: string } {
  if (probed) return probed;
  try {
    const text = execFileSync(LMP, ['-h'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const m = /Large-scale Atomic\/Molecular Massively Parallel Simulator - (.+)/.exec(text);
    probed = { ok: true, version: m ? m[1].trim() : 'unknown', why: '' };
  } catch (e) {
    probed = { ok: false, version: '', why: `${LMP}: ${(e as Error).message.split('\n')[0]}` };
  }
  return probed;
}

/**
 * LAMMPS's screen output without the lines that change from run to run (timings, CPU use, wall
 * time), so a regenerated golden differs only where LAMMPS's numbers do.
 */
export function trimScreen(text: string): string {
  const out: string[] = [];
  let inTimings = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('MPI task timing breakdown')) {
      inTimings = true;
      continue;
    }
    if (inTimings) {
      if (line.trim() === '') inTimings = false;
      continue;
    }
    if (/^(Loop time of|Performance:|Total wall time:|\s*[\d.]+% CPU use)/.test(line)) {
      // Keep the end-of-run marker the thermo parser relies on, without its timing.
      if (line.startsWith('Loop time of')) out.push(line.replace(/^Loop time of [^ ]+/, 'Loop time of *'));
      continue;
    }
    out.push(line.replace(/CPU = [\d.e+-]+ seconds/, 'CPU = * seconds'));
  }
  return out.join('\n');
}

export function goldenDir(name: string): string {
  return join(GOLDEN_ROOT, name);
}

/** Write the spec's inputs (test-written and repository files) and the deck into dir. */
export function writeInputs(spec: GoldenSpec, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'in.lammps'), spec.deck);
  for (const [f, text] of Object.entries(spec.files ?? {})) writeFileSync(join(dir, f), text);
  for (const [f, path] of Object.entries(spec.repoFiles ?? {})) copyFileSync(join(REPO_ROOT, path), join(dir, f));
}

/** Run LAMMPS in dir (inputs already there) and collect the trimmed screen and output files. */
export function runInDir(dir: string, outputs: string[]): LammpsOutput {
  let text: string;
  try {
    text = execFileSync(LMP, LMP_ARGS, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
      timeout: 600_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; message: string };
    throw new Error(`lmp failed in ${dir}: ${err.message.split('\n')[0]}\n${(err.stdout ?? '').slice(-2000)}`);
  }
  const files: Record<string, string> = {};
  for (const f of outputs) files[f] = readFileSync(join(dir, f), 'utf8');
  return { screen: trimScreen(text), files };
}

/** Run the spec through LAMMPS in a fresh scratch directory. */
export function runLive(spec: GoldenSpec): LammpsOutput {
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-lmp-'));
  try {
    writeInputs(spec, dir);
    return runInDir(dir, spec.outputs ?? []);
  } finally {
    // The outputs are read into memory; leaving the scratch directory would grow the temp folder by one per live run.
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readMeta(name: string): GoldenMeta {
  return JSON.parse(readFileSync(join(goldenDir(name), 'golden.json'), 'utf8')) as GoldenMeta;
}

/** The committed golden's outputs. */
export function readGolden(name: string): LammpsOutput {
  const dir = goldenDir(name);
  const meta = readMeta(name);
  const files: Record<string, string> = {};
  for (const f of meta.outputs) files[f] = readFileSync(join(dir, f), 'utf8');
  return { screen: readFileSync(join(dir, 'screen.txt'), 'utf8'), files };
}

/**
 * Why the committed golden does not belong to this spec (missing, or the deck, an input or the
 * list of outputs differ), or '' when it does.
 */
export function staleReason(name: string, spec: GoldenSpec): string {
  const dir = goldenDir(name);
  if (!existsSync(join(dir, 'golden.json'))) return 'no golden.json';
  if (readFileSync(join(dir, 'in.lammps'), 'utf8') !== spec.deck) return 'the deck differs from in.lammps';
  const meta = readMeta(name);
  const inputs = Object.keys(spec.files ?? {}).sort();
  if (meta.inputs.join() !== inputs.join()) return `inputs ${inputs.join(' ')} vs ${meta.inputs.join(' ')}`;
  for (const f of inputs) if (readFileSync(join(dir, f), 'utf8') !== spec.files![f]) return `input ${f} differs`;
  if (JSON.stringify(meta.repoFiles) !== JSON.stringify(spec.repoFiles ?? {})) return 'repository inputs differ';
  if (meta.outputs.join() !== (spec.outputs ?? []).join()) return 'the list of outputs differs';
  return '';
}

/** Store the spec's deck and inputs as the golden `name` and run LAMMPS on them. */
export function recordGolden(name: string, spec: GoldenSpec): void {
  const dir = goldenDir(name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'in.lammps'), spec.deck);
  for (const [f, text] of Object.entries(spec.files ?? {})) writeFileSync(join(dir, f), text);
  const meta: GoldenMeta = {
    command: `${['lmp', ...LMP_ARGS].join(' ')} > screen.txt`,
    env: { OMP_NUM_THREADS: '1' },
    lammps: '',
    inputs: Object.keys(spec.files ?? {}).sort(),
    repoFiles: spec.repoFiles ?? {},
    outputs: spec.outputs ?? [],
  };
  writeFileSync(join(dir, 'golden.json'), `${JSON.stringify(meta, null, 2)}\n`);
  regenerateGolden(name);
}

/**
 * Re-run LAMMPS on a committed golden's deck and inputs (in a scratch copy, so repository files
 * are copied in and nothing else lands in test/golden) and overwrite its outputs and version.
 */
export function regenerateGolden(name: string): void {
  const probe = probeLammps();
  if (!probe.ok) throw new Error(`cannot regenerate goldens without LAMMPS (${probe.why})`);
  const dir = goldenDir(name);
  const meta = readMeta(name);
  const run = mkdtempSync(join(tmpdir(), 'dpmd-golden-'));
  copyFileSync(join(dir, 'in.lammps'), join(run, 'in.lammps'));
  for (const f of meta.inputs) copyFileSync(join(dir, f), join(run, f));
  for (const [f, path] of Object.entries(meta.repoFiles)) copyFileSync(join(REPO_ROOT, path), join(run, f));
  const out = runInDir(run, meta.outputs);
  writeFileSync(join(dir, 'screen.txt'), out.screen);
  for (const [f, text] of Object.entries(out.files)) writeFileSync(join(dir, f), text);
  meta.lammps = probe.version;
  writeFileSync(join(dir, 'golden.json'), `${JSON.stringify(meta, null, 2)}\n`);
  rmSync(run, { recursive: true, force: true });
}

/** Every golden name (directories holding golden.json), sorted. */
export function listGoldens(root: string = GOLDEN_ROOT, prefix = ''): string[] {
  if (!existsSync(root)) return [];
  const names: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (existsSync(join(root, e.name, 'golden.json'))) names.push(name);
    names.push(...listGoldens(join(root, e.name), name));
  }
  return names.sort();
}
