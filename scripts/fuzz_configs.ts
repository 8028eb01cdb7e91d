/**
 * Config fuzzing through the real CLI: seeded mutants of the shipped configs/bsde/*.json,
 * configs/control/*.json and a small training input.json (keys deleted or renamed, wrong types,
 * 0 / -1 / 1e12 / "NaN" / fractional / huge values, prototype names), each run as
 * `node CLI bsde|control|train ...` with tiny iteration counts and a timeout, then classified:
 *
 *   clean     exit != 0, `ERROR:` line naming the mutated key, no stack trace
 *   accepted  exit 0 with finite results
 *   unclear   exit != 0 without a stack, but the message does not name the key
 *   crash     a stack trace on stderr
 *   hang      timeout without progress output, or out of memory
 *   running   timeout while still printing step lines (a huge but valid iteration count: progressing, not hung)
 *   nan       exit 0 but NaN/Infinity in the results
 *   exit!=1   (overlay) failed runs whose exit status is not 1
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/fuzz_configs.js [--cli dist/src/cli.js] [--n 400] [--seed 1] [--timeout 20]
 *
 * The mutation generator is also used in-process by test/fuzz/config_fuzz.test.ts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CappedRun, spawnCapped } from './spawn_capped.js';

type Json = unknown;
export interface Mutant {
  kind: 'bsde' | 'control' | 'train';
  base: string;
  op: string;
  path: string;
  key: string;
  config: Json;
}

/** mulberry32: a small seeded generator, enough for choosing mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES: [string, Json][] = [
  ['zero', 0],
  ['minus-one', -1],
  ['1e12', 1e12],
  ['NaN-string', 'NaN'],
  ['fraction', 0.5],
  ['huge', 1e308],
  ['string', 'abc'],
  ['null', null],
  ['bool', true],
  ['empty-array', []],
  ['object', {}],
  ['proto-name', 'toString'],
  ['negative-fraction', -2.5],
  ['Infinity-string', 'Infinity'],
  ['array-of-strings', ['x']],
  ['1e7', 1e7],
];
const PROTO_KEYS = ['toString', '__proto__', 'constructor', 'hasOwnProperty'];

/** Paths of every key (not '_' comments) in a JSON value, as key arrays. */
function keyPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v))
    v.forEach((e, i) => {
      out.push([...prefix, i]);
      out.push(...keyPaths(e, [...prefix, i]));
    });
  else if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) {
      if (k.startsWith('_')) continue;
      out.push([...prefix, k]);
      out.push(...keyPaths((v as Record<string, Json>)[k], [...prefix, k]));
    }
  }
  return out;
}

const showPath = (p: (string | number)[]) =>
  p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

/** One mutant of `base` chosen by `rnd`. key: the key (last named component) a clean error must mention. */
export function mutate(base: Json, rnd: () => number): { op: string; path: string; key: string; config: Json } {
  const cfg = JSON.parse(JSON.stringify(base)) as Json;
  const paths = keyPaths(cfg);
  const p = paths[Math.floor(rnd() * paths.length)];
  const parentPath = p.slice(0, -1),
    last = p[p.length - 1];
  let parent = cfg as Record<string | number, Json>;
  for (const k of parentPath) parent = parent[k] as Record<string | number, Json>;
  const named = [...p].reverse().find((k) => typeof k === 'string') as string;
  const r = rnd();
  if (r < 0.12 && typeof last === 'string') {
    delete parent[last];
    return { op: 'delete', path: showPath(p), key: named, config: cfg };
  }
  if (r < 0.22 && typeof last === 'string') {
    const v = parent[last];
    delete parent[last];
    const renamed = `${last}x`;
    parent[renamed] = v;
    return { op: 'rename', path: showPath(p), key: renamed, config: cfg };
  }
  if (r < 0.28 && !Array.isArray(parent)) {
    const k = PROTO_KEYS[Math.floor(rnd() * PROTO_KEYS.length)];
    Object.defineProperty(parent, k, { value: 1, enumerable: true, configurable: true, writable: true });
    return { op: `add-key-${k}`, path: showPath([...parentPath, k]), key: k, config: cfg };
  }
  const [name, value] = VALUES[Math.floor(rnd() * VALUES.length)];
  parent[last] = JSON.parse(JSON.stringify(value)) as Json;
  return { op: `set-${name}`, path: showPath(p), key: named, config: cfg };
}

