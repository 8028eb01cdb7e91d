/**
 * CP2K input files for the cp2k labeler: DP-GEN's `user_fp_params` tree (section names as keys,
 * objects for sections, arrays of objects for repeated sections, '_' for a section's parameter,
 * scalars for keywords) merged over defaults for metals or molecules, and rendered as CP2K input;
 * or a user's template whose &CELL and &COORD sections are filled per frame.
 *
 * Defaults (PBE, GTH pseudopotentials, MOLOPT basis sets of Debian's cp2k-data):
 *   both      RUN_TYPE ENERGY_FORCE, STRESS_TENSOR ANALYTICAL, forces and stress printed,
 *             MGRID CUTOFF 400 Ry / REL_CUTOFF 50, EPS_SCF 1e-6, IGNORE_CONVERGENCE_FAILURE (a frame whose
 *             SCF does not converge is recognised in the output and left out, not retried in vain)
 *   metal     DZVP-MOLOPT-SR-GTH, diagonalisation with Fermi-Dirac smearing (500 K), Broyden mixing,
 *             ADDED_MOS for the smearing; Gamma point: use cells large enough, or give
 *             FORCE_EVAL.DFT.KPOINTS in user_fp_params
 *   molecule  DZVP-MOLOPT-GTH, orbital transformation (OT, DIIS) with an outer SCF; the cell is the frame's
 */
import { readFileSync } from 'node:fs';
import type { Frame } from './structure.js';

export type Cp2kTree = { [key: string]: Cp2kValue };
export type Cp2kValue = string | number | boolean | (string | number)[] | Cp2kTree | Cp2kTree[];

export type Cp2kPreset = 'metal' | 'molecule';

const isTree = (v: unknown): v is Cp2kTree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The default input tree of a preset for elements `typeMap` (CELL/COORD come per frame). */
export function defaultTree(preset: Cp2kPreset, typeMap: string[]): Cp2kTree {
  const metal = preset === 'metal';
  const scf: Cp2kTree = metal
    ? {
        SCF_GUESS: 'ATOMIC',
        EPS_SCF: 1e-6,
        MAX_SCF: 100,
        DIAGONALIZATION: { _: 'ON', ALGORITHM: 'STANDARD' },
        SMEAR: { _: 'ON', METHOD: 'FERMI_DIRAC', ELECTRONIC_TEMPERATURE: 500 },
        MIXING: { _: 'T', METHOD: 'BROYDEN_MIXING', ALPHA: 0.4, NBROYDEN: 8 },
        PRINT: { RESTART: { _: 'OFF' } },
      }
    : {
        SCF_GUESS: 'ATOMIC',
        EPS_SCF: 1e-6,
        MAX_SCF: 50,
        OT: { _: 'ON', MINIMIZER: 'DIIS', PRECONDITIONER: 'FULL_SINGLE_INVERSE' },
        OUTER_SCF: { _: 'ON', EPS_SCF: 1e-6, MAX_SCF: 10 },
        PRINT: { RESTART: { _: 'OFF' } },
      };
  return {
    GLOBAL: { PROJECT: 'DPMD', RUN_TYPE: 'ENERGY_FORCE', PRINT_LEVEL: 'LOW' },
    FORCE_EVAL: {
      METHOD: 'QS',
      STRESS_TENSOR: 'ANALYTICAL',
      DFT: {
        BASIS_SET_FILE_NAME: 'BASIS_MOLOPT',
        POTENTIAL_FILE_NAME: 'GTH_POTENTIALS',
        MGRID: { CUTOFF: 400, REL_CUTOFF: 50, NGRIDS: 4 },
        QS: { EPS_DEFAULT: 1e-12 },
        SCF: scf,
        XC: { XC_FUNCTIONAL: { _: 'PBE' } },
      },
      SUBSYS: {
        KIND: typeMap.map((el) => ({
          _: el,
          BASIS_SET: metal ? 'DZVP-MOLOPT-SR-GTH' : 'DZVP-MOLOPT-GTH',
          POTENTIAL: 'GTH-PBE',
        })),
      },
      PRINT: { FORCES: { _: 'ON' }, STRESS_TENSOR: { _: 'ON' } },
    },
  };
}

/**
 * `user` merged over `base` (a new tree): sections merge key by key; a repeated section (array) given by
 * the user replaces the default one, except KIND, whose entries merge by element ('_'); keywords replace.
 */
export function mergeTree(base: Cp2kTree, user: Cp2kTree): Cp2kTree {
  const out: Cp2kTree = { ...base };
  for (const [k, v] of Object.entries(user)) {
    const b = out[k];
    if (isTree(v) && isTree(b)) out[k] = mergeTree(b, v);
    else if (k.toUpperCase() === 'KIND' && Array.isArray(b) && Array.isArray(v)) {
      const kinds = (b as Cp2kTree[]).map((x) => ({ ...x }));
      for (const u of v as Cp2kTree[]) {
        const i = kinds.findIndex((x) => String(x._) === String(u._));
        if (i >= 0) kinds[i] = mergeTree(kinds[i], u);
        else kinds.push(u);
      }
      out[k] = kinds;
    } else out[k] = v;
  }
  return out;
}

