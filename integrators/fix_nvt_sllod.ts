import { ComputeTempDeform } from '../src/compute_temp_deform.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { findFixDeform } from './fix_deform.js';
import { FixNH } from './fix_nh.js';
import { parseNHArgs } from './fix_nh_args.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group nvt/sllod temp Tstart Tstop Tdamp ... (LAMMPS FixNVTSllod, 29 Sep 2021): Nosé-Hoover
 * NVT on the thermal velocity of a flow that fix deform (remap v) shears, with the SLLOD equations
 * of motion; its thermostat chain has length 1 by default (tchain sets it), as in LAMMPS. Its
 * temperature is its own compute temp/deform on the fix group (or a biased compute
 * given by fix_modify temp); the particle thermostat step (LAMMPS nh_v_temp) takes the streaming
 * velocity out, applies v ← v·factor_eta − (dt/2)·(ḣ h⁻¹)·v (ḣ = fix deform's h_rate, the
 * product of two upper-triangular shape matrices as LAMMPS's multiply_shape_shape), and puts it back.
 */
export function createFixNVTSllod(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error('Fix nvt/sllod command before simulation box is defined');
  const s = parseNHArgs('nvt/sllod', args, sim.system.box);
  // LAMMPS's FixNVTSllod: the thermostat chain is 1 long unless tchain is given (mtchain_default_flag)
  if (!args.includes('tchain')) s.mtchain = 1;
  if (!s.tstat) throw new Error('Temperature control must be used with fix nvt/sllod');
  if (s.pFlag.some((f) => f)) throw new Error('Pressure control can not be used with fix nvt/sllod');
  const fix = new FixNH(id, 'nvt/sllod', s);
  fix.groupBit = bit;
  fix.thermostat.useOwn(new ComputeTempDeform(`${id}_temp`, bit));
  const hTwo = new Float64Array(6);
  const baseInit = fix.init.bind(fix);
  fix.init = (sm: Simulation) => {
    const deform = findFixDeform(sm);
    if (!deform) sm.out.warn('Using fix nvt/sllod with no fix deform defined');
    else if (deform.remap !== 'v') throw new Error('Using fix nvt/sllod with inconsistent fix deform remap option');
    if (!fix.thermostat.biased) throw new Error('Temperature for fix nvt/sllod does not have a bias');
    baseInit(sm);
  };
  fix.particleScaler = (sm, factorEta, dthalf) => {
    const temp = fix.thermostat;
    const deform = findFixDeform(sm);
    const hr = deform ? deform.hRate : new Float64Array(6);
    const hi = sm.system.box.hInv;
    // LAMMPS MathExtra::multiply_shape_shape(h_rate, h_inv, h_two), Voigt order xx yy zz yz xz xy
    hTwo[0] = hr[0] * hi[0];
    hTwo[1] = hr[1] * hi[1];
    hTwo[2] = hr[2] * hi[2];
    hTwo[3] = hr[1] * hi[3] + hr[3] * hi[2];
    hTwo[4] = hr[0] * hi[4] + hr[5] * hi[3] + hr[4] * hi[2];
    hTwo[5] = hr[0] * hi[5] + hr[5] * hi[1];
    const sys = sm.system,
      v = sys.v;
    for (let i = 0; i < sys.n; i++) {
      if (!(sys.mask[i] & bit)) continue;
      temp.removeBias(sm, i);
      const k = 3 * i;
      const d0 = hTwo[0] * v[k] + hTwo[5] * v[k + 1] + hTwo[4] * v[k + 2];
      const d1 = hTwo[1] * v[k + 1] + hTwo[3] * v[k + 2];
      const d2 = hTwo[2] * v[k + 2];
      v[k] = v[k] * factorEta - dthalf * d0;
      v[k + 1] = v[k + 1] * factorEta - dthalf * d1;
      v[k + 2] = v[k + 2] * factorEta - dthalf * d2;
      temp.restoreBias(sm, i);
    }
  };
  return fix;
}
