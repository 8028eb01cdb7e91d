import type { Box } from '../src/box.js';

/** Pressure coupling of the diagonal components (LAMMPS FixNH pcouple). */
export type PCouple = 'none' | 'xyz' | 'xy' | 'yz' | 'xz';
/** Barostat degrees of freedom: 1 (iso), 3 (aniso), 6 (tri). */
export type PStyle = 'iso' | 'aniso' | 'tri';

/**
 * Settings of fix nvt/npt/nph, parsed from the keyword list exactly as LAMMPS's FixNH constructor
 * (fix_nh.cpp, 29 Sep 2021) does, with its defaults and error checks. Temperatures in temperature
 * units, pressures in pressure units, periods (damping times) in time units. Pressure arrays are in
 * LAMMPS's Voigt order: x y z yz xz xy.
 */
export interface NHSettings {
  tstat: boolean;
  tStart: number;
  tStop: number;
  tPeriod: number;
  pStart: number[];
  pStop: number[];
  pPeriod: number[];
  pFlag: boolean[];
  pcouple: PCouple;
  pstyle: PStyle;
  deviatoric: boolean;
  drag: number;
  mtchain: number;
  mpchain: number;
  ncTchain: number;
  ncPchain: number;
  mtk: boolean;
  nresetH0: number;
  scalexy: boolean;
  scalexz: boolean;
  scaleyz: boolean;
  flip: boolean;
  fixedpoint: number[];
}

function num(style: string, s: string | undefined): number {
  const v = s === undefined ? NaN : Number(s);
  if (s === undefined || s.trim() === '' || !Number.isFinite(v)) throw new Error(`Illegal fix ${style} command: expected a number, got '${s ?? ''}'`);
  return v;
}

function int(style: string, s: string | undefined): number {
  const v = num(style, s);
  if (!Number.isInteger(v)) throw new Error(`Illegal fix ${style} command: expected an integer, got '${s}'`);
  return v;
}

function yesno(style: string, key: string, s: string | undefined): boolean {
  if (s === 'yes') return true;
  if (s === 'no') return false;
  throw new Error(`Illegal fix ${style} command: ${key} takes yes or no, got '${s ?? ''}'`);
}

/** Parse the words after `fix ID group style` for a Nose-Hoover fix on the given box. */
export function parseNHArgs(style: string, args: string[], box: Box): NHSettings {
  const s: NHSettings = {
    tstat: false, tStart: 0, tStop: 0, tPeriod: 0,
    pStart: [0, 0, 0, 0, 0, 0], pStop: [0, 0, 0, 0, 0, 0], pPeriod: [0, 0, 0, 0, 0, 0],
    pFlag: [false, false, false, false, false, false],
    pcouple: 'none', pstyle: 'iso', deviatoric: false, drag: 0,
    mtchain: 3, mpchain: 3, ncTchain: 1, ncPchain: 1, mtk: true, nresetH0: 0,
    scalexy: box.periodic[1] && box.xy !== 0,
    scalexz: box.periodic[2] && box.xz !== 0,
    scaleyz: box.periodic[2] && box.yz !== 0,
    flip: true,
    fixedpoint: [0.5 * (box.lo[0] + box.hi[0]), 0.5 * (box.lo[1] + box.hi[1]), 0.5 * (box.lo[2] + box.hi[2])],
  };
  const need = (i: number, n: number, key: string): void => {
    if (i + n > args.length) throw new Error(`Illegal fix ${style} command: keyword ${key} needs ${n - 1} value(s)`);
  };
  const setP = (idx: number[], i: number): void => {
    const a = num(style, args[i + 1]), b = num(style, args[i + 2]), c = num(style, args[i + 3]);
    for (const k of idx) { s.pStart[k] = a; s.pStop[k] = b; s.pPeriod[k] = c; s.pFlag[k] = true; }
  };
  let i = 0;
  while (i < args.length) {
    const key = args[i];
    switch (key) {
      case 'temp':
        need(i, 4, key);
        s.tstat = true;
        s.tStart = num(style, args[i + 1]);
        s.tStop = num(style, args[i + 2]);
        s.tPeriod = num(style, args[i + 3]);
        if (s.tStart < 0 || s.tStop <= 0) throw new Error(`Target temperature for fix ${style} cannot be 0.0`);
        i += 4;
        break;
      case 'iso':
      case 'aniso':
      case 'tri':
        need(i, 4, key);
        s.pcouple = key === 'iso' ? 'xyz' : 'none';
        setP([0, 1, 2], i);
        if (key === 'tri') {
          s.scalexy = s.scalexz = s.scaleyz = false;
          setP([3, 4, 5], i);
          for (let k = 3; k < 6; k++) { s.pStart[k] = 0; s.pStop[k] = 0; }
        }
        i += 4;
        break;
      case 'x': case 'y': case 'z': case 'yz': case 'xz': case 'xy': {
        need(i, 4, key);
        const k = ['x', 'y', 'z', 'yz', 'xz', 'xy'].indexOf(key);
        setP([k], i);
        s.deviatoric = true;
        if (key === 'yz') s.scaleyz = false;
        if (key === 'xz') s.scalexz = false;
        if (key === 'xy') s.scalexy = false;
        i += 4;
        break;
      }
      case 'couple': {
        need(i, 2, key);
        const c = args[i + 1];
        if (c !== 'xyz' && c !== 'xy' && c !== 'yz' && c !== 'xz' && c !== 'none') {
          throw new Error(`Illegal fix ${style} command: couple takes xyz, xy, yz, xz or none, got '${c}'`);
        }
        s.pcouple = c;
        i += 2;
        break;
      }
      case 'drag':
        need(i, 2, key);
        s.drag = num(style, args[i + 1]);
        if (s.drag < 0) throw new Error(`Illegal fix ${style} command: drag must be >= 0`);
        i += 2;
        break;
      case 'dilate':
        need(i, 2, key);
        // Only group all exists: dilate all (the default) and dilate with group all are the same.
        if (args[i + 1] !== 'all') throw new Error(`Fix ${style} dilate group ID '${args[i + 1]}' does not exist (only 'all' is supported)`);
        i += 2;
        break;
      case 'tchain':
        need(i, 2, key);
        s.mtchain = int(style, args[i + 1]);
        if (s.mtchain < 1) throw new Error(`Illegal fix ${style} command: tchain must be >= 1`);
        i += 2;
        break;
      case 'pchain':
        need(i, 2, key);
        s.mpchain = int(style, args[i + 1]);
        if (s.mpchain < 0) throw new Error(`Illegal fix ${style} command: pchain must be >= 0`);
        i += 2;
        break;
      case 'mtk':
        need(i, 2, key);
        s.mtk = yesno(style, key, args[i + 1]);
        i += 2;
        break;
      case 'tloop':
        need(i, 2, key);
        s.ncTchain = int(style, args[i + 1]);
        if (s.ncTchain < 0) throw new Error(`Illegal fix ${style} command: tloop must be >= 0`);
        i += 2;
        break;
      case 'ploop':
        need(i, 2, key);
        s.ncPchain = int(style, args[i + 1]);
        if (s.ncPchain < 0) throw new Error(`Illegal fix ${style} command: ploop must be >= 0`);
        i += 2;
        break;
      case 'nreset':
        need(i, 2, key);
        s.nresetH0 = int(style, args[i + 1]);
        if (s.nresetH0 < 0) throw new Error(`Illegal fix ${style} command: nreset must be >= 0`);
        i += 2;
        break;
      case 'scalexy': case 'scalexz': case 'scaleyz':
        need(i, 2, key);
        s[key] = yesno(style, key, args[i + 1]);
        i += 2;
        break;
      case 'flip':
        need(i, 2, key);
        s.flip = yesno(style, key, args[i + 1]);
        i += 2;
        break;
      case 'fixedpoint':
        need(i, 4, key);
        s.fixedpoint = [num(style, args[i + 1]), num(style, args[i + 2]), num(style, args[i + 3])];
        i += 4;
        break;
      default:
        throw new Error(`Illegal fix ${style} command: unknown keyword '${key}'`);
    }
  }
  validate(style, s, box);
  return s;
}

