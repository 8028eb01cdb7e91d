import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * The PERI package (atom_style peri, pair peri/pmb, peri/lps, peri/ves, peri/eps with their hidden
 * fix PERI_NEIGH, compute damage/atom, set density/volume) against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/peri): a small version of LAMMPS's peri example, a shrink-wrapped cylinder of 486
 * particles shattered by a spherical indenter moving with an equal-style variable. Bonds break
 * from about step 20, so the thermo (with the summed damage) checks the bond forces, the contact
 * forces, the dilatation, the viscoelastic and plastic histories and LAMMPS's s0 update. Thermo to 1e-9.
 */
const TARGET = `units si
boundary s s s
atom_style peri
atom_modify map array
neighbor 0.0010 bin
lattice sc 0.0005
region target cylinder y 0.0 0.0 0.0025 -0.0025 0.0 units box
create_box 1 target
create_atoms 1 region target
`;

const RUN = `set group all density 2200
set group all volume 1.25e-10
velocity all set 0.0 0.0 0.0 sum no units box
fix 1 all nve
variable y0 equal 0.00155
variable vy equal -200
variable y equal "v_y0 + step*dt*v_vy"
fix 2 all indent 1e17 sphere 0.0000 v_y 0.0000 0.0015 units box
compute 1 all damage/atom
compute 2 all reduce sum c_1
timestep 1.0e-7
thermo_style custom step temp pe ke etotal press vol c_2
thermo_modify format float %20.15g
thermo 20
run 200
`;

const deck = (pair: string, extra = '') =>
  `${TARGET}${pair}\n${extra ? RUN.replace('thermo_style custom step temp pe ke etotal press vol c_2', extra) : RUN}`;

/** The state-based styles' per-atom computes, summed into thermo. */
const DILATATION = `compute 3 all dilatation/atom
compute 4 all reduce sum c_3
thermo_style custom step temp pe ke etotal press vol c_2 c_4`;
const PLASTICITY = `${DILATATION}
compute 5 all plasticity/atom
compute 6 all reduce sum c_5
thermo_style custom step temp pe ke etotal press vol c_2 c_4 c_6`;

describe('peridynamics: same thermo as LAMMPS', () => {
  it('peri/pmb (bond-based, with its contact forces and s0 update)', () => {
    expectSameThermo('peri/pmb', deck('pair_style peri/pmb\npair_coeff * * 1.6863e22 0.0015001 0.0005 0.25'), 1e-9);
  });

  it('peri/lps (state-based: dilatation, weighted volume; compute dilatation/atom)', () => {
    expectSameThermo(
      'peri/lps',
      deck('pair_style peri/lps\npair_coeff * * 14.9e9 14.9e9 0.0015001 0.0005 0.25', DILATATION),
      1e-9,
    );
  });

  it('peri/ves (viscoelastic: per-bond deviatoric and back extensions)', () => {
    expectSameThermo(
      'peri/ves',
      deck('pair_style peri/ves\npair_coeff * * 14.9e9 14.9e9 0.0015001 0.0005 0.25 0.5 0.001'),
      1e-9,
    );
  });

  it('peri/eps (elastic-plastic: yield surface, plastic extensions; compute plasticity/atom)', () => {
    const eps = (yieldStress: string) =>
      deck(`pair_style peri/eps\npair_coeff * * 14.9e9 14.9e9 0.0015001 0.0005 0.25 ${yieldStress}`, PLASTICITY);
    expectSameThermo('peri/eps', eps('10.0e8'), 1e-9);
    // A low yield stress: particles start yielding at step 160 (where LAMMPS's plastic update
    // then runs away within a few steps), so the run stops there.
    expectSameThermo('peri/eps_yield', eps('1.0e6').replace('run 200', 'run 160'), 1e-9);
  });

  it('peri/lps in a box periodic in x and z (bonds across the boundary; random velocities)', () => {
    const d = deck('pair_style peri/lps\npair_coeff * * 14.9e9 14.9e9 0.0015001 0.0005 0.25')
      .replace('boundary s s s', 'boundary p s p')
      .replace(
        'region target cylinder y 0.0 0.0 0.0025 -0.0025 0.0 units box',
        'region target block -0.0025 0.0025 -0.0025 0.0 -0.0025 0.0025 units box',
      )
      .replace('velocity all set 0.0 0.0 0.0 sum no units box', 'velocity all create 1e23 4928 dist gaussian units box')
      .replace(/variable y0[\s\S]*units box\n/, '');
    expect(d).not.toContain('indent');
    expectSameThermo('peri/lps_periodic', d, 1e-9);
  });

  it('prints the bond statistics of the family build as LAMMPS does', () => {
    const { text, sim } = runDpmd(
      deck('pair_style peri/pmb\npair_coeff * * 1.6863e22 0.0015001 0.0005 0.25').replace('run 200', 'run 0'),
      scratchDir(),
    );
    expect(text).toMatch(/Peridynamic bonds:\n {2}total # of bonds = \d+\n {2}bonds\/atom = [\d.]+/);
    expect(sim.system.n).toBe(486);
    // per-atom masses from set density: 486 particles of 2200 kg
    expect(sim.system.rmass![0]).toBe(2200);
  });

  it('refuses what LAMMPS refuses, by name', () => {
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    const atomic = TARGET.replace('atom_style peri', 'atom_style atomic');
    fails(
      `${atomic}mass 1 1.0\npair_style peri/pmb\npair_coeff * * 1 0.0015 0.0005 0.25\nrun 0\n`,
      /requires atom style peri/,
    );
    fails(`${atomic}set group all volume 1.0\n`, /Cannot set attribute volume for atom style atomic/);
    fails(`${atomic}set group all density 1.0\n`, /Cannot set attribute density for atom style atomic/);
    fails(`${TARGET}mass 1 1.0\n`, /Cannot set mass for atom style peri/);
    fails(`${TARGET}set group all density -1\n`, /Invalid density in set command/);
    fails(`${TARGET}pair_style peri/lps\npair_coeff * * 1 2 3\n`, /Incorrect args for pair coefficients/);
    fails(`${TARGET}pair_style peri/pmb 2.0\n`, /Illegal pair_style peri\/pmb command/);
    fails(
      `${TARGET}set group all density 1\nset group all volume 1e-10\npair_style lj/cut 1e-3\npair_coeff * * 1 1e-4\ncompute 1 all damage/atom\nfix 1 all nve\nrun 0\n`,
      /Compute damage\/atom requires a peridynamic potential/,
    );
    const small = deck('pair_style peri/pmb\npair_coeff * * 1.6863e22 0.0015001 0.0005 0.25')
      .replace('boundary s s s', 'boundary p s p')
      .replace(
        'region target cylinder y 0.0 0.0 0.0025 -0.0025 0.0 units box',
        'region target block -0.001 0.001 -0.0025 0.0 -0.001 0.001 units box',
      );
    fails(small, /Duplicate particle in PeriDynamic bond - simulation box is too small/);
    const pmb = deck('pair_style peri/pmb\npair_coeff * * 1.6863e22 0.0015001 0.0005 0.25', DILATATION);
    fails(pmb, /Compute dilatation\/atom cannot be used with this pair style/);
  });
});
