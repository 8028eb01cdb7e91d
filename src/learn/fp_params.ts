/**
 * `fp_style` and `fp_params`: which labeler, and its settings, read by the one JSON reader (shared by
 * `dpmd learn`, `init-bulk` and `init-surf`). Relative file names are resolved by `abs` (against the
 * parameter file's directory); a missing potential file or program is an error naming the key.
 *   eam     {"pair_style": "eam" | "eam/alloy" | "eam/fs", "pot_file": FILE (or one per type for eam)}
 *   lammps  {"pair_style": STYLE ARGS, "pair_coeff": ["* * FILE El ...", ...], "command": "lmp"}
 *   cp2k    {"preset": "metal" | "molecule", "user_fp_params": {CP2K input tree, DP-GEN's key},
 *            "external_input_path": TEMPLATE (instead of user_fp_params), "command": "cp2k"}
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ConfigObject } from '../config_reader.js';
import type { Cp2kTree } from './cp2k_input.js';
import type { EamParams } from './labeler.js';
import type { Cp2kParams } from './labeler_cp2k.js';

export interface LammpsParams {
  pairStyle: string;
  pairCoeff: string[];
  command: string;
}

export type FpSpec =
  | { style: 'eam'; eam: EamParams }
  | { style: 'lammps'; lammps: LammpsParams }
  | { style: 'cp2k'; cp2k: Cp2kParams };

export const FP_STYLES = ['eam', 'lammps', 'cp2k'] as const;

export function readFp(o: ConfigObject, abs: (p: string) => string, ntypes: number): FpSpec {
  const style = o.str('fp_style', undefined, FP_STYLES);
  const p = o.obj('fp_params');
  const spec: FpSpec =
    style === 'eam'
      ? { style, eam: readEam(p, abs, ntypes) }
      : style === 'cp2k'
        ? { style, cp2k: readCp2k(p, abs) }
        : { style: 'lammps', lammps: readLammps(p, abs) };
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

/** A CP2K input tree (user_fp_params): objects, arrays of objects, scalars, arrays of scalars. */
function checkTree(o: ConfigObject, key: string, v: unknown, path: string): Cp2kTree {
  const bad = (what: string): never => o.fail(key, `${path}: ${what}`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('expected an object (a CP2K section)');
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = `${path}.${k}`;
    if (!/^[A-Za-z_][\w-]*$/.test(k)) bad(`'${k}' is not a CP2K section or keyword name`);
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') {
      if (typeof x === 'string' && x.includes('\n')) o.fail(key, `${p}: one line per keyword`);
      continue;
    }
    if (Array.isArray(x)) {
      if (x.every((e) => typeof e === 'string' || typeof e === 'number')) continue;
      x.forEach((e, i) => {
        checkTree(o, key, e, `${p}[${i}]`);
      });
      continue;
    }
    if (typeof x === 'object' && x !== null) checkTree(o, key, x, p);
    else o.fail(key, `${p}: expected a section, a keyword value or a list`);
  }
  return v as Cp2kTree;
}

function readCp2k(o: ConfigObject, abs: (p: string) => string): Cp2kParams {
  o.only(['preset', 'user_fp_params', 'external_input_path', 'command']);
  const preset = o.str('preset', 'metal', ['metal', 'molecule']) as Cp2kParams['preset'];
  const user = o.raw('user_fp_params');
  const userFpParams = user === undefined ? {} : checkTree(o, 'user_fp_params', user, 'user_fp_params');
  const tpl = o.str('external_input_path', '');
  if (tpl && user !== undefined)
    o.fail('external_input_path', 'give either a template (external_input_path) or user_fp_params, not both');
  const template = tpl ? abs(tpl) : null;
  if (template && !existsSync(template)) o.fail('external_input_path', `${template}: template not found`);
  const words = o
    .str('command', process.env.CP2K ?? 'cp2k')
    .trim()
    .split(/\s+/);
  const program = findProgram(words[0]);
  if (!program)
    o.fail('command', `'${words[0]}' not found (install CP2K, e.g. apt-get install cp2k cp2k-data, or give its path)`);
  return { preset, userFpParams, template, command: [program, ...words.slice(1)] };
}
