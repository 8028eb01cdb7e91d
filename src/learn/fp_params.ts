/**
 * `fp_style` and `fp_params`: which labeler, and its settings, read by the one JSON reader (shared by
 * `dpmd learn`, `init-bulk` and `init-surf`). Relative file names are resolved by `abs` (against the
 * parameter file's directory); a missing potential file or program is an error naming the key.
 *   eam     {"pair_style": "eam" | "eam/alloy" | "eam/fs", "pot_file": FILE (or one per type for eam)}
 *   lammps  {"pair_style": STYLE ARGS, "pair_coeff": ["* * FILE El ...", ...], "command": "lmp"}
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ConfigObject } from '../config_reader.js';
import type { EamParams } from './labeler.js';

export interface LammpsParams {
  pairStyle: string;
  pairCoeff: string[];
  command: string;
}

export type FpSpec = { style: 'eam'; eam: EamParams } | { style: 'lammps'; lammps: LammpsParams };

export const FP_STYLES = ['eam', 'lammps'] as const;

export function readFp(o: ConfigObject, abs: (p: string) => string, ntypes: number): FpSpec {
  const style = o.str('fp_style', undefined, FP_STYLES);
  const p = o.obj('fp_params');
  const spec: FpSpec =
    style === 'eam' ? { style, eam: readEam(p, abs, ntypes) } : { style: 'lammps', lammps: readLammps(p, abs) };
  p.done();
  return spec;
}

function readEam(o: ConfigObject, abs: (p: string) => string, ntypes: number): EamParams {
  o.only(['pair_style', 'pot_file']);
  const pairStyle = o.str('pair_style', undefined, ['eam', 'eam/alloy', 'eam/fs']) as EamParams['pairStyle'];
  const raw = o.raw('pot_file');
  const files = typeof raw === 'string' ? [raw] : o.strs('pot_file', { minLength: 1 });
  if (pairStyle === 'eam' && files.length !== ntypes)
    o.fail('pot_file', `pair_style eam takes one funcfl file per type (${ntypes}), got ${files.length}`);
  if (pairStyle !== 'eam' && files.length !== 1) o.fail('pot_file', `pair_style ${pairStyle} takes one setfl file`);
  const potFiles = files.map((f) => abs(f));
  potFiles.forEach((f, k) => {
    if (!existsSync(f)) o.fail(typeof raw === 'string' ? 'pot_file' : `pot_file[${k}]`, `${f}: labeler file not found`);
  });
  return { pairStyle, potFiles };
}

/** A program name searched on PATH (or a path), or null. */
export function findProgram(name: string): string | null {
  const ok = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return ok(name) ? name : null;
  for (const d of (process.env.PATH ?? '').split(delimiter)) if (d && ok(join(d, name))) return join(d, name);
  return null;
}

/** Words of a pair_coeff line that name files: they contain '/' or end in an extension ('.eam.fs'). */
const looksLikeFile = (w: string) =>
  !/^[-+]?[\d.]+([eE][-+]?\d+)?$/.test(w) && (w.includes('/') || /\.[A-Za-z][\w-]*$/.test(w));

function readLammps(o: ConfigObject, abs: (p: string) => string): LammpsParams {
  o.only(['pair_style', 'pair_coeff', 'command']);
  const pairStyle = o.str('pair_style');
  const coeffs = o.strs('pair_coeff', { minLength: 1 });
  const pairCoeff = coeffs.map((line, k) =>
    line
      .trim()
      .split(/\s+/)
      .map((w) => {
        if (!looksLikeFile(w)) return w;
        const f = isAbsolute(w) ? w : abs(w);
        if (!existsSync(f)) o.fail(`pair_coeff[${k}]`, `${f}: labeler file not found`);
        return f;
      })
      .join(' '),
  );
  const cmd = o.str('command', process.env.LMP ?? 'lmp');
  const command = findProgram(cmd);
  if (!command) o.fail('command', `'${cmd}' not found (install LAMMPS, e.g. apt-get install lammps, or give its path)`);
  return { pairStyle, pairCoeff, command };
}
