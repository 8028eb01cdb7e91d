/**
 * DeePMD-kit's native serialized model files:
 *  - `.yaml` (also `.json`): the serialized dict, arrays as {"@class": "np.ndarray", dtype, value: nested lists};
 *  - `.dp`: HDF5; each array a dataset `variable_NNNN`, the dict as JSON in the root attribute `json`,
 *    where each array is the string "/variable_NNNN" (as written by `dp convert-backend`).
 * Both decode to a dict with NdArray leaves, validated into a ModelSpec by spec.ts.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { modelFromGraph, modelFromPb } from './tf_graph.js';
import { parsePbtxt, PbtxtError } from './tf_pbtxt.js';
import { ModelFormatError, modelFromDict, modelToDict, type ModelSpec, type NdArray } from './spec.js';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** Nested numeric list -> NdArray (shape inferred; ragged lists are an error). */
function fromNested(value: unknown, where: string): NdArray {
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (shape.length > MAX_NDIM) throw new ModelFormatError(`np.ndarray at ${where}: more than ${MAX_NDIM} dimensions`);
    v = v[0];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let k = 0;
  const walk = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x !== 'number')
        throw new ModelFormatError(`np.ndarray at ${where}: non-numeric entry ${JSON.stringify(x)}`);
      data[k++] = x;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth])
      throw new ModelFormatError(`np.ndarray at ${where}: ragged nested list`);
    for (const y of x) walk(y, depth + 1);
  };
  walk(value, 0);
  return { shape, data };
}

const MAX_NDIM = 8;
/** Deepest nesting of mappings/lists a model dict has (~12); far deeper input is damage, not a model. */
const MAX_DEPTH = 64;

