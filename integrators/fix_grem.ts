import { Args } from '../src/args.js';
import { GlobalCompute } from '../src/compute_global.js';
import { fixEnergy } from '../src/fix_contributions.js';
import { groupDof, groupKeTensor, groupTemperature } from '../src/group_temperature.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { FixNH } from './fix_nh.js';
import type { PressureSource } from './fix_nh_computes.js';
import { groupBitOf } from './group.js';

/**
 * The compute temp on group all that fix grem creates (LAMMPS ID_temp = fixID_temp), with LAMMPS's
 * invoked_scalar / invoked_vector bookkeeping: its PRESSURE/GREM compute reuses the value computed
 * earlier on the same step (even when the velocities changed since), as LAMMPS does.
 */
class GremTemperature {
  scalar = 0;
  dof = 0;
  invokedScalar = -1;
  readonly vector = new Float64Array(6);
  invokedVector = -1;

  computeScalar(sim: Simulation): number {
    this.invokedScalar = sim.step;
    this.dof = groupDof(sim, 1);
    this.scalar = groupTemperature(sim, 1, this.dof);
    return this.scalar;
  }

  computeVector(sim: Simulation): Float64Array {
    this.invokedVector = sim.step;
    groupKeTensor(sim, 1, this.vector);
    return this.vector;
  }

  /** LAMMPS Modify::init resets every compute's invoked flags before a run. */
  reset(): void {
    this.invokedScalar = -1;
    this.invokedVector = -1;
  }
}

/**
 * compute fixID_press all PRESSURE/GREM fixID_temp fixID (LAMMPS ComputePressureGrem): compute
 * pressure whose kinetic part is divided by the gREM scale factor s = T_bath / T_eff (the forces
 * were scaled by s, the velocities sample T_eff):
 *   P = (dof k_B T / s + W_xx + W_yy + W_zz) / (3V) · nktv2p,  P_ab = (K_ab / s + W_ab) / V · nktv2p.
 * fix grem hands it to its fix npt (LAMMPS modify_param press); `thermo_modify press fixID_press`
 * prints it.
 */
export class ComputePressureGrem extends GlobalCompute implements PressureSource {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = false;
  readonly needsEnergy = true;
  private readonly vector = new Float64Array(6);

  constructor(
    id: string,
    private readonly temp: GremTemperature,
    private readonly fix: FixGrem,
  ) {
    super(id, 'PRESSURE/GREM');
  }

  init(_sim: Simulation): void {
    this.temp.reset();
  }

  private checkVirial(sim: Simulation): void {
    if (!sim.peValid) throw new Error(`Virial was not tallied on needed timestep ${sim.step} (compute ${this.id})`);
  }

  computeScalar(sim: Simulation): number {
    this.checkVirial(sim);
    const tc = this.temp;
    const scale = this.fix.scaleGrem;
    const t = (tc.invokedScalar !== sim.step ? tc.computeScalar(sim) : tc.scalar) / scale;
    const u = sim.system.units,
      w = sim.virial;
    const invVolume = 1.0 / sim.system.box.volume();
    if (sim.system.dimension === 2) return ((tc.dof * u.boltz * t + w[0] + w[1]) / 2.0) * invVolume * u.nktv2p;
    return ((tc.dof * u.boltz * t + w[0] + w[1] + w[2]) / 3.0) * invVolume * u.nktv2p;
  }

  computeVector(sim: Simulation): Float64Array {
    this.checkVirial(sim);
    const tc = this.temp;
    const ke = tc.invokedVector !== sim.step ? tc.computeVector(sim) : tc.vector;
    const scale = this.fix.scaleGrem;
    const u = sim.system.units,
      w = sim.virial,
      out = this.vector;
    const invVolume = 1.0 / sim.system.box.volume();
    for (let i = 0; i < 6; i++) out[i] = (ke[i] / scale + w[i]) * invVolume * u.nktv2p;
    if (sim.system.dimension === 2) out[2] = out[4] = out[5] = 0.0;
    return out;
  }

  pressureScalar(sim: Simulation): number {
    return this.computeScalar(sim);
  }

  pressureVector(sim: Simulation): Float64Array {
    return this.computeVector(sim);
  }
}

/**
 * fix ID group grem lambda eta H0 nh-ID (LAMMPS FixGrem, generalized replica exchange method of Kim,
 * Keyes and Straub): the system samples the generalized ensemble of effective temperature
 *   T_eff(H) = λ + η (H − H0),   H = U + P0 V / nktv2p (enthalpy; U alone with fix nvt),
 * by scaling the forces on the group's atoms by s = T_bath / T_eff in post_force (and setup), with
 * T_bath the (constant) target of the Nose-Hoover fix nh-ID. U is compute pe (pair energy plus
 * fix_modify energy yes fixes), tallied every step. With a fix npt coupling x, y and z (iso at one
 * constant pressure P0), the barostat reads fixID_press (ComputePressureGrem), whose kinetic part is
 * divided by s. f_ID is T_eff = T_bath / s (intensive, temperature units).
 */
