import { describe, expect, it } from 'vitest';
import { forceError, virialError } from '../helpers/fd.js';
import type { GoldenSpec } from '../helpers/golden.js';
import {
  expectThermoClose,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
} from '../helpers/lammps.js';

/**
 * bond_style morse and fene, angle_style charmm: LAMMPS 29 Sep 2021's thermo (energy terms,
 * pressure tensor, 100 NVE steps to 1e-9 relative) on a periodic box of eight 4-atom chains,
 * and central differences of forces and virial. Goldens in test/golden/bonded_styles/.
 */
const CHAIN = `chain

4 atoms
2 atom types
3 bonds
1 bond types
2 angles
1 angle types

0 7 xlo xhi
0 7 ylo yhi
0 7 zlo zhi

Masses

1 12.0
2 14.0

Atoms

1 1 1 0.4 4.6 6.2 5.05
2 1 1 -0.4 5.0 5.0 5.0
3 1 2 0.4 6.5 5.0 5.0
4 1 2 -0.4 6.95 5.8 6.0

Bonds

1 1 1 2
2 1 2 3
3 1 3 4

Angles

1 1 1 2 3
2 1 2 3 4
`;

const STYLES: Record<string, string> = {
  'bond morse': 'bond_style morse\nbond_coeff 1 80.0 1.8 1.45\nangle_style harmonic\nangle_coeff 1 60.0 109.5',
  'bond fene': 'bond_style fene\nbond_coeff 1 30.0 2.2 0.5 1.3\nangle_style harmonic\nangle_coeff 1 60.0 109.5',
  'angle charmm': 'bond_style harmonic\nbond_coeff 1 300.0 1.4\nangle_style charmm\nangle_coeff 1 60.0 109.5 25.0 2.3',
};

function deck(style: string, boundary: string, special: string, tail: string): string {
  return `units real
atom_style full
boundary ${boundary}
pair_style lj/cut/coul/cut 3.4
read_data chain.data
pair_coeff * * 0.1 2.0
${STYLES[style]}
special_bonds ${special}
${tail}`;
}

/** Eight copies of the chain on a 2×2×2 grid of 7 Å cells in a 14 Å periodic box (32 atoms). */
function chains8(): string {
  const base = [
    [1, 0.4, 4.6, 6.2, 5.05],
    [1, -0.4, 5.0, 5.0, 5.0],
    [2, 0.4, 6.5, 5.0, 5.0],
    [2, -0.4, 6.95, 5.8, 6.0],
  ];
  const atoms: string[] = [];
  const bonds: string[] = [];
  const angles: string[] = [];
  let m = 0;
  for (let cz = 0; cz < 2; cz++)
    for (let cy = 0; cy < 2; cy++)
      for (let cx = 0; cx < 2; cx++) {
        const o = 4 * m;
        base.forEach(([t, q, x, y, z], k) => {
          atoms.push(`${o + k + 1} ${m + 1} ${t} ${q} ${x + 7 * cx} ${y + 7 * cy} ${z + 7 * cz}`);
        });
        for (let b = 0; b < 3; b++) bonds.push(`${3 * m + b + 1} 1 ${o + b + 1} ${o + b + 2}`);
        for (let a = 0; a < 2; a++) angles.push(`${2 * m + a + 1} 1 ${o + a + 1} ${o + a + 2} ${o + a + 3}`);
        m++;
      }
  return `eight chains

32 atoms
2 atom types
24 bonds
1 bond types
16 angles
1 angle types

0 14 xlo xhi
0 14 ylo yhi
0 14 zlo zhi

Masses

1 12.0
2 14.0

Atoms

${atoms.join('\n')}

Bonds

${bonds.join('\n')}

Angles

${angles.join('\n')}
`;
}

/** LAMMPS (golden `name`, live where installed) and dpmd on a deck reading chain.data: every thermo row within tol. */
function expectSameThermo(name: string, deck: string, tol: number): void {
  const spec: GoldenSpec = { deck, files: { 'chain.data': chains8() } };
  const ref = lammpsReference(name, spec, thermoAgrees(tol));
  const ours = runDpmd(deck, scratchDir(), spec).tables;
  expectThermoClose(ours, parseThermo(ref.screen), tol, 'dpmd vs LAMMPS');
}

const RUN = `velocity all create 300.0 4928459 loop geom
fix 1 all nve
timestep 0.5
thermo_style custom step temp pe ebond eangle evdwl ecoul etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g
thermo 10
run 100
`;

describe('bond morse, bond fene, angle charmm: same thermo as LAMMPS', () => {
  for (const [name, special] of [
    ['bond morse', 'lj/coul 0.0 0.0 0.5'],
    ['bond fene', 'fene'],
    ['angle charmm', 'lj/coul 0.0 0.0 0.5'],
  ]) {
    it(name, () => {
      expectSameThermo(`bonded_styles/${name.replace(' ', '_')}`, deck(name, 'p p p', special, RUN), 1e-9);
    });
  }
});

describe('bond morse, bond fene, angle charmm: derivatives', () => {
  for (const name of Object.keys(STYLES)) {
    it(`${name}: forces are -dE/dx, virial is -dE/d(strain)`, () => {
      const files = { 'chain.data': CHAIN };
      const fdeck = deck(name, 'f f f', 'lj/coul 0.0 0.0 0.5', 'thermo_style custom step pe\nrun 0\n');
      const { sim } = runDpmd(fdeck, scratchDir(), { deck: '', files });
      const { maxErr, maxF } = forceError(sim, 1e-5);
      expect(maxF).toBeGreaterThan(0.1);
      expect(maxErr / maxF).toBeLessThan(1e-7);
      const p = runDpmd(deck(name, 'p p p', 'lj/coul 0.0 0.0 0.5', 'run 0\n'), scratchDir(), { deck: '', files });
      const { maxErr: wErr, maxW } = virialError(p.sim, 1e-6);
      expect(maxW).toBeGreaterThan(0.1);
      expect(wErr / maxW).toBeLessThan(1e-6);
    });
  }

  it('fene: a bond stretched past R0 warns and holds the log argument; far past it stops the run', () => {
    const files = { 'chain.data': CHAIN };
    const short = (r0: string) =>
      deck('bond fene', 'f f f', 'fene', 'run 0\n').replace(
        'bond_coeff 1 30.0 2.2 0.5 1.3',
        `bond_coeff 1 30.0 ${r0} 0.5 1.3`,
      );
    const { text } = runDpmd(short('1.45'), scratchDir(), { deck: '', files });
    expect(text).toMatch(/WARNING: FENE bond too long/);
    expect(() => runDpmd(short('0.7'), scratchDir(), { deck: '', files })).toThrow(/Bad FENE bond/);
  });
});
