/**
 * Model-file fuzzing: seeded mutants of DeePMD-kit's fixture models (deleted/renamed keys, wrong types,
 * huge/negative/fractional/NaN numbers, NaN weights, shape changes, truncated or flipped bytes of
 * .yaml/.dp/.pb files, a YAML alias bomb), run through the CLI: `dpmd run` with a deck using
 * `pair_style deepmd MUTANT` (run 0, potential energy printed) and `dpmd export-onnx`. Prints counts:
 * clean errors (exit 1, message, no stack) / accepted (finite energy) / crashes (stack trace or other
 * exit status) / hangs (over the time limit) / NaN (accepted with a non-finite energy).
 *
 *   npx tsc -p tsconfig.json && npx tsx scripts/fuzz_models.ts [--n 200] [--seed 1] [--timeout 30] [--cli dist/src/cli.js]
 *
 * The mutation engine (makeRawMutants, makeByteMutants) is shared with test/fuzz/model_fuzz.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { type CappedRun, spawnCapped } from './spawn_capped.js';

type Raw = any; // a parsed model dict (arrays as {"@class": "np.ndarray", value})

/** Small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RawMutant {
  kind: string;
  path: string;
  key: string;
  raw: Raw;
}
export interface ByteMutant {
  kind: string;
  ext: string;
  key: string;
  bytes: Uint8Array;
}

interface Site {
  parent: Raw;
  key: string | number;
  path: string;
  isArray: boolean;
}

const isNd = (x: unknown): boolean => typeof x === 'object' && x !== null && (x as Raw)['@class'] === 'np.ndarray';

/** Every dict entry / list element outside ndarray payloads, and the ndarrays themselves. */
function sites(root: Raw): { entries: Site[]; numbers: Site[]; arrays: Site[] } {
  const entries: Site[] = [],
    numbers: Site[] = [],
    arrays: Site[] = [];
  const walk = (x: Raw, path: string): void => {
    if (Array.isArray(x)) {
      x.forEach((v, i) => {
        const s = { parent: x, key: i, path: `${path}[${i}]`, isArray: true };
        if (typeof v === 'number') numbers.push(s);
        else walk(v, s.path);
      });
      return;
    }
    if (typeof x !== 'object' || x === null) return;
    for (const [k, v] of Object.entries(x)) {
      const s = { parent: x, key: k, path: `${path}.${k}`, isArray: false };
      entries.push(s);
      if (isNd(v)) arrays.push(s);
      else if (typeof v === 'number') numbers.push(s);
      else walk(v, s.path);
    }
  };
  walk(root, '');
  return { entries, numbers, arrays };
}

/** The dict key a site belongs to (for a list element, the list's key). */
function keyOf(path: string): string {
  const m = /\.([^.[\]]+)(\[\d+\])*$/.exec(path);
  return m ? m[1] : path;
}

const WRONG_TYPES: unknown[] = ['oops', 42, null, [], {}, true, [[1, 2]], -1];
const BAD_NUMBERS = [1e9, 1e300, -3, 0, 2.5, -0.5, NaN, Infinity, 1000];

/** n seeded mutants of a parsed model dict. */
export function makeRawMutants(base: Raw, n: number, seed: number): RawMutant[] {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const out: RawMutant[] = [];
  for (let k = 0; k < n; k++) {
    const raw = structuredClone(base);
    const { entries, numbers, arrays } = sites(raw);
    const kind = pick(['delete', 'rename', 'type', 'number', 'number', 'nan-weight', 'shape']);
    let s: Site;
    switch (kind) {
      case 'delete':
        s = pick(entries);
        delete s.parent[s.key];
        break;
      case 'rename':
        s = pick(entries);
        s.parent[`${String(s.key)}_renamed`] = s.parent[s.key];
        delete s.parent[s.key];
        break;
      case 'type':
        s = pick(entries);
        s.parent[s.key] = structuredClone(pick(WRONG_TYPES));
        break;
      case 'number':
        s = pick(numbers);
        s.parent[s.key] = pick(BAD_NUMBERS);
        break;
      case 'nan-weight': {
        s = pick(arrays);
        const flat: { a: unknown[]; i: number }[] = [];
        const walk = (v: unknown): void => {
          if (!Array.isArray(v)) return;
          for (let i = 0; i < v.length; i++) {
            if (Array.isArray(v[i])) walk(v[i]);
            else flat.push({ a: v, i });
          }
        };
        walk(s.parent[s.key].value);
        if (flat.length === 0) {
          s.parent[s.key].value = NaN;
          break;
        }
        const e = pick(flat);
        e.a[e.i] = pick([NaN, Infinity, -Infinity]);
        break;
      }
      default: {
        // shape: drop a row, drop a column, add a dimension, or empty the array
        s = pick(arrays);
        const nd = s.parent[s.key];
        const v = nd.value;
        const how = pick(['row', 'col', 'wrap', 'empty']);
        if (how === 'row' && Array.isArray(v) && v.length > 1) v.pop();
        else if (how === 'col' && Array.isArray(v) && Array.isArray(v[0]) && v[0].length > 1)
          for (const row of v as unknown[][]) row.pop();
        else if (how === 'wrap') nd.value = [v, v];
        else nd.value = [];
      }
    }
    out.push({ kind, path: s.path, key: keyOf(s.path), raw });
  }
  return out;
}