export class FixGrem implements Fix {
  readonly style = 'grem';
  readonly needsEnergy = true;
  readonly extensive = false;
  /** s = T_bath / T_eff of the latest post_force; 1 until the first one (LAMMPS scale_grem). */
  scaleGrem = 1.0;
  private tbath = 0;
  private pressref = 0;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly lambda: number,
    private readonly eta: number,
    private readonly h0: number,
    private readonly nhId: string,
    private readonly pressflag: boolean,
  ) {}

  private nh(sim: Simulation): FixNH | undefined {
    const f = sim.fixes.find((x) => x.id === this.nhId);
    if (!f) throw new Error('Fix id for nvt or npt fix does not exist');
    return f instanceof FixNH ? f : undefined;
  }

  init(sim: Simulation): void {
    if (sim.system.box.triclinic) throw new Error('Triclinic cells are not supported');
    const nh = this.nh(sim);
    if (!nh) throw new Error('Problem extracting target temperature from fix nvt or npt');
    const s = nh.settings;
    this.tbath = s.tStart;
    if (s.tStart !== s.tStop) throw new Error('Thermostat temperature ramp not allowed');
    this.pressref = 0.0;
    if (this.pressflag) {
      // One constant pressure on x, y and z, no shear (LAMMPS FixGrem::init's checks).
      const pf = s.pFlag,
        p0 = s.pStart,
        p1 = s.pStop;
      this.pressref = p0[0];
      const bad =
        p0[0] !== p1[0] ||
        p0[1] !== p1[1] ||
        p0[2] !== p1[2] ||
        !pf[0] ||
        p0[0] !== p0[1] ||
        p0[1] !== p0[2] ||
        pf[3] ||
        pf[4] ||
        pf[5];
      if (bad) throw new Error('Unsupported pressure settings in fix npt');
    }
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    if (!sim.peValid) throw new Error(`Fix grem ${this.id}: energy was not tallied on timestep ${sim.step}`);
    const s = sim.system;
    const h = s.box.h;
    const volume = h[0] * h[1] * h[2]; // xprd · yprd · zprd
    const pe = sim.pe + fixEnergy(sim);
    const enthalpy = pe + (this.pressref * volume) / s.units.nktv2p;
    const teffective = this.lambda + this.eta * (enthalpy - this.h0);
    const scale = this.tbath / teffective;
    this.scaleGrem = scale;
    const f = s.f,
      mask = s.mask,
      bit = this.groupBit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      f[3 * i] *= scale;
      f[3 * i + 1] *= scale;
      f[3 * i + 2] *= scale;
    }
  }

  computeScalar(_sim: Simulation): number {
    return this.tbath / this.scaleGrem;
  }
}

export function createFixGrem(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix grem', args);
  a.need(4, 'lambda eta H0 fix-ID');
  const lambda = a.num('lambda');
  const eta = a.num('eta');
  const h0 = a.num('H0');
  const nhId = a.word('fix-ID');
  if (a.more()) a.fail(`unexpected argument '${a.word('argument')}'`);
  const nhFix = sim.fixes.find((x) => x.id === nhId);
  if (!nhFix) throw new Error('Fix id for nvt or npt fix does not exist');
  // LAMMPS couples the barostat only when it controls x, y and z (FixNH p_flag[0..2]).
  const nh = nhFix instanceof FixNH ? nhFix : undefined;
  const pf = nh?.settings.pFlag;
  const pressflag = !!pf && pf[0] && pf[1] && pf[2];
  const fix = new FixGrem(id, bit, lambda, eta, h0, nhId, pressflag);
  const temp = new GremTemperature();
  const pressId = `${id}_press`;
  const press = new ComputePressureGrem(pressId, temp, fix);
  press.group = 'all';
  // A fix grem redefined under the same ID replaces its compute (LAMMPS deletes it with the old fix).
  const old = sim.computes.findIndex((c) => c.id === pressId);
  if (old >= 0 && !(sim.computes[old] instanceof ComputePressureGrem))
    throw new Error(`Reuse of compute ID '${pressId}'`);
  if (old >= 0) sim.computes[old] = press;
  else sim.computes.push(press);
  if (pressflag && nh) nh.usePressureCompute(press);
  return fix;
}
