import { describe, expect, it } from 'vitest';
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
 * pair hybrid/overlay on a molecular system against LAMMPS 29 Sep 2021: special_bonds weights
 * reach each sub-style, `pair_modify pair SUB special lj|coul` gives one sub-style its own, and
 * the per-sub-style energies (compute pair) follow. Eight charged 4-atom chains in a periodic box,
 * 100 NVE steps, every thermo row to 1e-9 relative. Goldens in test/golden/pair_hybrid_special/.
 */
function chains(): string {
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
  return `eight chains\n\n32 atoms\n2 atom types\n24 bonds\n1 bond types\n16 angles\n1 angle types\n\n0 14 xlo xhi\n0 14 ylo yhi\n0 14 zlo zhi\n\nMasses\n\n1 12.0\n2 14.0\n\nAtoms\n\n${atoms.join('\n')}\n\nBonds\n\n${bonds.join('\n')}\n\nAngles\n\n${angles.join('\n')}\n`;
}

const deck = (modify: string) => `units real
atom_style full
boundary p p p
pair_style hybrid/overlay morse 4.0 coul/cut 5.0
read_data chain.data
pair_coeff * * morse 0.1 1.5 3.0
pair_coeff * * coul/cut
bond_style harmonic
bond_coeff 1 300.0 1.4
angle_style harmonic
angle_coeff 1 60.0 109.5
special_bonds lj/coul 0.0 0.2 0.5
${modify}
compute pm all pair morse
compute pc all pair coul/cut ecoul
velocity all create 300.0 4928459 loop geom
fix 1 all nve
timestep 0.5
thermo_style custom step temp pe ebond eangle evdwl ecoul etotal press pxx pyy pzz pxy pxz pyz c_pm c_pc
thermo_modify format float %20.15g
thermo 10
run 100
`;

function expectSame(name: string, text: string): void {
  const spec: GoldenSpec = { deck: text, files: { 'chain.data': chains() } };
  const ref = lammpsReference(name, spec, thermoAgrees(1e-9));
  const ours = runDpmd(text, scratchDir(), spec).tables;
  expectThermoClose(ours, parseThermo(ref.screen), 1e-9, 'dpmd vs LAMMPS');
}

describe('pair hybrid/overlay with special bonds: same thermo as LAMMPS', () => {
  it('global special_bonds weights on both sub-styles', () => {
    expectSame('pair_hybrid_special/global', deck(''));
  });

  it('pair_modify pair SUB special lj|coul: per-sub-style weights', () => {
    expectSame(
      'pair_hybrid_special/per_style',
      deck('pair_modify pair morse special lj 0.0 0.7 0.3\npair_modify pair coul/cut special coul 0.0 0.4 0.9'),
    );
  });

  it('a per-sub-style weight where the global one is 0 or 1 is refused, as LAMMPS', () => {
    const text = deck('pair_modify pair morse special lj 0.5 0.7 0.3');
    expect(() => runDpmd(text, scratchDir(), { deck: text, files: { 'chain.data': chains() } })).toThrow(
      /Pair_modify special setting for pair hybrid incompatible with global special_bonds setting/,
    );
  });
});
