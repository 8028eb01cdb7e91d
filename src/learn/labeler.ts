/**
 * Labelers (`fp_style`): what turns a frame into energy, forces and virial. Every labeler writes a
 * task directory (the frame as `conf.lmp`, an input) and names the command that labels it; the job
 * layer runs the command; `collect` reads the results back. So a labeler that is a separate program
 * (LAMMPS here, a DFT code later) and dpmd-ts itself follow one path.
 *
 * eam: pair_style eam, eam/alloy or eam/fs evaluated by dpmd-ts (`dpmd run` on a one-step deck);
 * lammps: any pair style evaluated by LAMMPS (`lmp`) on the same deck;
 * cp2k: DFT by CP2K (labeler_cp2k.ts).
 * The deck is plain LAMMPS, so the same files run under `lmp` as a cross-check. The deck writes
 *   force.dump  `dump custom` id type x y z fx fy fz, sorted by id, %.15g   (eV/Å)
 *   log.lammps  thermo of step 0: pe vol pxx pyy pzz pxy pxz pyz (eV, Å^3, bar), format %.15g
 * With zero velocities the pressure is the virial part alone, so W_ab = P_ab V / nktv2p (metal:
 * nktv2p = 1.6021765e6 bar Å^3 / eV), W_ab = sum_i r_ia F_ib as DeePMD-kit's virial label.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lammpsDataText, type Frame } from './structure.js';
import type { Labeled } from './labeled_data.js';
import { dpmdCommand } from './dpmd_command.js';
import type { FpSpec, LammpsParams } from './fp_params.js';
import { Cp2kLabeler } from './labeler_cp2k.js';

const NKTV2P_METAL = 1.6021765e6;

export interface EamParams {
  pairStyle: 'eam' | 'eam/alloy' | 'eam/fs';
  potFiles: string[];
}

export interface Labeler {
  readonly style: string;
  /** Write the task's input files into dir (which exists); return the command (argv) to run there. */
  prepare(dir: string, frame: Frame): string[];
  /** Read the labels the command wrote in dir; throws naming the file when they are missing or bad. */
  collect(dir: string, frame: Frame): Labeled;
}

/** The pair_coeff lines of an eam-family labeler (absolute file paths). */
function eamCoeffs(p: EamParams, typeMap: string[]): string[] {
  if (p.pairStyle === 'eam') return typeMap.map((_, i) => `pair_coeff ${i + 1} ${i + 1} ${p.potFiles[i]}`);
  return [`pair_coeff * * ${p.potFiles[0]} ${typeMap.join(' ')}`];
}

/** The one-step labelling deck (LAMMPS syntax, metal units). */
export function labelDeck(pairStyle: string, coeffs: string[]): string {
  return [
    '# dpmd learn: label conf.lmp (energy, forces, virial); runs under dpmd and LAMMPS alike',
    'units metal',
    'boundary p p p',
    'atom_style atomic',
    'atom_modify map array',
    'read_data conf.lmp',
    `pair_style ${pairStyle}`,
    ...coeffs,
    'thermo_style custom step pe vol pxx pyy pzz pxy pxz pyz',
    'thermo_modify format float %.15g',
    'dump 1 all custom 1 force.dump id type x y z fx fy fz',
    'dump_modify 1 sort id format float %.15g',
    'run 0',
    '',
  ].join('\n');
}

/** pe vol pxx pyy pzz pxy pxz pyz: the line after the thermo header 'Step PotEng Volume Pxx ...' of a log. */
function thermoRow(log: string): number[] {
  const lines = readFileSync(log, 'utf8').split('\n');
  const h = lines.findIndex((l) => /^\s*Step\s+PotEng\s+Volume\s+Pxx\s+Pyy\s+Pzz\s+Pxy\s+Pxz\s+Pyz\s*$/.test(l));
  const v = h < 0 ? [] : (lines[h + 1] ?? '').trim().split(/\s+/).map(Number).slice(1);
  if (v.length !== 8 || !v.every(Number.isFinite))
    throw new Error(`${log}: no thermo line 'Step PotEng Volume Pxx Pyy Pzz Pxy Pxz Pyz' with 9 finite numbers`);
  return v;
}

