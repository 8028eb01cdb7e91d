import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, thermoAgrees } from '../helpers/lammps.js';

/**
 * min_style fire/old (the original FIRE, LAMMPS MinFireOld) against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/min_fire_old): a perturbed 3d LJ crystal relaxed with the fixed FIRE parameters, each
 * iteration's thermo to 1e-9 and the minimization stats (stop criterion, iterations, evaluations,
 * force norms); a second case stops on the energy tolerance (checked only 5 steps after a velocity
 * reset) with a small dmax that caps the step.
 */
function deck(dmax: string, etol: string, iters: number): string {
  return `units lj
atom_style atomic
lattice fcc 0.9
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
displace_atoms all random 0.1 0.1 0.1 4321 units box
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
thermo 1
thermo_style custom step pe press pxx pyy pzz pxy ke fnorm fmax
thermo_modify format float %20.15g
min_style fire/old
min_modify dmax ${dmax}
minimize ${etol} 1.0e-8 ${iters} 10000
`;
}

function stats(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /Stopping criterion|Iterations, force evaluations|Force two-norm|Force max component/.test(l))
    .map((l) => l.trim());
}

function expectSameMinimization(name: string, d: string): void {
  expectSameThermo(name, d, 1e-9);
  const ref = lammpsReference(name, { deck: d }, thermoAgrees(1e-9));
  expect(stats(runDpmd(d).text)).toEqual(stats(ref.screen));
}

describe('min_style fire/old: same iterations as LAMMPS', () => {
  it('max iterations with the default dmax', () => {
    expectSameMinimization('min_fire_old/maxiter', deck('0.1', '0.0', 60));
  });

  it('energy tolerance, dmax capping the step', () => {
    expectSameMinimization('min_fire_old/etol', deck('0.01', '1.0e-6', 500));
  });
});
