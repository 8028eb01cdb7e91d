import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';
import { forceError, virialError } from '../helpers/fd.js';

/** A small, disordered (randomly displaced), two-type LJ system in a triclinic box. */
const DECK = (extra: string) => `
units lj
lattice fcc 0.85
region box prism 0 3 0 3 0 3 0.4 -0.3 0.2
create_box 2 box
create_atoms 1 box basis 2 2
mass * 1.0
velocity all create 1.0 4242 dist gaussian
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 0.7 1.15 2.8
${extra}
fix 1 all nve
run 40
`;

describe('lj/cut derivatives', () => {
  for (const extra of ['', 'pair_modify shift yes mix arithmetic']) {
    it(`forces and virial equal central differences ${extra || '(defaults)'}`, () => {
      const { sim } = runDpmd(DECK(extra));
      const f = forceError(sim, 1e-6);
      expect(f.maxF).toBeGreaterThan(1);
      expect(f.maxErr / f.maxF).toBeLessThan(1e-7);
      const w = virialError(sim, 1e-7);
      expect(w.maxW).toBeGreaterThan(1);
      expect(w.maxErr / w.maxW).toBeLessThan(1e-6);
    });
  }
});

describe('NVE energy conservation (lj/cut with shift)', () => {
  it('total energy drift stays below 2e-4 per atom over 2000 steps at dt 0.002', () => {
    const { sim } = runDpmd(`
units lj
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.44 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
pair_modify shift yes
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
timestep 0.002
fix 1 all nve
thermo_style custom step etotal
thermo 100
run 2000
`);
    const e = sim.thermo.history.map((r) => r.values[1]);
    const drift = Math.max(...e) - Math.min(...e);
    expect(e.length).toBe(21);
    expect(drift).toBeLessThan(2e-4);
  });
});

/**
 * `pair_coeff I J eps sigma 0.0` turns the pair off, as in LAMMPS 29 Sep 2021 (which takes any
 * cutoff): against LAMMPS goldens (test/golden/pair_lj_cut/), thermo to 1e-9 over an NVE run.
 */
describe('lj/cut with a zero pair cutoff: same as LAMMPS', () => {
  const ZERO = (coeffs: string) => `units lj
lattice fcc 0.85
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.5 4321
mass * 1.0
velocity all create 1.5 4242 loop geom
pair_style lj/cut 2.5
pair_modify shift yes mix arithmetic
${coeffs}
fix 1 all nve
thermo_style custom step temp pe etotal press
thermo_modify format float %20.15g
thermo 20
run 100
`;

  it('2-2 off; 1-2 mixed from it (arithmetic: cutoff 1.25); the shift skipped for the zero cutoff', () => {
    expectSameThermo('pair_lj_cut/zero_cutoff_22', ZERO('pair_coeff 1 1 1.0 1.0\npair_coeff 2 2 0.7 1.15 0.0'), 1e-9);
  });

  it('every pair off: no force at all, the atoms fly straight', () => {
    const d = ZERO('pair_coeff * * 1.0 1.0 0.0');
    expectSameThermo('pair_lj_cut/zero_cutoff_all', d, 1e-9);
    const rows = runDpmd(d).tables[0].rows;
    expect(rows.every((r) => r[2] === 0)).toBe(true);
  });

  it('a negative cutoff is refused', () => {
    expect(() => runDpmd(ZERO('pair_coeff * * 1.0 1.0 -1.0'))).toThrow(/cutoff must be zero or positive, got '-1.0'/);
  });
});
