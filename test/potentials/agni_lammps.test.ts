import { describe, expect, it } from 'vitest';
import { expectSameThermo, potentialsIn, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * pair agni against LAMMPS 29 Sep 2021 with Al_jpc.agni of LAMMPS's examples/PACKAGES/agni: fcc
 * aluminium with a vacancy and a free surface (boundary p p f, as the adatom example), NVT, thermo
 * every 10 steps with fnorm (the force field predicts forces only; the energy is 0).
 * Tolerance 1e-6 relative (the survey's criterion), not 1e-9: each force component is a running sum
 * Σ_t α_t exp(...) + b over 3000 training points that reaches ~1e9 and cancels to ~0.3 eV/Å, so
 * LAMMPS's own forces carry an absolute rounding error of a few ulp of 1e9 (~1e-7 eV/Å); the
 * last-bit differences of exp/cos (V8 vs glibc) and of the fingerprint sums' neighbor order show up
 * there (measured at step 0: per-atom |Δf| <= 5.4e-7 eV/Å, steps of 2^-23). fmax, the force of one
 * atom, is therefore not compared; fnorm and the kinetic energy average the noise out.
 * Pressure is not compared: LAMMPS's agni virial uses the last neighbor of each atom's list.
 */
const DECK = `units metal
atom_style atomic
boundary p p f
atom_modify sort 0 0.0
lattice fcc 4.05
region box block 0 3 0 3 -1 4
create_box 1 box
region slab block 0 3 0 3 0 3
create_atoms 1 region slab
mass 1 26.982
group del id 50
delete_atoms group del
pair_style agni
pair_coeff * * Al_jpc.agni Al
neighbor 0.3 bin
neigh_modify delay 2 check yes
timestep 0.0005
velocity all create 500 12345
fix 1 all nvt temp 250 250 0.2
fix 5 all momentum 1 linear 1 1 1
thermo_style custom step ke temp pe etotal fnorm
thermo_modify format float %20.15g
thermo 10
run 40
`;

describe('pair agni: same thermo as LAMMPS', () => {
  it('aluminium slab with a vacancy (Al_jpc.agni), forces and dynamics', () => {
    expectSameThermo('agni/al_slab_vacancy', DECK, 1e-6);
  });

  it('errors: arguments, elements', () => {
    const run = (style: string, coeff: string) => () => {
      const deck = DECK.replace('pair_style agni', `pair_style ${style}`).replace(
        'pair_coeff * * Al_jpc.agni Al',
        coeff,
      );
      runDpmd(deck, scratchDir(), { deck, repoFiles: potentialsIn(deck) });
    };
    expect(run('agni 1', 'pair_coeff * * Al_jpc.agni Al')).toThrow(/Illegal pair_style command/);
    expect(run('agni', 'pair_coeff * * Al_jpc.agni Cu')).toThrow(/No suitable parameters for requested element/);
    expect(run('agni', 'pair_coeff * * missing.agni Al')).toThrow(/Cannot open AGNI potential file/);
  });
});
