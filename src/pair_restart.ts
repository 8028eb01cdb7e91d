import type { PairStyle } from './potential.js';

/**
 * The pair style's part of a restart file. LAMMPS's write_restart stores the pair style, its
 * settings, the explicitly set coefficients and the pair_modify flags of every style with
 * restartinfo (lj/cut, lj/cubic, morse, ...), and read_restart restores them ("restoring pair style
 * ... from restart"); styles that read potential files (many-body, EAM, tables, deepmd) are not
 * stored and must be given again. dpmd keeps the commands that built the current pair style
 * (pair_style, then every pair_coeff / pair_modify on it, in order) and replays them on
 * read_restart, which rebuilds the same state.
 */

/** Pair styles LAMMPS does not restore from a restart file (restartinfo = 0 or file-based coefficients). */
const NOT_RESTORED = new Set([
  'sw',
  'tersoff',
  'tersoff/mod',
  'tersoff/mod/c',
  'vashishta',
  'vashishta/table',
  'edip/multi',
  'eam',
  'eam/alloy',
  'eam/fs',
  'table',
  'deepmd',
  'hybrid',
  'hybrid/overlay',
]);

/** One deck command: its name and arguments as given. */
export type PairCommand = [string, string[]];

const history = new WeakMap<PairStyle, PairCommand[]>();

/** Record a pair_style / pair_coeff / pair_modify command applied to pair (pair_style starts afresh). */
export function recordPairCommand(pair: PairStyle, command: string, args: string[]): void {
  if (command === 'pair_style') history.set(pair, []);
  history.get(pair)?.push([command, args.slice()]);
}

/** The commands to store in a restart file for this pair style, or null when LAMMPS stores none. */
export function pairRestartCommands(pair: PairStyle | null): PairCommand[] | null {
  if (!pair || NOT_RESTORED.has(pair.style)) return null;
  return history.get(pair) ?? null;
}
