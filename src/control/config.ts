import { readFileSync } from 'node:fs';
import type { ControlProblem } from './problem.js';
import { LqgControl } from './lqg.js';
import { DEFAULT_ENERGY_STORAGE, EnergyStorage, type EnergyStorageSpec } from './energy_storage.js';

/** net_config block (the DeepBSDE layout minus y_init_range, plus an optional output_scale). */
export interface ControlNetConfig {
  num_hiddens: number[];
  lr_values: number[];
  lr_boundaries: number[];
  num_iterations: number;
  batch_size: number;
  valid_size: number;
  logging_frequency: number;
  dtype: string;
  /** Multiplies subnetwork outputs (default 1). */
  output_scale: number;
  /** Samples of the final evaluation (default 4096). */
  eval_size: number;
}

/**
 * A control config file: { problem_config: { problem_name: "LQG" | "EnergyStorage", ... }, net_config }.
 * LQG: dim, total_time, num_time_interval, lambd (default 1).
 * EnergyStorage: devices, and optionally any field of EnergyStorageSpec in snake_case (total_time,
 * num_time_interval, price_kappa, price_sigma, demand_level, demand_kappa, demand_sigma, sell_ratio, terminal_price).
 */
export interface ControlConfig {
  problem_config: Record<string, unknown> & { problem_name: string };
  net_config: ControlNetConfig;
}

function num(o: Record<string, unknown>, key: string, where: string, dflt?: number): number {
  const v = o[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}.${key}: expected a number, got ${JSON.stringify(o[key])}`);
  return v;
}

function nums(o: Record<string, unknown>, key: string, where: string): number[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((e) => typeof e !== 'number')) throw new Error(`${where}.${key}: expected an array of numbers`);
  return v as number[];
}

export function parseControlConfig(raw: unknown, source = 'config'): ControlConfig {
  const r = raw as Record<string, unknown>;
  const p = r?.problem_config as Record<string, unknown> | undefined;
  const n = r?.net_config as Record<string, unknown> | undefined;
  if (!p || typeof p.problem_name !== 'string') throw new Error(`${source}: problem_config.problem_name missing`);
  if (!n) throw new Error(`${source}: net_config missing`);
  const net: ControlNetConfig = {
    num_hiddens: nums(n, 'num_hiddens', 'net_config'),
    lr_values: nums(n, 'lr_values', 'net_config'),
    lr_boundaries: nums(n, 'lr_boundaries', 'net_config'),
    num_iterations: num(n, 'num_iterations', 'net_config'),
    batch_size: num(n, 'batch_size', 'net_config'),
    valid_size: num(n, 'valid_size', 'net_config'),
    logging_frequency: num(n, 'logging_frequency', 'net_config'),
    dtype: typeof n.dtype === 'string' ? n.dtype : 'float64',
    output_scale: num(n, 'output_scale', 'net_config', 1),
    eval_size: num(n, 'eval_size', 'net_config', 4096),
  };
  if (net.lr_values.length !== net.lr_boundaries.length + 1) throw new Error(`${source}: lr_values needs one more entry than lr_boundaries`);
  if (net.dtype !== 'float64') throw new Error(`${source}: dtype '${net.dtype}' not supported (float64 only)`);
  return { problem_config: { ...p, problem_name: p.problem_name }, net_config: net };
}

export function loadControlConfig(path: string): ControlConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  return parseControlConfig(raw, path);
}

/** Build the problem named in problem_config. */
export function makeControlProblem(cfg: ControlConfig): ControlProblem {
  const p = cfg.problem_config, w = 'problem_config';
  switch (p.problem_name) {
    case 'LQG':
      return new LqgControl(num(p, 'dim', w), num(p, 'total_time', w), num(p, 'num_time_interval', w), num(p, 'lambd', w, 1));
    case 'EnergyStorage': {
      const d = DEFAULT_ENERGY_STORAGE;
      const spec: EnergyStorageSpec = {
        devices: num(p, 'devices', w),
        totalTime: num(p, 'total_time', w, d.totalTime),
        numSteps: num(p, 'num_time_interval', w, d.numSteps),
        priceKappa: num(p, 'price_kappa', w, d.priceKappa),
        priceSigma: num(p, 'price_sigma', w, d.priceSigma),
        demandLevel: num(p, 'demand_level', w, d.demandLevel),
        demandKappa: num(p, 'demand_kappa', w, d.demandKappa),
        demandSigma: num(p, 'demand_sigma', w, d.demandSigma),
        sellRatio: num(p, 'sell_ratio', w, d.sellRatio),
        terminalPrice: num(p, 'terminal_price', w, d.terminalPrice),
      };
      return new EnergyStorage(spec);
    }
    default:
      throw new Error(`unknown problem_name '${p.problem_name}'; known: LQG, EnergyStorage`);
  }
}
