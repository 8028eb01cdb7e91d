import { ComputeTempAsphere } from '../src/asphere/compute_temp_asphere.js';
import { EllipsoidRotation, requireExtended } from '../src/asphere/rotate_ellipsoids.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { FixNH } from './fix_nh.js';
import { parseNHArgs } from './fix_nh_args.js';
import { groupBitOf } from './group.js';

/**
 * fix nvt/asphere, npt/asphere, nph/asphere (LAMMPS FixNHAsphere over FixNH, 29 Sep 2021): the
 * Nosé-Hoover thermostat and barostat of fix nvt/npt/nph for ellipsoids. The half kick also
 * kicks the angular momentum (L += dtf·τ), the drift also rotates each ellipsoid a full step
 * (Richardson iteration, as fix nve/asphere), and the thermostat scales L with the velocities.
 * The fix's temperature is its own compute temp/asphere, ID `<fix-ID>_temp` (on the fix group
 * for nvt, on all atoms for npt/nph), listed with the deck's computes so `compute_modify
 * <fix-ID>_temp extra/dof N` reaches it as in LAMMPS; the barostat's pressure takes its kinetic
 * part from that temperature, rotational energy included, as LAMMPS's compute pressure does.
 */
export class FixNHAsphere extends FixNH {
  private readonly rot = new EllipsoidRotation();

  override init(sim: Simulation): void {
    requireExtended(sim.system, this.groupBit, 'Fix nvt/nph/npt asphere');
    super.init(sim);
  }

  protected override nveV(sim: Simulation): void {
    super.nveV(sim);
    this.rot.kickAngmom(sim.system, this.dtfHalf, this.groupBit);
  }

  protected override nveX(sim: Simulation): void {
    super.nveX(sim);
    this.rot.rotate(sim.system, 0.5 * this.dtvFull, this.groupBit);
  }

  protected override scaleExtra(sim: Simulation, factorEta: number): void {
    this.rot.scaleAngmom(sim.system, factorEta, this.groupBit);
  }
}

function createAsphere(
  style: 'nvt/asphere' | 'npt/asphere' | 'nph/asphere',
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error(`Fix ${style} command before simulation box is defined`);
  if (!sim.system.ellipsoid) throw new Error('Compute nvt/nph/npt asphere requires atom style ellipsoid');
  const s = parseNHArgs(style, args, sim.system.box);
  const pstat = s.pFlag.some((f) => f);
  if (style !== 'nph/asphere' && !s.tstat) throw new Error(`Temperature control must be used with fix ${style}`);
  if (style === 'nph/asphere' && s.tstat) throw new Error('Temperature control can not be used with fix nph/asphere');
  if (style === 'nvt/asphere' && pstat) throw new Error('Pressure control can not be used with fix nvt/asphere');
  if (style !== 'nvt/asphere' && !pstat) throw new Error(`Pressure control must be used with fix ${style}`);
  const fix = new FixNHAsphere(id, style, s);
  fix.groupBit = bit;
  // LAMMPS: compute ID_temp (group for nvt, all for npt/nph) temp/asphere, created with the fix
  const temp = new ComputeTempAsphere(`${id}_temp`, style === 'nvt/asphere' ? bit : 1, false);
  const k = sim.computes.findIndex((c) => c.id === temp.id);
  if (k >= 0) sim.computes[k] = temp;
  else sim.computes.push(temp);
  fix.useTemperatureCompute(temp);
  return fix;
}

export const createFixNVTAsphere = (id: string, group: string, args: string[], sim: Simulation): Fix =>
  createAsphere('nvt/asphere', id, group, args, sim);
export const createFixNPTAsphere = (id: string, group: string, args: string[], sim: Simulation): Fix =>
  createAsphere('npt/asphere', id, group, args, sim);
export const createFixNPHAsphere = (id: string, group: string, args: string[], sim: Simulation): Fix =>
  createAsphere('nph/asphere', id, group, args, sim);