/** Replace {"@class": "np.ndarray", ...} leaves (YAML/JSON layout) by NdArray. */
function decodeInline(x: unknown, where: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new ModelFormatError(`${where}: nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(x)) return x.map((y, i) => decodeInline(y, `${where}[${i}]`, depth + 1));
  if (!isDict(x)) return x;
  if (x['@class'] === 'np.ndarray') {
    const dtype = x.dtype;
    if (typeof dtype !== 'string' || !['float64', 'float32', 'float16'].includes(dtype)) {
      throw new ModelFormatError(
        `np.ndarray at ${where}: ${dtype === undefined ? "the key 'dtype' is missing" : `unsupported dtype ${JSON.stringify(dtype)?.slice(0, 40)}`}`,
      );
    }
    return fromNested(x.value, where);
  }
  const out: Dict = {};
  for (const [k, v] of Object.entries(x)) out[k] = decodeInline(v, `${where}.${k}`, depth + 1);
  return out;
}

function toNested(a: NdArray): unknown {
  if (a.shape.length === 0) return a.data[0];
  let k = 0;
  const build = (d: number): unknown => {
    if (d === a.shape.length) return a.data[k++];
    const out: unknown[] = [];
    for (let i = 0; i < a.shape[d]; i++) out.push(build(d + 1));
    return out;
  };
  return build(0);
}

function isNd(x: unknown): x is NdArray {
  return isDict(x) && x.data instanceof Float64Array && Array.isArray(x.shape);
}

/** NdArray leaves -> YAML/JSON ndarray dicts. */
function encodeInline(x: unknown): unknown {
  if (isNd(x))
    return { '@class': 'np.ndarray', '@is_variable': true, '@version': 1, dtype: 'float64', value: toNested(x) };
  if (Array.isArray(x)) return x.map(encodeInline);
  if (!isDict(x)) return x;
  const out: Dict = {};
  for (const [k, v] of Object.entries(x)) out[k] = encodeInline(v);
  return out;
}

const MAX_YAML_ALIASES = 100;

/** Parse the text of a DeePMD-kit `.yaml` / `.json` model. name is used in messages. */
export function parseModelText(text: string, name = 'model'): ModelSpec {
  let raw: unknown;
  try {
    // DeePMD-kit never writes aliases; the bound stops an alias bomb (billions of nodes from a few lines)
    raw = YAML.parse(text, { maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    if (/alias/i.test(msg))
      throw new ModelFormatError(
        `${name}: YAML aliases expand beyond the bound (maxAliasCount ${MAX_YAML_ALIASES}): ${msg}`,
      );
    throw new ModelFormatError(`${name}: cannot parse model file (truncated or corrupted?): ${msg}`);
  }
  return parseModelDict(raw, name);
}

/** A parsed `.yaml`/`.json` dict (arrays as {"@class": "np.ndarray", value}) to a validated ModelSpec. */
export function parseModelDict(raw: unknown, name = 'model'): ModelSpec {
  try {
    return modelFromDict(decodeInline(raw, 'model'));
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(`${name}: ${e.message}`);
    throw e;
  }
}

type H5 = typeof import('h5wasm/node').default;
let h5mod: H5 | null = null;
async function h5(): Promise<H5> {
  if (!h5mod) {
    const m = (await import('h5wasm/node')).default;
    await m.ready;
    h5mod = m;
  }
  return h5mod;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Check the HDF5 superblock before handing the file to the library: the signature (at 0, 512, 1024, ...)
 * and the end-of-file address against the file size, so truncated files get a clear message.
 */
function checkHdf5(path: string): void {
  const buf = readFileSync(path);
  let at = -1;
  for (let o = 0; o + 8 <= buf.length; o = o === 0 ? 512 : 2 * o) {
    if (HDF5_SIGNATURE.every((b, k) => buf[o + k] === b)) {
      at = o;
      break;
    }
  }
  if (at < 0)
    throw new ModelFormatError(`${path}: cannot open as HDF5: no HDF5 signature (not a .dp file, or corrupted)`);
  const version = buf[at + 8];
  let sizeOff: number, eofAt: number, baseAt: number;
  if (version === 0 || version === 1) {
    sizeOff = buf[at + 13];
    baseAt = at + 24 + (version === 1 ? 4 : 0);
    eofAt = baseAt + 2 * sizeOff;
  } else {
    sizeOff = buf[at + 9];
    baseAt = at + 12;
    eofAt = baseAt + 2 * sizeOff;
  }
  if (![4, 8].includes(sizeOff) || eofAt + sizeOff > buf.length) {
    throw new ModelFormatError(`${path}: cannot open as HDF5: damaged superblock (truncated or corrupted?)`);
  }
  const rd = (o: number): number => (sizeOff === 8 ? Number(buf.readBigUInt64LE(o)) : buf.readUInt32LE(o));
  const end = rd(baseAt) + rd(eofAt);
  if (end > buf.length) {
    throw new ModelFormatError(`${path}: truncated HDF5 file: ${buf.length} bytes, the superblock says ${end}`);
  }
}

/** Read a DeePMD-kit `.dp` (HDF5) model. */
export async function readDp(path: string): Promise<ModelSpec> {
  checkHdf5(path);
  const h = await h5();
  let f: InstanceType<H5['File']>;
  try {
    f = new h.File(path, 'r');
  } catch (e) {
    throw new ModelFormatError(`${path}: cannot open as HDF5 (truncated or corrupted?): ${(e as Error).message}`);
  }
  try {
    let attr: { value: unknown } | undefined;
    try {
      attr = f.attrs?.json;
    } catch (e) {
      throw new ModelFormatError(
        `${path}: cannot read HDF5 attributes (truncated or corrupted?): ${(e as Error).message}`,
      );
    }
    if (!attr) throw new ModelFormatError(`${path}: not a DeePMD-kit .dp file (no root attribute 'json')`);
    let raw: unknown;
    try {
      raw = JSON.parse(String(attr.value));
    } catch (e) {
      throw new ModelFormatError(
        `${path}: root attribute 'json' is not valid JSON (corrupted?): ${(e as Error).message}`,
      );
    }
    const resolve = (x: unknown, where: string): unknown => {
      if (typeof x === 'string' && /^\/variable_\d+$/.test(x)) {
        const ds = f.get(x);
        if (!ds || !('shape' in ds)) throw new ModelFormatError(`${path}: dataset ${x} (for ${where}) is missing`);
        const dset = ds as unknown as { shape: number[] | null; value: unknown };
        const val = dset.value;
        if (!ArrayBuffer.isView(val) && typeof val !== 'number')
          throw new ModelFormatError(`${path}: dataset ${x} is not numeric`);
        const data =
          typeof val === 'number' ? Float64Array.of(val) : Float64Array.from(val as unknown as ArrayLike<number>);
        return { shape: dset.shape ?? [], data } as NdArray;
      }
      if (Array.isArray(x)) return x.map((y, i) => resolve(y, `${where}[${i}]`));
      if (!isDict(x)) return x;
      const out: Dict = {};
      for (const [k, v] of Object.entries(x)) out[k] = resolve(v, `${where}.${k}`);
      return out;
    };
    let dict: unknown;
    try {
      dict = resolve(raw, 'model');
    } catch (e) {
      if (e instanceof ModelFormatError) throw e;
      throw new ModelFormatError(`${path}: cannot read datasets (truncated or corrupted?): ${(e as Error).message}`);
    }
    try {
      return modelFromDict(dict);
    } catch (e) {
      if (e instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${e.message}`);
      throw e;
    }
  } finally {
    try {
      f.close();
    } catch {
      /* already invalid */
    }
  }
}

