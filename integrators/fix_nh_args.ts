import { Args } from '../src/args.js';
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

/** Parse the words after `fix ID group style` for a Nose-Hoover fix on the given box. */
export function parseNHArgs(style: string, args: string[], box: Box): NHSettings {
  const s: NHSettings = {
    tstat: false,
    tStart: 0,
    tStop: 0,
    tPeriod: 0,
    pStart: [0, 0, 0, 0, 0, 0],
    pStop: [0, 0, 0, 0, 0, 0],
    pPeriod: [0, 0, 0, 0, 0, 0],
    pFlag: [false, false, false, false, false, false],
    pcouple: 'none',
    pstyle: 'iso',
    deviatoric: false,
    drag: 0,
    mtchain: 3,
    mpchain: 3,
    ncTchain: 1,
    ncPchain: 1,
    mtk: true,
    nresetH0: 0,
    scalexy: box.periodic[1] && box.xy !== 0,
    scalexz: box.periodic[2] && box.xz !== 0,
    scaleyz: box.periodic[2] && box.yz !== 0,
    flip: true,
    fixedpoint: [0.5 * (box.lo[0] + box.hi[0]), 0.5 * (box.lo[1] + box.hi[1]), 0.5 * (box.lo[2] + box.hi[2])],
  };
  const a = new Args(`fix ${style}`, args);
  const setP = (idx: number[], k: Args): void => {
    const p0 = k.num('Pstart'),
      p1 = k.num('Pstop'),
      period = k.num('Pdamp');
    for (const c of idx) {
      s.pStart[c] = p0;
      s.pStop[c] = p1;
      s.pPeriod[c] = period;
      s.pFlag[c] = true;
    }
  };
  const pressure =
    (key: 'iso' | 'aniso' | 'tri') =>
    (k: Args): void => {
      k.need(3, `${key} Pstart Pstop Pdamp`);
      s.pcouple = key === 'iso' ? 'xyz' : 'none';
      const at = k.pos;
      setP([0, 1, 2], k);
      // 2d (LAMMPS FixNH): no z pressure, so pdim = 2 and the box stays put along z
      if (box.dimension === 2) {
        s.pStart[2] = s.pStop[2] = s.pPeriod[2] = 0.0;
        s.pFlag[2] = false;
      }
      if (key === 'tri') {
        s.scalexy = s.scalexz = s.scaleyz = false;
        k.pos = at;
        setP([3, 4, 5], k);
        for (let c = 3; c < 6; c++) {
          s.pStart[c] = 0;
          s.pStop[c] = 0;
        }
        if (box.dimension === 2) {
          for (const c of [3, 4]) {
            s.pStart[c] = s.pStop[c] = s.pPeriod[c] = 0.0;
            s.pFlag[c] = false;
          }
        }
      }
      // 2d: no z (nor xz, yz) barostat components (LAMMPS FixNH constructor)
      if (box.dimension === 2)
        for (const c of key === 'tri' ? [2, 3, 4] : [2]) {
          s.pStart[c] = s.pStop[c] = s.pPeriod[c] = 0;
          s.pFlag[c] = false;
        }
    };
  const component =
    (key: 'x' | 'y' | 'z' | 'yz' | 'xz' | 'xy') =>
    (k: Args): void => {
      k.need(3, `${key} Pstart Pstop Pdamp`);
      if (box.dimension === 2 && (key === 'z' || key === 'yz' || key === 'xz'))
        throw new Error(`Invalid fix ${style} command for a 2d simulation (${key})`);
      setP([['x', 'y', 'z', 'yz', 'xz', 'xy'].indexOf(key)], k);
      s.deviatoric = true;
      if (key === 'yz') s.scaleyz = false;
      if (key === 'xz') s.scalexz = false;
      if (key === 'xy') s.scalexy = false;
    };
  a.keywords({
    temp: (k) => {
      k.need(3, 'temp Tstart Tstop Tdamp');
      s.tstat = true;
      s.tStart = k.num('Tstart');
      s.tStop = k.num('Tstop');
      s.tPeriod = k.num('Tdamp');
      if (s.tStart < 0 || s.tStop <= 0) throw new Error(`Target temperature for fix ${style} cannot be 0.0`);
    },
    iso: pressure('iso'),
    aniso: pressure('aniso'),
    tri: pressure('tri'),
    x: component('x'),
    y: component('y'),
    z: component('z'),
    yz: component('yz'),
    xz: component('xz'),
    xy: component('xy'),
    couple: (k) => {
      s.pcouple = k.oneOf('couple', ['xyz', 'xy', 'yz', 'xz', 'none'] as const);
    },
    drag: (k) => {
      s.drag = k.num('drag', { ge: 0 });
    },
    dilate: (k) => {
      // Only group all exists: dilate all (the default) and dilate with group all are the same.
      const g = k.word('dilate group');
      if (g !== 'all') throw new Error(`Fix ${style} dilate group ID '${g}' does not exist (only 'all' is supported)`);
    },
    tchain: (k) => {
      s.mtchain = k.int('tchain', { ge: 1 });
    },
    pchain: (k) => {
      s.mpchain = k.int('pchain', { ge: 0 });
    },
    mtk: (k) => {
      s.mtk = k.bool('mtk');
    },
    tloop: (k) => {
      s.ncTchain = k.int('tloop', { ge: 0 });
    },
    ploop: (k) => {
      s.ncPchain = k.int('ploop', { ge: 0 });
    },
    nreset: (k) => {
      s.nresetH0 = k.int('nreset', { ge: 0 });
    },
    scalexy: (k) => {
      s.scalexy = k.bool('scalexy');
    },
    scalexz: (k) => {
      s.scalexz = k.bool('scalexz');
    },
    scaleyz: (k) => {
      s.scaleyz = k.bool('scaleyz');
    },
    flip: (k) => {
      s.flip = k.bool('flip');
    },
    fixedpoint: (k) => {
      s.fixedpoint = [k.num('fixedpoint x'), k.num('fixedpoint y'), k.num('fixedpoint z')];
    },
  });
  validate(style, s, box);
  return s;
}

