import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { FixNH } from './fix_nh.js';
import { parseNHArgs } from './fix_nh_args.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group npt temp Tstart Tstop Tdamp iso|aniso|tri Pstart Pstop Pdamp [keyword value ...]:
 * Nose-Hoover chain thermostat plus MTK barostat (LAMMPS FixNPT over FixNH). Also x/y/z/xy/xz/yz,
 * couple, tchain, pchain, mtk, tloop, ploop, nreset, drag, dilate all, scalexy/xz/yz, flip,
 * fixedpoint.
 */
export function createFixNPT(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error('Fix npt command before simulation box is defined');
  const s = parseNHArgs('npt', args, sim.system.box);
  if (!s.tstat) throw new Error('Temperature control must be used with fix npt');
  if (!s.pFlag.some((f) => f)) throw new Error('Pressure control must be used with fix npt');
  const fix = new FixNH(id, 'npt', s);
  fix.groupBit = bit;
  return fix;
}

/** fix ID group nph iso|aniso|tri Pstart Pstop Pdamp [keyword value ...]: barostat only (LAMMPS FixNPH). */
export function createFixNPH(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error('Fix nph command before simulation box is defined');
  const s = parseNHArgs('nph', args, sim.system.box);
  if (s.tstat) throw new Error('Temperature control can not be used with fix nph');
  if (!s.pFlag.some((f) => f)) throw new Error('Pressure control must be used with fix nph');
  const fix = new FixNH(id, 'nph', s);
  fix.groupBit = bit;
  return fix;
}