/** Read force.dump and the thermo of log.lammps of a finished labelling task. */
export function readLabels(dir: string, frame: Frame): Labeled {
  const ev = join(dir, 'log.lammps'),
    fd = join(dir, 'force.dump');
  if (!existsSync(ev) || !existsSync(fd))
    throw new Error(`${dir}: the labeler wrote no log.lammps/force.dump (see task.log)`);
  const v = thermoRow(ev);
  const n = frame.natoms;
  const force = new Float64Array(3 * n);
  const lines = readFileSync(fd, 'utf8').split('\n');
  const head = lines.findIndex((l) => l.startsWith('ITEM: ATOMS'));
  const cols = head >= 0 ? lines[head].split(/\s+/).slice(2) : [];
  const ci = cols.indexOf('id'),
    cf = cols.indexOf('fx');
  if (ci < 0 || cf < 0) throw new Error(`${fd}: no 'ITEM: ATOMS id ... fx fy fz' block`);
  for (let k = 0; k < n; k++) {
    const w = (lines[head + 1 + k] ?? '').trim().split(/\s+/).map(Number);
    const id = w[ci] - 1;
    if (!(id >= 0 && id < n) || !Number.isFinite(w[cf]) || !Number.isFinite(w[cf + 1]) || !Number.isFinite(w[cf + 2]))
      throw new Error(`${fd}: line ${head + 2 + k}: bad atom line`);
    force[3 * id] = w[cf];
    force[3 * id + 1] = w[cf + 1];
    force[3 * id + 2] = w[cf + 2];
  }
  const s = v[1] / NKTV2P_METAL;
  const [xx, yy, zz, xy, xz, yz] = v.slice(2).map((p) => p * s);
  return { ...frame, energy: v[0], force, virial: Float64Array.from([xx, xy, xz, xy, yy, yz, xz, yz, zz]) };
}

/** `fp_style eam`: the potential evaluated by dpmd-ts itself. */
export class EamLabeler implements Labeler {
  readonly style = 'eam';
  constructor(
    private readonly p: EamParams,
    private readonly typeMap: string[],
    private readonly masses: number[],
  ) {}
  prepare(dir: string, frame: Frame): string[] {
    writeFileSync(join(dir, 'conf.lmp'), lammpsDataText(frame, this.masses));
    writeFileSync(join(dir, 'input.lammps'), labelDeck(this.p.pairStyle, eamCoeffs(this.p, this.typeMap)));
    return dpmdCommand(['run', 'input.lammps', '-log', 'log.lammps', '-screen', 'none']);
  }
  collect(dir: string, frame: Frame): Labeled {
    return readLabels(dir, frame);
  }
}

/**
 * `fp_style lammps`: any pair style through LAMMPS (`lmp`) run as a separate program, the pattern an
 * external DFT code follows. The deck is the eam labeler's with the user's pair_style/pair_coeff.
 */
export class LammpsLabeler implements Labeler {
  readonly style = 'lammps';
  constructor(
    private readonly p: LammpsParams,
    private readonly masses: number[],
  ) {}
  prepare(dir: string, frame: Frame): string[] {
    writeFileSync(join(dir, 'conf.lmp'), lammpsDataText(frame, this.masses));
    writeFileSync(
      join(dir, 'input.lammps'),
      labelDeck(
        this.p.pairStyle,
        this.p.pairCoeff.map((c) => `pair_coeff ${c}`),
      ),
    );
    return [this.p.command, '-in', 'input.lammps', '-log', 'log.lammps', '-screen', 'none'];
  }
  collect(dir: string, frame: Frame): Labeled {
    return readLabels(dir, frame);
  }
}

/** The labeler an fp spec names. */
export function makeLabeler(fp: FpSpec, typeMap: string[], masses: number[]): Labeler {
  if (fp.style === 'cp2k') return new Cp2kLabeler(fp.cp2k, typeMap, masses);
  return fp.style === 'eam' ? new EamLabeler(fp.eam, typeMap, masses) : new LammpsLabeler(fp.lammps, masses);
}