function validate(style: string, s: NHSettings, box: Box): void {
  const pf = s.pFlag,
    per = box.periodic;
  const bad = (msg: string): never => {
    throw new Error(msg);
  };
  const twoD = box.dimension === 2;
  if (twoD && (pf[2] || pf[3] || pf[4])) bad(`Invalid fix ${style} command for a 2d simulation`);
  if (s.pcouple === 'xyz' && (!pf[0] || !pf[1] || (!twoD && !pf[2])))
    bad(`Invalid fix ${style} command pressure settings: couple xyz needs x, y and z`);
  if (s.pcouple === 'xy' && (!pf[0] || !pf[1]))
    bad(`Invalid fix ${style} command pressure settings: couple xy needs x and y`);
  if (s.pcouple === 'yz' && (!pf[1] || !pf[2]))
    bad(`Invalid fix ${style} command pressure settings: couple yz needs y and z`);
  if (s.pcouple === 'xz' && (!pf[0] || !pf[2]))
    bad(`Invalid fix ${style} command pressure settings: couple xz needs x and z`);
  for (let d = 0; d < 3; d++) if (pf[d] && !per[d]) bad(`Cannot use fix ${style} on a non-periodic dimension`);
  if ((pf[3] || pf[4]) && !per[2]) bad(`Cannot use fix ${style} on a 2nd non-periodic dimension`);
  if (pf[5] && !per[1]) bad(`Cannot use fix ${style} on a 2nd non-periodic dimension`);
  if ((s.scaleyz || s.scalexz) && !per[2])
    bad(`Cannot use fix ${style} with yz/xz scaling when z is non-periodic dimension`);
  if (s.scalexy && !per[1]) bad(`Cannot use fix ${style} with xy scaling when y is non-periodic dimension`);
  if (pf[3] && s.scaleyz) bad(`Cannot use fix ${style} with both yz dynamics and yz scaling`);
  if (pf[4] && s.scalexz) bad(`Cannot use fix ${style} with both xz dynamics and xz scaling`);
  if (pf[5] && s.scalexy) bad(`Cannot use fix ${style} with both xy dynamics and xy scaling`);
  if (!box.triclinic && (pf[3] || pf[4] || pf[5]))
    bad(`Can not specify Pxy/Pxz/Pyz in fix ${style} with non-triclinic box`);
  const same = (a: number, b: number): boolean =>
    s.pStart[a] === s.pStart[b] && s.pStop[a] === s.pStop[b] && s.pPeriod[a] === s.pPeriod[b];
  if (s.pcouple === 'xyz' && (!same(0, 1) || (!twoD && !same(0, 2))))
    bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if (s.pcouple === 'xy' && !same(0, 1)) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if (s.pcouple === 'yz' && !same(1, 2)) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if (s.pcouple === 'xz' && !same(0, 2)) bad(`Invalid fix ${style} pressure settings: coupled components differ`);
  if ((s.tstat && s.tPeriod <= 0) || pf.some((f, k) => f && s.pPeriod[k] <= 0))
    bad(`Fix ${style} damping parameters must be > 0.0`);
  if (pf[3] || pf[4] || pf[5]) s.pstyle = 'tri';
  else if (s.pcouple === 'xyz' || (twoD && s.pcouple === 'xy')) s.pstyle = 'iso';
  else s.pstyle = 'aniso';
}