function validate(style: string, s: NHSettings, box: Box): void {
  const pf = s.pFlag, per = box.periodic;
  const bad = (msg: string): never => { throw new Error(msg); };
  if (s.pcouple === 'xyz' && (!pf[0] || !pf[1] || !pf[2])) bad(`Invalid fix ${style} command pressure settings: couple xyz needs x, y and z`);
  if (s.pcouple === 'xy' && (!pf[0] || !pf[1])) bad(`Invalid fix ${style} command pressure settings: couple xy needs x and y`);
  if (s.pcouple === 'yz' && (!pf[1] || !pf[2])) bad(`Invalid fix ${style} command pressure settings: couple yz needs y and z`);
  if (s.pcouple === 'xz' && (!pf[0] || !pf[2])) bad(`Invalid fix ${style} command pressure settings: couple xz needs x and z`);
  for (let d = 0; d < 3; d++) if (pf[d] && !per[d]) bad(`Cannot use fix ${style} on a non-periodic dimension`);
  if ((pf[3] || pf[4]) && !per[2]) bad(`Cannot use fix ${style} on a 2nd non-periodic dimension`);
  if (pf[5] && !per[1]) bad(`Cannot use fix ${style} on a 2nd non-periodic dimension`);
  if ((s.scaleyz || s.scalexz) && !per[2]) bad(`Cannot use fix ${style} with yz/xz scaling when z is non-periodic dimension`);
  if (s.scalexy && !per[1]) bad(`Cannot use fix ${style} with xy scaling when y is non-periodic dimension`);
  if (pf[3] && s.scaleyz) bad(`Cannot use fix ${style} with both yz dynamics and yz scaling`);
  if (pf[4] && s.scalexz) bad(`Cannot use fix ${style} with both xz dynamics and xz scaling`);
  if (pf[5] && s.scalexy) bad(`Cannot use fix ${style} with both xy dynamics and xy scaling`);
  if (!box.triclinic && (pf[3] || pf[4] || pf[5])) bad(`Can not specify Pxy/Pxz/Pyz in fix ${style} with non-triclinic box`);
  const same = (a: number, b: number): boolean =>
    s.pStart[a] === s.pStart[b] && s.pStop[a] === s.pStop[b] && s.pPeriod[a] === s.pPeriod[b];
  if (s.pcouple === 'xyz' && (!same(0, 1) || !same(0, 2))) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if (s.pcouple === 'xy' && !same(0, 1)) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if (s.pcouple === 'yz' && !same(1, 2)) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if (s.pcouple === 'xz' && !same(0, 2)) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if ((s.tstat && s.tPeriod <= 0) || pf.some((f, k) => f && s.pPeriod[k] <= 0)) bad(`Fix ${style} damping parameters must be > 0.0`);
  if (pf[3] || pf[4] || pf[5]) s.pstyle = 'tri';
  else if (s.pcouple === 'xyz') s.pstyle = 'iso';
  else s.pstyle = 'aniso';
}