/** A classic YAML alias bomb (each level doubles ... 2^30 leaves). */
export const ALIAS_BOMB = `${[
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from(
    { length: 12 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
  ),
].join('\n')}\n`;

/** n seeded byte-level mutants (truncation, flipped/zeroed byte runs) of a file's bytes. */
export function makeByteMutants(bytes: Uint8Array, ext: string, n: number, seed: number): ByteMutant[] {
  const r = rng(seed);
  const out: ByteMutant[] = [];
  for (let k = 0; k < n; k++) {
    const b = Uint8Array.from(bytes);
    const kind = r() < 0.5 ? 'truncate' : r() < 0.5 ? 'flip' : 'zero';
    if (kind === 'truncate') {
      out.push({ kind, ext, key: 'file', bytes: b.subarray(0, Math.floor(r() * b.length)) });
      continue;
    }
    const at = Math.floor(r() * b.length),
      len = 1 + Math.floor(r() * 64);
    for (let i = at; i < Math.min(b.length, at + len); i++)
      b[i] = kind === 'zero' ? 0 : b[i] ^ (1 + Math.floor(r() * 255));
    out.push({ kind, ext, key: 'file', bytes: b });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// CLI runner

interface Outcome {
  status: 'clean' | 'accepted' | 'wrong' | 'crash' | 'hang' | 'nan';
  detail: string;
}

/** Keys whose mutation legitimately changes the energy (weights, statistics, smoothing, exclusions, biases). */
export const MEANINGFUL = new Set([
  'rcut',
  'rcut_smth',
  'env_protection',
  'protection',
  'davg',
  'dstd',
  'w',
  'b',
  'idt',
  'bias_atom_e',
  'out_bias',
  'activation_function',
  'resnet',
  'exclude_types',
  'atom_exclude_types',
  'pair_exclude_types',
  'value',
  'sel',
]);

function run(cmd: string[], cwd: string, timeoutS: number): Promise<CappedRun> {
  return spawnCapped(cmd, { cwd, timeoutS, cap: 1e5 });
}

function classify(r: Awaited<ReturnType<typeof run>>, energyFrom: ((out: string) => number) | null): Outcome {
  if (r.timedOut) return { status: 'hang', detail: 'time limit' };
  // decks report errors LAMMPS-style on stdout, subcommands on stderr
  const text = `${r.stderr}\n${r.stdout}`;
  const stack = /\n\s+at .+[(:]\d+/.test(text);
  const msg = text.split('\n').find((l) => /ERROR/.test(l)) ?? '';
  if (r.code === 1 && !stack && msg) return { status: 'clean', detail: msg };
  if (r.code !== 0 || stack)
    return { status: 'crash', detail: `exit ${r.code ?? r.signal}: ${text.trim().slice(0, 300)}` };
  if (energyFrom) {
    const e = energyFrom(r.stdout);
    if (!Number.isFinite(e)) return { status: 'nan', detail: `energy ${e}` };
  }
  return { status: 'accepted', detail: '' };
}

/** PotEng from the thermo table of `run 0` (the value under the PotEng header). */
function potEng(out: string): number {
  const lines = out.split('\n');
  const h = lines.findIndex((l) => /\bPotEng\b/.test(l));
  if (h < 0) return NaN;
  const col = lines[h].trim().split(/\s+/).indexOf('PotEng');
  return Number(lines[h + 1]?.trim().split(/\s+/)[col]);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (k: string, d: string): string => {
    const i = args.indexOf(`--${k}`);
    return i >= 0 ? args[i + 1] : d;
  };
  const n = Number(opt('n', '200')),
    seed = Number(opt('seed', '1')),
    timeoutS = Number(opt('timeout', '30'));
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const cli = resolve(opt('cli', join(root, 'dist/src/cli.js')));
  const fx = join(root, 'test/fixtures/deepmd-kit/');
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-modelfuzz-'));
  const block = (
    YAML.parse(readFileSync(`${fx}deeppot-testcase.yaml`, 'utf8')) as {
      results: { coord: number[]; atype: number[] }[];
    }
  ).results[0];
  const data = [
    'fuzz',
    '',
    `${block.atype.length} atoms`,
    '2 atom types',
    '',
    '0 13 xlo xhi',
    '0 13 ylo yhi',
    '0 13 zlo zhi',
    '',
    'Masses',
    '',
    '1 15.9994',
    '2 1.00794',
    '',
    'Atoms',
    '',
    ...block.atype.map((t, i) => `${i + 1} ${t + 1} ${block.coord.slice(3 * i, 3 * i + 3).join(' ')}`),
  ];
  writeFileSync(join(dir, 'w.data'), `${data.join('\n')}\n`);

  // ~70% dict-level mutants of the two .yaml fixtures, the rest byte-level (.yaml, .dp, alias bomb)
  const nRaw = Math.round(0.7 * n),
    nBytes = n - nRaw - 1;
  const files: { name: string; what: string; meaningful: boolean; base: string }[] = [];
  const sea = YAML.parse(readFileSync(`${fx}deeppot_sea.yaml`, 'utf8')),
    rr = YAML.parse(readFileSync(`${fx}deeppot-r.yaml`, 'utf8'));
  const nSea = Math.ceil(nRaw / 2);
  makeRawMutants(sea, nSea, seed)
    .concat(makeRawMutants(rr, Math.floor(nRaw / 2), seed + 1))
    .forEach((m, k) => {
      const name = `m${k}.yaml`;
      writeFileSync(join(dir, name), YAML.stringify(m.raw, { aliasDuplicateObjects: false }));
      files.push({
        name,
        what: `${m.kind} ${m.path}`,
        meaningful: m.path.split(/[.[\]]/).some((p) => MEANINGFUL.has(p)),
        base: k < nSea ? 'sea' : 'r',
      });
    });
  const yb = makeByteMutants(readFileSync(`${fx}deeppot_sea.yaml`), '.yaml', Math.ceil(nBytes / 2), seed + 2);
  const db = makeByteMutants(readFileSync(`${fx}deeppot_sea.dp`), '.dp', Math.floor(nBytes / 2), seed + 3);
  [...yb, ...db].forEach((m, k) => {
    const name = `b${k}${m.ext}`;
    writeFileSync(join(dir, name), m.bytes);
    files.push({ name, what: `${m.kind} bytes`, meaningful: true, base: '' });
  });
  writeFileSync(join(dir, 'bomb.yaml'), ALIAS_BOMB);
  files.push({ name: 'bomb.yaml', what: 'alias bomb', meaningful: false, base: '' });
  const deckFor = (model: string): string => {
    const deck = join(dir, `${model}.in`);
    writeFileSync(
      deck,
      `units metal\nboundary p p p\natom_style atomic\nread_data w.data\npair_style deepmd ${model}\n` +
        'pair_coeff * * O H\nthermo_style custom step pe\nrun 0\n',
    );
    return deck;
  };
  // PotEng of the unmutated models on this frame (thermo output), to spot energies moved by neutral mutations
  const baseline: Record<string, number> = {};
  for (const [b, src] of [
    ['sea', 'deeppot_sea.yaml'],
    ['r', 'deeppot-r.yaml'],
  ]) {
    writeFileSync(join(dir, `base_${b}.yaml`), readFileSync(fx + src));
    baseline[b] = potEng((await run([cli, 'run', deckFor(`base_${b}.yaml`), '-log', 'none'], dir, timeoutS)).stdout);
  }

  const counts: Record<string, number> = { clean: 0, accepted: 0, wrong: 0, crash: 0, hang: 0, nan: 0 };
  const examples: Record<string, string[]> = { wrong: [], crash: [], hang: [], nan: [] };
  const t0 = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      const r = await run([cli, 'run', deckFor(f.name), '-log', 'none'], dir, timeoutS);
      let o = classify(r, potEng);
      // accepted, but the energy moved although the mutation touched nothing that carries physics
      if (o.status === 'accepted' && f.base && !f.meaningful) {
        const e = potEng(r.stdout);
        if (!(Math.abs(e - baseline[f.base]) <= 2e-5))
          o = { status: 'wrong', detail: `PotEng ${e}, unmutated ${baseline[f.base]}` };
      }
      // export-onnx as well (every fourth mutant, to keep the run short), when the deck accepted or stopped cleanly
      if ((o.status === 'accepted' || o.status === 'clean') && files.indexOf(f) % 4 === 0) {
        const e = classify(await run([cli, 'export-onnx', '-m', f.name, '-o', `${f.name}.onnx`], dir, timeoutS), null);
        if (e.status !== 'accepted' && e.status !== 'clean')
          o = { status: e.status, detail: `export-onnx: ${e.detail}` };
      }
      counts[o.status]++;
      if (examples[o.status] && examples[o.status].length < 5)
        examples[o.status].push(`${f.what}: ${o.detail.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  };
  await Promise.all([worker(), worker()]);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `dpmd model fuzz: ${files.length} mutants (seed ${seed}), ${((Date.now() - t0) / 1000).toFixed(0)} s, cli ${cli}`,
  );
  console.log(
    `clean errors ${counts.clean} / accepted ${counts.accepted + counts.wrong} (energy moved by a mutation that carries no ` +
      `physics: ${counts.wrong}) / crashes ${counts.crash} / hangs ${counts.hang} / NaN ${counts.nan}`,
  );
  for (const [k, v] of Object.entries(examples)) for (const e of v) console.log(`  ${k}: ${e}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