/** Shipped configs shrunk to a tiny problem, so that valid mutants run in a second. */
export function tinyBsde(raw: Json): Json {
  const c = JSON.parse(JSON.stringify(raw)) as { eqn_config: Record<string, Json>; net_config: Record<string, Json> };
  c.eqn_config.dim = 3;
  c.eqn_config.num_time_interval = 4;
  Object.assign(c.net_config, {
    num_hiddens: [13, 13],
    num_iterations: 2,
    batch_size: 8,
    valid_size: 16,
    logging_frequency: 1,
  });
  return c;
}

export function tinyControl(raw: Json): Json {
  const c = JSON.parse(JSON.stringify(raw)) as {
    problem_config: Record<string, Json>;
    net_config: Record<string, Json>;
  };
  if (c.problem_config.problem_name === 'LQG') c.problem_config.dim = 3;
  else Object.assign(c.problem_config, { devices: 3, total_time: 4 }); // hourly steps, as the shipped configs
  c.problem_config.num_time_interval = 4;
  Object.assign(c.net_config, {
    num_hiddens: [8, 8],
    num_iterations: 2,
    batch_size: 8,
    valid_size: 16,
    logging_frequency: 1,
    eval_size: 32,
  });
  return c;
}

/** A small training input.json for systems at `sys`. */
export function tinyTrainInput(sys: string): Json {
  return {
    model: {
      type_map: ['O', 'H'],
      descriptor: { type: 'se_e2_a', sel: [4, 8], rcut_smth: 0.5, rcut: 3.0, neuron: [4, 8], axis_neuron: 2, seed: 1 },
      fitting_net: { neuron: [8, 8], resnet_dt: true, seed: 1 },
      data_stat_nbatch: 1,
    },
    learning_rate: { type: 'exp', decay_steps: 2, start_lr: 0.001, stop_lr: 1e-4 },
    loss: { type: 'ener', start_pref_e: 0.02, limit_pref_e: 1, start_pref_f: 100, limit_pref_f: 1 },
    training: {
      training_data: { systems: [sys], batch_size: 1, numb_btch: 1 },
      validation_data: { systems: [sys], batch_size: 1, numb_btch: 1 },
      numb_steps: 2,
      seed: 1,
      disp_file: 'lcurve.out',
      disp_freq: 1,
      save_freq: 1,
      save_ckpt: 'model.ckpt',
    },
  };
}

/** A deepmd/raw system (open boundaries): 3 atoms of water-like geometry, 3 frames, energies and forces. */
export function writeTinySystem(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'type.raw'), '0 1 1\n');
  writeFileSync(join(dir, 'type_map.raw'), 'O H\n');
  writeFileSync(join(dir, 'nopbc'), '');
  const frames = [0, 1, 2].map((f) => [0, 0, 0, 0.96 + 0.01 * f, 0, 0, -0.24, 0.93 - 0.01 * f, 0]);
  writeFileSync(join(dir, 'coord.raw'), `${frames.map((r) => r.join(' ')).join('\n')}\n`);
  writeFileSync(join(dir, 'energy.raw'), '-14.1\n-14.0\n-13.9\n');
  writeFileSync(
    join(dir, 'force.raw'),
    `${frames.map((_, f) => [0.1 * f, 0, 0, -0.1 * f, 0.05, 0, 0, -0.05, 0].join(' ')).join('\n')}\n`,
  );
}

/** The seeded mutant list: shares of bsde, control and training mutants. */
export function mutants(root: string, sys: string, n: number, seed: number): Mutant[] {
  const rnd = prng(seed);
  const bases: { kind: Mutant['kind']; base: string; json: Json }[] = [];
  for (const f of readdirSync(join(root, 'configs/bsde'))
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    bases.push({
      kind: 'bsde',
      base: `configs/bsde/${f}`,
      json: tinyBsde(JSON.parse(readFileSync(join(root, 'configs/bsde', f), 'utf8'))),
    });
  }
  for (const f of readdirSync(join(root, 'configs/control'))
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    bases.push({
      kind: 'control',
      base: `configs/control/${f}`,
      json: tinyControl(JSON.parse(readFileSync(join(root, 'configs/control', f), 'utf8'))),
    });
  }
  const train = { kind: 'train' as const, base: 'input.json (tiny)', json: tinyTrainInput(sys) };
  const out: Mutant[] = [];
  for (let i = 0; i < n; i++) {
    // a third training inputs, the rest spread over the solver configs
    const b = i % 3 === 2 ? train : bases[Math.floor(rnd() * bases.length)];
    out.push({ kind: b.kind, base: b.base, ...mutate(b.json, rnd) });
  }
  return out;
}

