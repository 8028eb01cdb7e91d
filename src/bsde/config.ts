import { readFileSync } from 'node:fs';
import type { EqnConfig } from './equation.js';

/** net_config block of the reference DeepBSDE JSON layout. */
export interface NetConfig {
  y_init_range: [number, number];
  num_hiddens: number[];
  lr_values: number[];
  lr_boundaries: number[];
  num_iterations: number;
  batch_size: number;
  valid_size: number;
  logging_frequency: number;
  dtype: string;
  verbose: boolean;
  /**
   * dpmd-ts extension (not in the reference layout): Z_n = z_scale * subnet_n(X_n). Default 1/dim, the
   * reference solver's fixed scaling, which every shipped config uses. Measured (docs/bsde.md): z_scale 1
   * learns ReactionDiffusion faster at first but stalls at 2.3 % and diverges at lr 1e-2, and it breaks
   * BurgersType; the paper's 24000 iterations at 1/dim reach 0.66 %.
   */
  z_scale?: number;
}

/** A whole config file: { eqn_config, net_config }, exactly the reference DeepBSDE layout. */
export interface BsdeConfig {
  eqn_config: EqnConfig & Record<string, unknown>;
  net_config: NetConfig;
}

function num(o: Record<string, unknown>, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}.${key}: expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function numArray(o: Record<string, unknown>, key: string, where: string): number[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((e) => typeof e !== 'number' || !Number.isFinite(e))) {
    throw new Error(`${where}.${key}: expected an array of numbers, got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/** Validate a parsed JSON object; unknown keys (e.g. "_comment") are kept and ignored. */
export function parseBsdeConfig(raw: unknown, source = 'config'): BsdeConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${source}: not a JSON object`);
  const r = raw as Record<string, unknown>;
  const e = r.eqn_config as Record<string, unknown> | undefined;
  const n = r.net_config as Record<string, unknown> | undefined;
  if (!e || typeof e !== 'object') throw new Error(`${source}: missing eqn_config`);
  if (!n || typeof n !== 'object') throw new Error(`${source}: missing net_config`);
  if (typeof e.eqn_name !== 'string') throw new Error(`${source}: eqn_config.eqn_name must be a string`);
  const eqn: EqnConfig & Record<string, unknown> = {
    ...e,
    eqn_name: e.eqn_name,
    total_time: num(e, 'total_time', 'eqn_config'),
    dim: num(e, 'dim', 'eqn_config'),
    num_time_interval: num(e, 'num_time_interval', 'eqn_config'),
  };
  if (!Number.isInteger(eqn.dim) || eqn.dim < 1) throw new Error(`${source}: eqn_config.dim must be a positive integer`);
  if (!Number.isInteger(eqn.num_time_interval) || eqn.num_time_interval < 1) {
    throw new Error(`${source}: eqn_config.num_time_interval must be a positive integer`);
  }
  const yr = numArray(n, 'y_init_range', 'net_config');
  if (yr.length !== 2) throw new Error(`${source}: net_config.y_init_range needs two numbers`);
  const lrValues = numArray(n, 'lr_values', 'net_config');
  const lrBoundaries = numArray(n, 'lr_boundaries', 'net_config');
  if (lrValues.length !== lrBoundaries.length + 1) {
    throw new Error(`${source}: net_config.lr_values needs one more entry than lr_boundaries`);
  }
  const net: NetConfig = {
    y_init_range: [yr[0], yr[1]],
    num_hiddens: numArray(n, 'num_hiddens', 'net_config'),
    lr_values: lrValues,
    lr_boundaries: lrBoundaries,
    num_iterations: num(n, 'num_iterations', 'net_config'),
    batch_size: num(n, 'batch_size', 'net_config'),
    valid_size: num(n, 'valid_size', 'net_config'),
    logging_frequency: num(n, 'logging_frequency', 'net_config'),
    dtype: typeof n.dtype === 'string' ? n.dtype : 'float64',
    verbose: n.verbose === undefined ? true : Boolean(n.verbose),
  };
  if (n.z_scale !== undefined) {
    const zs = num(n, 'z_scale', 'net_config');
    if (!(zs > 0)) throw new Error(`${source}: net_config.z_scale must be positive`);
    net.z_scale = zs;
  }
  if (net.dtype !== 'float64') {
    throw new Error(`${source}: dtype '${net.dtype}' not supported; this solver computes in float64`);
  }
  return { eqn_config: eqn, net_config: net };
}

/** Read and validate a config file. */
export function loadBsdeConfig(path: string): BsdeConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  return parseBsdeConfig(raw, path);
}
