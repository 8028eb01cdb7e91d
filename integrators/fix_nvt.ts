import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { FixNH } from './fix_nh.js';
import { parseNHArgs } from './fix_nh_args.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group nvt temp Tstart Tstop Tdamp [keyword value ...]: Nose-Hoover chain thermostat
 * (LAMMPS FixNVT over FixNH). Keywords as fix npt minus the pressure ones.
 */
export function createFixNVT(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error('Fix nvt command before simulation box is defined');
  const s = parseNHArgs('nvt', args, sim.system.box);
  if (!s.tstat) throw new Error('Temperature control must be used with fix nvt');
  if (s.pFlag.some((f) => f)) throw new Error('Pressure control can not be used with fix nvt');
  const fix = new FixNH(id, 'nvt', s);
  fix.groupBit = bit;
  return fix;
}
