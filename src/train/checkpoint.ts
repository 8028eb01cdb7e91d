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
    ...c, params: enc(c.params), adam: { t: c.adam.t, m: enc(c.adam.m), v: enc(c.adam.v) },
    davg: enc(c.davg), dstd: enc(c.dstd), bias: enc(c.bias),
  };
  writeFileSync(`${path}.tmp`, JSON.stringify(j));
  renameSync(`${path}.tmp`, path);
}

export function readCheckpoint(path: string): Checkpoint {
  let j: Record<string, unknown>;
  try { j = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { throw new Error(`${path}: cannot read checkpoint: ${(e as Error).message}`); }
  if (j.format !== 'dpmd-ts-train-checkpoint') throw new Error(`${path}: not a dpmd-ts training checkpoint`);
  const a = j.adam as { t: number; m: string; v: string };
  return {
    ...(j as unknown as Checkpoint), params: dec(j.params as string), adam: { t: a.t, m: dec(a.m), v: dec(a.v) },
    davg: dec(j.davg as string), dstd: dec(j.dstd as string), bias: dec(j.bias as string),
  };
}
