import { configRoot, readConfigFile, type ConfigObject } from '../config_reader.js';
import type { EqnConfig } from './equation.js';
import { allEquationKeys, equationKeys, equationNames } from './equation_registry.js';
import { checkNetSizes, LIMITS, readSharedNetConfig, SHARED_NET_KEYS, type SharedNetConfig } from './net_config.js';

/** net_config block of the reference DeepBSDE layout. */
export interface NetConfig extends SharedNetConfig {
  y_init_range: [number, number];
  verbose: boolean;
  /**
   * dpmd-ts extension (not in the reference layout): Z_n = z_scale * subnet_n(X_n). Default 1/dim, the
   * reference solver's fixed scaling, which every shipped config uses. Measured (docs/bsde.md): z_scale 1
   * learns ReactionDiffusion faster at first but stalls at 2.3 % and diverges at lr 1e-2, and it breaks
   * BurgersType; the paper's 24000 iterations at 1/dim reach 0.66 %.
   */
  z_scale?: number;
  /**
   * dpmd-ts extension: report the mean of y_init over the last y0_average_last training steps instead of its
   * final value (Polyak-Ruppert averaging; 0 or absent: the final value, as the reference solver).
   */
  y0_average_last?: number;
  /**
   * dpmd-ts extension: start y_init at the mean of g(X_T) over the validation paths (the loss's optimum for Z = 0)
   * instead of a draw from y_init_range (which is still drawn, so the other initial values do not change).
   */
  y_init_from_terminal?: boolean;
}

/** A whole config file: { eqn_config, net_config }, exactly the reference DeepBSDE layout. */
export interface BsdeConfig {
  eqn_config: EqnConfig & Record<string, unknown>;
  net_config: NetConfig;
}

/**
 * Validate a config completely before anything is allocated: types, ranges, unknown keys (named with
 * their path; '_' keys are comments), and the memory a run needs. Throws ConfigError.
 */
export function parseBsdeConfig(raw: unknown, source = 'config'): BsdeConfig {
  const root = configRoot(raw, source);
  root.only(['eqn_config', 'net_config']);
  const e = root.obj('eqn_config');
  const n = root.obj('net_config');
  n.only([...SHARED_NET_KEYS, 'y_init_range', 'verbose', 'z_scale', 'y0_average_last', 'y_init_from_terminal']);
  const eqn = readEqnConfig(e);
  const shared = readSharedNetConfig(n);
  const yr = n.nums('y_init_range', { min: -1e6, max: 1e6 }, { length: 2 });
  if (!(yr[0] <= yr[1])) n.fail('y_init_range', `needs low <= high, got [${yr}]`);
  const net: NetConfig = { ...shared, y_init_range: [yr[0], yr[1]], verbose: n.bool('verbose', true) };
  if (n.has('z_scale')) net.z_scale = n.num('z_scale', { above: 0 });
  if (n.has('y_init_from_terminal')) net.y_init_from_terminal = n.bool('y_init_from_terminal', false);
  if (n.has('y0_average_last')) net.y0_average_last = n.int('y0_average_last', { min: 0, max: LIMITS.iterations });
  n.done();
  checkNetSizes(
    source,
    net,
    ['eqn_config.num_time_interval', eqn.num_time_interval],
    ['eqn_config.dim', eqn.dim],
    [
      net.batch_size >= net.valid_size ? 'net_config.batch_size' : 'net_config.valid_size',
      Math.max(net.batch_size, net.valid_size),
    ],
    eqn.dim,
  );
  return { eqn_config: eqn, net_config: net };
}

function readEqnConfig(e: ConfigObject): EqnConfig & Record<string, unknown> {
  // misspelt keys first (eqn_name itself included), against the keys any equation knows
  e.only(['eqn_name', 'total_time', 'dim', 'num_time_interval', ...allEquationKeys()]);
  const name = e.str('eqn_name');
  const extra = equationKeys(name);
  if (!extra) e.fail('eqn_name', `unknown equation '${name}'; known: ${equationNames().join(', ')}`);
  e.only(['eqn_name', 'total_time', 'dim', 'num_time_interval', ...Object.keys(extra)]);
  const eqn: EqnConfig & Record<string, unknown> = {
    eqn_name: name,
    total_time: e.num('total_time', { above: 0, max: 100 }),
    dim: e.int('dim', { min: 1, max: LIMITS.width }),
    num_time_interval: e.int('num_time_interval', { min: 1, max: LIMITS.timeSteps }),
  };
  for (const [key, range] of Object.entries(extra)) if (e.has(key)) eqn[key] = e.num(key, range);
  if (name === 'AllenCahn' && eqn.dim * eqn.total_time > 5000) {
    // the radial finite-difference reference uses a grid of 600 dim T points x 3000 steps
    e.fail('dim', `AllenCahn's reference solver needs dim x total_time <= 5000, got ${eqn.dim * eqn.total_time}`);
  }
  e.done();
  return eqn;
}

/** Read and validate a config file. */
export function loadBsdeConfig(path: string): BsdeConfig {
  return parseBsdeConfig(readConfigFile(path).data, path);
}
