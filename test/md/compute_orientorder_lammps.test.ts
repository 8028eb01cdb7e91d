import { describe, expect, it } from 'vitest';
import { clebschGordanTable } from '../../src/steinhardt_math.js';
import { expectSameThermo, runDpmd, sharedDeck } from '../helpers/lammps.js';

/**
 * compute orientorder/atom against LAMMPS 29 Sep 2021: the LJ melt crystal heated for a few
 * steps (generic, untied neighbor distances), Q_l, W_l, Ŵ_l and the normalised q_6m components
 * reduced over the atoms (ave, max, min) at every thermo row, to 1e-9 relative; nnn NULL with a
 * cutoff on a group, and `c_ID[*]` in thermo_style and compute reduce expanded as LAMMPS expands it. The Clebsch-Gordan
 * coefficients of W_l are checked against exact values (sympy's CG, to double precision).
 */
function deck(computes: string, thermo: string): string {
  return `variable n index 3
${sharedDeck('lj_melt.lmp')}
neigh_modify delay 0 every 1 check yes
fix 1 all nve
${computes}
thermo_style custom step temp pe ${thermo}
thermo_modify format float %20.15g
thermo 5
run 20
`;
}

describe('LAMMPS cross-check: compute orientorder/atom', () => {
  it('degrees 4 2 4 6 12, wl, wl/hat, components 6 (ave, max, min over atoms)', () => {
    const d = deck(
      `compute q all orientorder/atom degrees 4 2 4 6 12 wl yes wl/hat yes components 6
compute ave all reduce ave c_q[1] c_q[2] c_q[3] c_q[4] c_q[5] c_q[6] c_q[7] c_q[8] c_q[9] c_q[10] c_q[11] c_q[12]
compute hi all reduce max c_q[13] c_q[20] c_q[25] c_q[38]
compute lo all reduce min c_q[14] c_q[19] c_q[26] c_q[37]`,
      'c_ave[*] c_hi[*] c_lo[2*4]',
    );
    expectSameThermo('compute_orientorder_lammps/all_columns', d, 1e-9);
  });

  it('defaults, nnn NULL with a cutoff on a group, c_ID[*] inputs of compute reduce', () => {
    const d = deck(
      `compute q all orientorder/atom
compute avq all reduce ave c_q[1] c_q[2] c_q[3] c_q[4] c_q[5]
group half id 1:54
compute qc half orientorder/atom nnn NULL cutoff 1.3 degrees 2 6 4 wl/hat yes
compute avc half reduce ave c_qc[1] c_qc[2] c_qc[3] c_qc[4]
compute maxc all reduce max c_qc[1] c_qc[2]
compute minstar all reduce min c_q[*]
compute avcstar half reduce ave c_qc[2*]`,
      'c_avq[*] c_avc[*] c_maxc[*] c_minstar[2*3] c_avcstar[*]',
    );
    expectSameThermo('compute_orientorder_lammps/defaults_cutoff_group', d, 1e-9);
  });

  it('a triclinic box (dpmd own full list: same pairs, roundoff-level order differences)', () => {
    const d = deck(
      `compute q all orientorder/atom degrees 3 4 6 8 wl yes wl/hat yes
compute ave all reduce ave c_q[1] c_q[2] c_q[3] c_q[4] c_q[5] c_q[6] c_q[7] c_q[8] c_q[9]`,
      'c_ave[*]',
    ).replace('region\t\tbox block 0 $n 0 $n 0 $n', 'region\t\tbox prism 0 $n 0 $n 0 $n 0.5 -0.3 0.2');
    expect(d).toContain('prism');
    expectSameThermo('compute_orientorder_lammps/triclinic', d, 1e-9);
  });

  it('errors name the command and the cause', () => {
    const run = (c: string) => () => runDpmd(deck(c, 'c_a'));
    expect(run('compute q all orientorder/atom cutoff 3.0\ncompute a all reduce ave c_q[1]')).toThrow(
      /cutoff is longer than pairwise cutoff/,
    );
    expect(run('compute q all orientorder/atom components 5\ncompute a all reduce ave c_q[1]')).toThrow(
      /components 5 is not one of the degrees/,
    );
    expect(run('compute q all orientorder/atom nnn 0\ncompute a all reduce ave c_q[1]')).toThrow(/nnn/);
    expect(run('compute q all orientorder/atom bogus 1\ncompute a all reduce ave c_q[1]')).toThrow(/bogus/);
  });
});

describe('Clebsch-Gordan coefficients <l a l b | l a+b> of W_l', () => {
  const exact: [number, number, number, number][] = [
    [2, 0, 0, -0.5345224838248488],
    [4, -3, 1, -0.18698939800169143],
    [6, -4, 2, -0.37663238853481806],
    [6, 2, 2, -0.37663238853481806],
    [12, -7, 3, -0.11506473263049051],
  ];
  for (const [l, a, b, v] of exact) {
    it(`<${l} ${a} ${l} ${b} | ${l} ${a + b}>`, () => {
      // The table's entry for (a, b): LAMMPS's loop over m1 = a + l, m2 = b + l.
      let idx = 0;
      for (let m1 = 0; m1 < a + l; m1++) idx += Math.min(2 * l + 1, 3 * l - m1 + 1) - Math.max(0, l - m1);
      idx += b + l - Math.max(0, l - (a + l));
      const cg = clebschGordanTable([l])[idx];
      expect(Math.abs(cg - v)).toBeLessThan(1e-14 * Math.abs(v));
    });
  }
});