/** A pseudo-keyword whose value is written as lines of its own (the tables of &CELL and &COORD). */
const RAW_LINES = '__lines';

const scalar = (v: string | number | boolean): string =>
  typeof v === 'boolean' ? (v ? 'T' : 'F') : typeof v === 'number' ? String(v) : v;

/** CP2K input text of a tree (two-space indentation). */
export function renderTree(t: Cp2kTree, indent = ''): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(t)) {
    if (k === '_') continue;
    if (k === RAW_LINES) {
      for (const l of String(v).split('\n')) lines.push(`${indent}${l}`);
      continue;
    }
    const sections = Array.isArray(v) && v.length > 0 && v.every(isTree) ? (v as Cp2kTree[]) : isTree(v) ? [v] : null;
    if (sections) {
      for (const s of sections) {
        const p = s._ === undefined ? '' : ` ${scalar(s._ as string | number | boolean)}`;
        lines.push(`${indent}&${k}${p}`, renderTree(s, `${indent}  `), `${indent}&END ${k}`);
      }
    } else if (Array.isArray(v)) lines.push(`${indent}${k} ${v.map((x) => scalar(x as string | number)).join(' ')}`);
    else lines.push(`${indent}${k} ${scalar(v as string | number | boolean)}`);
  }
  return lines.filter((l) => l !== '').join('\n');
}

const f15 = (x: number): string => x.toPrecision(15);

/** &CELL (A, B, C rows in Å, periodic in all directions) and &COORD (element x y z, Å) of a frame. */
export function cellCoord(frame: Frame, typeMap: string[]): { cell: string[]; coord: string[] } {
  const b = frame.box;
  const cell = ['A', 'B', 'C'].map((n, r) => `${n} ${f15(b[3 * r])} ${f15(b[3 * r + 1])} ${f15(b[3 * r + 2])}`);
  cell.push('PERIODIC XYZ');
  const coord: string[] = [];
  for (let i = 0; i < frame.natoms; i++) {
    const x = frame.coord;
    coord.push(`${typeMap[frame.types[i]]} ${f15(x[3 * i])} ${f15(x[3 * i + 1])} ${f15(x[3 * i + 2])}`);
  }
  return { cell, coord };
}

/** The input of a frame from a tree: the tree's SUBSYS gains CELL and COORD; ADDED_MOS when smearing. */
export function inputFromTree(tree: Cp2kTree, frame: Frame, typeMap: string[]): string {
  const t = mergeTree(tree, {});
  const fe = t.FORCE_EVAL as Cp2kTree;
  const sub = { ...(fe.SUBSYS as Cp2kTree) };
  const { cell, coord } = cellCoord(frame, typeMap);
  sub.CELL = { [RAW_LINES]: cell.join('\n') };
  sub.COORD = { [RAW_LINES]: coord.join('\n') };
  fe.SUBSYS = sub;
  const scf = ((fe.DFT as Cp2kTree | undefined)?.SCF as Cp2kTree | undefined) ?? {};
  const smear = scf.SMEAR as Cp2kTree | undefined;
  if (smear && String(smear._).toUpperCase() !== 'OFF' && scf.ADDED_MOS === undefined)
    // states above the Fermi level for the smearing: a few per atom is ample at a few hundred K
    (fe.DFT as Cp2kTree).SCF = { ...scf, ADDED_MOS: Math.max(10, 2 * frame.natoms) };
  return `${renderTree(t)}\n`;
}

/** The input of a frame from a template file: its &CELL and &COORD sections' contents replaced. */
export function inputFromTemplate(templateFile: string, frame: Frame, typeMap: string[]): string {
  const text = readFileSync(templateFile, 'utf8');
  const { cell, coord } = cellCoord(frame, typeMap);
  let out = text;
  for (const [name, body] of [
    ['CELL', cell],
    ['COORD', coord],
  ] as const) {
    const re = new RegExp(`^([ \\t]*)&${name}\\b[^\\n]*\\n[\\s\\S]*?^[ \\t]*&END(?:[ \\t]+${name})?[ \\t]*$`, 'im');
    const m = re.exec(out);
    if (!m) throw new Error(`${templateFile}: no &${name} ... &END ${name} section to fill with the frame`);
    const ind = m[1];
    out = out.replace(re, [`${ind}&${name}`, ...body.map((l) => `${ind}  ${l}`), `${ind}&END ${name}`].join('\n'));
  }
  return out;
}
