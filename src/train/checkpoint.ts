/**
 * Training checkpoints: everything needed to continue exactly as an uninterrupted run would:
 * step, parameters, Adam moments and step count, statistics (davg, dstd, bias_atom_e), the model
 * configuration, and the number of sampler draws (replayed on restart). float64 arrays are stored
 * bit-exactly (base64 of little-endian bytes) in one JSON file, written atomically (tmp + rename).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ModelConfig } from './model.js';

export interface Checkpoint {
  format: 'dpmd-ts-train-checkpoint';
  version: 1;
  step: number;
  cfg: ModelConfig;
  params: Float64Array;
  adam: { t: number; m: Float64Array; v: Float64Array };
  davg: Float64Array;
  dstd: Float64Array;
  bias: Float64Array;
  trainDraws: number;
  validDraws: number;
  /** Wall-clock seconds of training so far (informational). */
  wallSeconds: number;
}

const enc = (a: Float64Array): string => {
  const le = new Float64Array(a);
  return Buffer.from(le.buffer, le.byteOffset, le.byteLength).toString('base64');
};
const dec = (s: string): Float64Array => {
  const b = Buffer.from(s, 'base64');
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
};

export function writeCheckpoint(path: string, c: Checkpoint): void {
  const j = {
    ...c,
    params: enc(c.params),
    adam: { t: c.adam.t, m: enc(c.adam.m), v: enc(c.adam.v) },
    davg: enc(c.davg),
    dstd: enc(c.dstd),
    bias: enc(c.bias),
  };
  writeFileSync(`${path}.tmp`, JSON.stringify(j));
  renameSync(`${path}.tmp`, path);
}

class CheckpointError extends Error {
  constructor(path: string, field: string, cause: string) {
    super(`${path}: checkpoint field '${field}': ${cause}`);
    this.name = 'CheckpointError';
  }
}

/**
 * Read a checkpoint, checking every field's type and range (a damaged or hand-edited file must not
 * resume silently with garbage, nor replay 1e12 sampler draws). Consistency with the input (sizes,
 * step <= numb_steps) is checked by checkCheckpointFits.
 */
export function readCheckpoint(path: string): Checkpoint {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read checkpoint: ${(e as Error).message}`);
  }
  if (typeof j !== 'object' || j === null || j.format !== 'dpmd-ts-train-checkpoint')
    throw new Error(`${path}: not a dpmd-ts training checkpoint`);
  if (j.version !== 1) throw new CheckpointError(path, 'version', `expected 1, got ${JSON.stringify(j.version)}`);
  const count = (v: unknown, field: string): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw new CheckpointError(path, field, `expected a non-negative integer, got ${JSON.stringify(v)}`);
    return v;
  };
  const floats = (v: unknown, field: string): Float64Array => {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
      throw new CheckpointError(path, field, 'expected base64 float64 data');
    const b = Buffer.from(v, 'base64');
    if (b.length % 8 !== 0)
      throw new CheckpointError(path, field, `${b.length} bytes is not a whole number of float64 values`);
    const a = dec(v);
    for (let k = 0; k < a.length; k++)
      if (!Number.isFinite(a[k])) throw new CheckpointError(path, field, `non-finite value at index ${k}`);
    return a;
  };
  const adam = j.adam as Record<string, unknown> | null;
  if (typeof adam !== 'object' || adam === null) throw new CheckpointError(path, 'adam', 'expected an object');
  if (typeof j.cfg !== 'object' || j.cfg === null)
    throw new CheckpointError(path, 'cfg', 'expected the model configuration object');
  const wall = j.wallSeconds;
  if (typeof wall !== 'number' || !(wall >= 0) || !Number.isFinite(wall))
    throw new CheckpointError(path, 'wallSeconds', `expected a non-negative number, got ${JSON.stringify(wall)}`);
  const c: Checkpoint = {
    format: 'dpmd-ts-train-checkpoint',
    version: 1,
    step: count(j.step, 'step'),
    cfg: j.cfg as ModelConfig,
    params: floats(j.params, 'params'),
    adam: { t: count(adam.t, 'adam.t'), m: floats(adam.m, 'adam.m'), v: floats(adam.v, 'adam.v') },
    davg: floats(j.davg, 'davg'),
    dstd: floats(j.dstd, 'dstd'),
    bias: floats(j.bias, 'bias'),
    trainDraws: count(j.trainDraws, 'trainDraws'),
    validDraws: count(j.validDraws, 'validDraws'),
    wallSeconds: wall,
  };
  for (const k of ['m', 'v'] as const) {
    if (c.adam[k].length !== c.params.length)
      throw new CheckpointError(path, `adam.${k}`, `${c.adam[k].length} values for ${c.params.length} parameters`);
  }
  if (c.adam.v.some((x) => x < 0)) throw new CheckpointError(path, 'adam.v', 'negative second moment');
  if (c.adam.t !== c.step) throw new CheckpointError(path, 'adam.t', `${c.adam.t} Adam steps but step ${c.step}`);
  // one training batch is drawn per step, so the draw count is the step (replay cost is bounded by the run)
  if (c.trainDraws !== c.step)
    throw new CheckpointError(path, 'trainDraws', `${c.trainDraws} draws at step ${c.step} (expected equal)`);
  return c;
}

/** The checkpoint's arrays match the model built from the input, and its step is within numb_steps. */
export function checkCheckpointFits(
  path: string,
  c: Checkpoint,
  sizes: { params: number; davg: number; bias: number; numbSteps: number; validBatches: number },
): void {
  // validBatches: validation_data.numb_btch, 0 without validation data
  const need: [string, number, number][] = [
    ['params', c.params.length, sizes.params],
    ['davg', c.davg.length, sizes.davg],
    ['dstd', c.dstd.length, sizes.davg],
    ['bias', c.bias.length, sizes.bias],
  ];
  for (const [f, got, want] of need)
    if (got !== want) throw new CheckpointError(path, f, `${got} values, the model of input.json has ${want}`);
  if (c.dstd.some((x) => !(x > 0))) throw new CheckpointError(path, 'dstd', 'non-positive standard deviation');
  if (c.step > sizes.numbSteps)
    throw new CheckpointError(path, 'step', `step ${c.step} is beyond training.numb_steps ${sizes.numbSteps}`);
  // validation draws are replayed only when the input has validation data: numb_btch per lcurve line at most
  const maxValid = sizes.validBatches * (c.step + 1);
  if (sizes.validBatches > 0 && c.validDraws > maxValid)
    throw new CheckpointError(
      path,
      'validDraws',
      `${c.validDraws} draws, at most ${maxValid} possible by step ${c.step}`,
    );
}