/** Load a model by extension: .yaml/.yml/.json (text) or .dp (HDF5). */
export async function loadModelFile(path: string): Promise<ModelSpec> {
  if (!existsSync(path)) throw new ModelFormatError(`${path}: model file not found`);
  const ext = extname(path).toLowerCase();
  if (ext === '.dp' || ext === '.h5' || ext === '.hdf5') return readDp(path);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return parseModelText(readFileSync(path, 'utf8'), path);
  const tf = loadTfGraphFile(path);
  if (tf) return tf;
  throw new ModelFormatError(
    `${path}: unsupported model file extension '${ext}' (expected .yaml, .json, .dp, .pb or .pbtxt; convert .pth with 'dp convert-backend')`,
  );
}

/** TensorFlow frozen graphs: `.pb` (binary GraphDef) or `.pbtxt` (text); null for other extensions. Synchronous. */
export function loadTfGraphFile(path: string): ModelSpec | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.pb') return modelFromPb(readFileSync(path), path);
  if (ext !== '.pbtxt') return null;
  try {
    return modelFromGraph(parsePbtxt(readFileSync(path, 'utf8')), path);
  } catch (e) {
    if (e instanceof PbtxtError) throw new ModelFormatError(`${path}: cannot parse text GraphDef: ${e.message}`);
    throw e;
  }
}

/** Serialise to YAML text in DeePMD-kit's layout (readable by DeePMD-kit's `.yaml` backend). */
export function modelToYaml(spec: ModelSpec): string {
  return YAML.stringify(encodeInline(modelToDict(spec)), { lineWidth: 0 });
}

/** Temporary name beside `path` (same directory, so the final rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/**
 * Write through a temporary file in the same directory, then rename over `path`: a failure leaves
 * the old file as it was, never a half-written or deleted one.
 */
export async function writeAtomically(path: string, write: (tmp: string) => void | Promise<void>): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Same file (after resolving) as any of `inputs`? Used by the CLIs to refuse overwriting an input. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a),
      sb = statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/** Output extensions writeModelFile accepts. */
export const MODEL_OUTPUT_EXTENSIONS = ['.yaml', '.yml', '.json', '.dp'];

/** Write .yaml/.json (text) or .dp (HDF5 with datasets variable_NNNN and root attribute json), atomically. */
export async function writeModelFile(spec: ModelSpec, path: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (!MODEL_OUTPUT_EXTENSIONS.includes(ext))
    throw new ModelFormatError(`${path}: unsupported output extension '${ext}' (expected .yaml, .json or .dp)`);
  // serialise first: a failure here leaves no file at all
  if (ext === '.yaml' || ext === '.yml') {
    const text = modelToYaml(spec);
    return writeAtomically(path, (tmp) => writeFileSync(tmp, text));
  }
  if (ext === '.json') {
    const text = JSON.stringify(encodeInline(modelToDict(spec)));
    return writeAtomically(path, (tmp) => writeFileSync(tmp, text));
  }
  const h = await h5();
  return writeAtomically(path, (tmp) => writeDpTo(h, spec, tmp));
}

function writeDpTo(h: H5, spec: ModelSpec, path: string): void {
  const f = new h.File(path, 'w');
  try {
    let n = 0;
    const arrays: [string, NdArray][] = [];
    const strip = (x: unknown): unknown => {
      if (isNd(x)) {
        const name = `variable_${String(n++).padStart(4, '0')}`;
        arrays.push([name, x]);
        return `/${name}`;
      }
      if (Array.isArray(x)) return x.map(strip);
      if (!isDict(x)) return x;
      const out: Dict = {};
      for (const [k, v] of Object.entries(x)) out[k] = strip(v);
      return out;
    };
    const json = JSON.stringify(strip(modelToDict(spec)));
    for (const [name, a] of arrays) f.create_dataset({ name, data: a.data, shape: a.shape, dtype: '<d' });
    f.create_attribute('json', json);
  } finally {
    f.close();
  }
}
