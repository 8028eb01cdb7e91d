/**
 * Synchronous model loading for deck commands (`pair_style deepmd`), which cannot await:
 * `.yaml`/`.yml`/`.json` are parsed in place (model_file.ts parseModelText); `.dp` (HDF5) needs
 * h5wasm, whose WebAssembly start-up is asynchronous, so a short-lived worker thread reads the
 * root attribute `json` and the `variable_NNNN` datasets while the main thread blocks on
 * Atomics.wait (SyncWorker, src/parallel/sync_bridge.ts, as onnx_sync.ts). The dict is then validated by spec.ts exactly as
 * model_file.ts readDp does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SyncWorker } from '../parallel/sync_bridge.js';
import { loadTfGraphFile, parseModelText } from './model_file.js';
import { ModelFormatError, modelFromDict, type ModelSpec, type NdArray } from './spec.js';

/** Worker source after SyncWorker's prelude (workerData, answer). */
const DP_WORKER = String.raw`
const { h5Url, path } = workerData;
(async () => {
  const h5 = (await import(h5Url)).default;
  await h5.ready;
  let f;
  try { f = new h5.File(path, 'r'); } catch (e) { throw new Error('cannot open as HDF5 (truncated or corrupted?): ' + e.message); }
  try {
    const attr = f.attrs && f.attrs['json'];
    if (!attr) throw new Error("not a DeePMD-kit .dp file (no root attribute 'json')");
    const arrays = {};
    for (const k of f.keys()) {
      if (!/^variable_\d+$/.test(k)) continue;
      const ds = f.get(k);
      const v = ds.value;
      arrays['/' + k] = { shape: ds.shape || [], data: typeof v === 'number' ? Float64Array.of(v) : Float64Array.from(v) };
    }
    answer({ ok: true, json: String(attr.value), arrays });
  } finally { try { f.close(); } catch {} }
})().catch((e) => answer({ ok: false, error: (e && e.message) || String(e) }));
`;

/**
 * Absolute path of an ESM-only package export (h5wasm's exports have only an `import` condition, so
 * require.resolve cannot find them): look the package up along Node's module paths.
 */
function resolveEsmExport(pkg: string, sub: string): string {
  const req = createRequire(import.meta.url);
  for (const dir of req.resolve.paths(pkg) ?? []) {
    const root = join(dir, pkg);
    if (!existsSync(join(root, 'package.json'))) continue;
    const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports?: Record<string, { import?: string } | string>;
    };
    const e = meta.exports?.[sub];
    const rel = typeof e === 'string' ? e : e?.import;
    if (rel) return join(root, rel);
  }
  throw new Error(`cannot find ${pkg}/${sub.replace(/^\.\//, '')} (is ${pkg} installed?)`);
}

/** Read a `.dp` model synchronously (blocks the calling thread while a worker reads the HDF5 file). */
export function readDpSync(path: string, timeoutMs = 120_000): ModelSpec {
  const h5Path = resolveEsmExport('h5wasm', './node');
  const w = new SyncWorker(DP_WORKER, { h5Url: pathToFileURL(h5Path).href, path }, `${path}: HDF5 reader`);
  let msg: { ok: true; json: string; arrays: Record<string, NdArray> } | { ok: false; error: string };
  try {
    msg = w.next(timeoutMs, () => new ModelFormatError(`${path}: reading the HDF5 file timed out`)) as typeof msg;
  } finally {
    w.close();
  }
  if (!msg.ok) throw new ModelFormatError(`${path}: ${msg.error}`);
  let raw: unknown;
  try {
    raw = JSON.parse(msg.json);
  } catch (e) {
    throw new ModelFormatError(
      `${path}: root attribute 'json' is not valid JSON (corrupted?): ${(e as Error).message}`,
    );
  }
  const arrays = msg.arrays;
  const resolve = (x: unknown, where: string): unknown => {
    if (typeof x === 'string' && /^\/variable_\d+$/.test(x)) {
      const a = arrays[x];
      if (!a) throw new ModelFormatError(`${path}: dataset ${x} (for ${where}) is missing`);
      return a;
    }
    if (Array.isArray(x)) return x.map((y, i) => resolve(y, `${where}[${i}]`));
    if (typeof x !== 'object' || x === null) return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = resolve(v, `${where}.${k}`);
    return out;
  };
  try {
    return modelFromDict(resolve(raw, 'model'));
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${e.message}`);
    throw e;
  }
}

/** loadModelFile without await: .yaml/.yml/.json parsed in place, .dp through readDpSync. */
export function loadModelFileSync(path: string): ModelSpec {
  if (!existsSync(path)) throw new ModelFormatError(`${path}: model file not found`);
  const ext = extname(path).toLowerCase();
  if (ext === '.dp' || ext === '.h5' || ext === '.hdf5') return readDpSync(path);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return parseModelText(readFileSync(path, 'utf8'), path);
  const tf = loadTfGraphFile(path); // .pb / .pbtxt (model_file.ts; synchronous)
  if (tf) return tf;
  throw new ModelFormatError(
    `${path}: unsupported model file extension '${ext}' (expected .yaml, .json, .dp, .pb or .pbtxt; convert .pth with 'dp convert-backend')`,
  );
}
