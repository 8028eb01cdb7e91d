import { configRoot, readConfigFile, type ConfigObject } from '../config_reader.js';
import {
  checkNetSizes,
  LIMITS,
  readSharedNetConfig,
  SHARED_NET_KEYS,
  type SharedNetConfig,
} from '../bsde/net_config.js';
import type { ControlProblem } from './problem.js';
import { LqgControl } from './lqg.js';
import { DEFAULT_ENERGY_STORAGE, EnergyStorage, type EnergyStorageSpec } from './energy_storage.js';

/** net_config block (the DeepBSDE layout minus y_init_range, plus an optional output_scale). */
export interface ControlNetConfig extends SharedNetConfig {
  /** Multiplies subnetwork outputs (default 1). */
  output_scale: number;
  /** Samples of the final evaluation (default 4096). */
  eval_size: number;
}

/** LQG: dX = 2 sqrt(lambd) m dt + sqrt(2) dW in R^dim. */
export interface LqgSpec {
  problem_name: 'LQG';
  dim: number;
  total_time: number;
  num_time_interval: number;
  lambd: number;
}
export type ProblemSpec = LqgSpec | ({ problem_name: 'EnergyStorage' } & EnergyStorageSpec);

/**
 * A control config file: { problem_config: { problem_name: "LQG" | "EnergyStorage", ... }, net_config }.
 * LQG: dim, total_time, num_time_interval, lambd (default 1).
 * EnergyStorage: devices, and optionally any field of EnergyStorageSpec in snake_case (total_time,
 * num_time_interval, price_kappa, price_sigma, demand_level, demand_kappa, demand_sigma, sell_ratio, terminal_price).
 */
export interface ControlConfig {
  problem_config: ProblemSpec;
  net_config: ControlNetConfig;
}

const PROBLEMS = ['LQG', 'EnergyStorage'] as const;

function readProblem(p: ConfigObject): ProblemSpec {
  // misspelt keys first (problem_name itself included), against the keys any problem knows
  p.only([
    'problem_name',
    'dim',
    'total_time',
    'num_time_interval',
    'lambd',
    'devices',
    'price_kappa',
    'price_sigma',
    'demand_level',
    'demand_kappa',
    'demand_sigma',
    'sell_ratio',
    'terminal_price',
  ]);
  const name = p.str('problem_name', undefined, PROBLEMS);
  const T = { above: 0, max: 1e4 },
    steps = { min: 1, max: LIMITS.timeSteps };
  if (name === 'LQG') {
    p.only(['problem_name', 'dim', 'total_time', 'num_time_interval', 'lambd']);
    return {
      problem_name: 'LQG',
      dim: p.int('dim', { min: 1, max: LIMITS.width }),
      total_time: p.num('total_time', T),
      num_time_interval: p.int('num_time_interval', steps),
      lambd: p.num('lambd', { above: 0, max: 100 }, 1),
    };
  }
  p.only([
    'problem_name',
    'devices',
    'total_time',
    'num_time_interval',
    'price_kappa',
    'price_sigma',
    'demand_level',
    'demand_kappa',
    'demand_sigma',
    'sell_ratio',
    'terminal_price',
  ]);
  const d = DEFAULT_ENERGY_STORAGE,
    kappa = { min: 0, max: 1e3 },
    sigma = { min: 0, max: 1e4 };
  const spec: ProblemSpec = {
    problem_name: 'EnergyStorage',
    devices: p.int('devices', { min: 1, max: LIMITS.width }),
    totalTime: p.num('total_time', T, d.totalTime),
    numSteps: p.int('num_time_interval', steps, d.numSteps),
    priceKappa: p.num('price_kappa', kappa, d.priceKappa),
    priceSigma: p.num('price_sigma', sigma, d.priceSigma),
    demandLevel: p.num('demand_level', { min: 0, max: 1e3 }, d.demandLevel),
    demandKappa: p.num('demand_kappa', kappa, d.demandKappa),
    demandSigma: p.num('demand_sigma', sigma, d.demandSigma),
    sellRatio: p.num('sell_ratio', { min: 0, max: 1 }, d.sellRatio),
    terminalPrice: p.num('terminal_price', { min: -1e6, max: 1e6 }, d.terminalPrice),
  };
  // Euler steps of the mean-reverting price and demand are stable only for kappa dt <= 2
  const dt = spec.totalTime / spec.numSteps;
  for (const [key, k] of [
    ['price_kappa', spec.priceKappa],
    ['demand_kappa', spec.demandKappa],
  ] as const) {
    if (k * dt > 2)
      p.fail(
        key,
        `${key} x total_time / num_time_interval = ${k * dt} > 2: the Euler-discretised mean reversion is unstable`,
      );
  }
  return spec;
}

/** Validate a parsed config completely (types, ranges, unknown keys, memory) before anything is built. */
export function parseControlConfig(raw: unknown, source = 'config'): ControlConfig {
  const root = configRoot(raw, source);
  root.only(['problem_config', 'net_config']);
  const p = root.obj('problem_config');
  const n = root.obj('net_config');
  n.only([...SHARED_NET_KEYS, 'output_scale', 'eval_size']);
  const problem = readProblem(p);
  p.done();
  const net: ControlNetConfig = {
    ...readSharedNetConfig(n),
    output_scale: n.num('output_scale', { above: 0, max: 1e6 }, 1),
    eval_size: n.int('eval_size', { min: 2, max: LIMITS.samples }, 4096),
  };
  n.done();
  const [steps, width, out] =
    problem.problem_name === 'LQG'
      ? ([
          ['problem_config.num_time_interval', problem.num_time_interval],
          ['problem_config.dim', problem.dim],
          problem.dim,
        ] as const)
      : ([
          ['problem_config.num_time_interval', problem.numSteps],
          ['problem_config.devices', problem.devices + 2],
          problem.devices,
        ] as const);
  const samples = Math.max(net.batch_size, net.valid_size, net.eval_size);
  const sKey =
    samples === net.eval_size
      ? 'net_config.eval_size'
      : samples === net.batch_size
        ? 'net_config.batch_size'
        : 'net_config.valid_size';
  checkNetSizes(source, net, [steps[0], steps[1]], [width[0], width[1]], [sKey, samples], out);
  return { problem_config: problem, net_config: net };
}

export function loadControlConfig(path: string): ControlConfig {
  return parseControlConfig(readConfigFile(path).data, path);
}

/** Build the problem named in problem_config. */
export function makeControlProblem(cfg: ControlConfig): ControlProblem {
  const p = cfg.problem_config;
  if (p.problem_name === 'LQG') return new LqgControl(p.dim, p.total_time, p.num_time_interval, p.lambd);
  const { problem_name: _name, ...spec } = p;
  return new EnergyStorage(spec);
}