export type Outcome = 'clean' | 'accepted' | 'unclear' | 'crash' | 'hang' | 'running' | 'nan';

const STACK = /\n\s+at .+(\(|:\d+:\d+)/;

/** Classify a finished run. */
export function classify(
  m: Mutant,
  code: number | null,
  timedOut: boolean,
  stdout: string,
  stderr: string,
  files: string,
): Outcome {
  if (timedOut && !/\b(NaN|nan)\b/.test(stdout) && (stdout.match(/^step/gm)?.length ?? 0) >= 2) return 'running';
  if (
    timedOut ||
    (/heap out of memory|Allocation failed|Invalid array length|Array buffer allocation failed/.test(stderr) &&
      !/^ERROR:/m.test(stderr))
  )
    return 'hang';
  if (STACK.test(stderr)) return 'crash';
  if (code === 0) return /\bNaN\b|Infinity|\bnan\b/.test(stdout + files) ? 'nan' : 'accepted';
  const last = m.key;
  return stderr.includes(last) ? 'clean' : 'unclear';
}

function runCli(cli: string, args: string[], cwd: string, timeoutS: number): Promise<CappedRun> {
  return spawnCapped(['--max-old-space-size=1024', cli, ...args], {
    cwd,
    timeoutS,
    cap: 1e6,
    env: { ...process.env, DPMD_DEBUG: '' },
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const cli = resolve(opt('cli', 'dist/src/cli.js'));
  const n = Number(opt('n', '400')),
    seed = Number(opt('seed', '1')),
    timeoutS = Number(opt('timeout', '20'));
  const jobs = Number(opt('jobs', '2'));
  const work = mkdtempSync(join(tmpdir(), 'dpmd-fuzz-'));
  const sys = join(work, 'sys');
  writeTinySystem(sys);
  const list = mutants(process.cwd(), sys, n, seed);
  const counts: Record<Outcome | 'exit!=1', number> = {
    clean: 0,
    accepted: 0,
    unclear: 0,
    crash: 0,
    hang: 0,
    running: 0,
    nan: 0,
    'exit!=1': 0,
  };
  const examples: Partial<Record<Outcome | 'exit!=1', string[]>> = {};
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++,
        m = list[i];
      const dir = join(work, `m${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'config.json'), JSON.stringify(m.config));
      const args =
        m.kind === 'train'
          ? ['train', 'config.json', '--workers', '0']
          : [m.kind, 'config.json', '--iterations', '2', '--quiet'];
      const r = await runCli(cli, args, dir, timeoutS);
      let files = '';
      if (m.kind === 'train' && r.code === 0) {
        for (const f of ['model.yaml']) {
          try {
            files += readFileSync(join(dir, f), 'utf8');
          } catch {
            /* absent */
          }
        }
      }
      const o = classify(m, r.code, r.timedOut, r.stdout, r.stderr, files);
      counts[o]++;
      const note = `${m.kind} ${m.base} ${m.op} ${m.path}: ${(r.stderr.split('\n').find((l) => l.trim()) ?? r.stdout.split('\n').slice(-2).join(' ')).slice(0, 160)}`;
      (examples[o] ??= []).push(note);
      if (o !== 'accepted' && o !== 'hang' && o !== 'running' && r.code !== 1 && r.code !== 0) {
        counts['exit!=1']++;
        (examples['exit!=1'] ??= []).push(`${note} (exit ${r.code})`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  rmSync(work, { recursive: true, force: true });
  console.log(`config fuzz: ${list.length} mutants (seed ${seed}) through ${cli}`);
  for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(9)} ${v}`);
  for (const k of ['crash', 'hang', 'running', 'nan', 'unclear', 'exit!=1'] as const) {
    for (const e of (examples[k] ?? []).slice(0, 12)) console.log(`  [${k}] ${e}`);
  }
}

const invoked = process.argv[1] ?? '';
if (/fuzz_configs\.(js|ts)$/.test(invoked)) void main();
