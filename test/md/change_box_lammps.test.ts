import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * change_box against LAMMPS 29 Sep 2021 (golden test/golden/change_box): scale and delta in box
 * units with remap, triclinic with a tilt, back to orthogonal, a remap with a new z extent and
 * shrink-wrapped z, each followed by a run. Every thermo row to 1e-9 relative.
 */
const DECK = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
region low block INF INF INF INF 0 2
group low region low
velocity all create 2.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
thermo_style custom step temp pe etotal press vol lx ly lz xy
thermo_modify format float %20.15g
thermo 20
run 40
change_box all x scale 1.05 y delta -0.2 0.3 remap units box
run 40
change_box all triclinic xy final 0.4 remap
run 40
change_box all xy delta -0.4 ortho
run 40
change_box all z final 0 4.3 boundary p p s remap
run 40
`;

describe('change_box: same thermo as LAMMPS', () => {
  it('scale/delta/final, tilt, boundary, ortho/triclinic, remap', () => {
    expect(runDpmd(DECK).tables.length).toBe(5);
    expectSameThermo('change_box/sequence', DECK, 1e-9);
  });

  it('refusals: a tilt on an orthogonal box, ortho with a tilt, an unknown operation', () => {
    const base = DECK.replace(/run 40[\s\S]*/, '');
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}change_box all xy final 0.3\n`, /Cannot change box tilt factors for orthogonal box/);
    fails(
      `${base}change_box all triclinic xy final 0.3 ortho\n`,
      /Cannot change box to orthogonal when tilt is non-zero/,
    );
    fails(`${base}change_box all stretch 2\n`, /change_box: unknown operation 'stretch'/);
  });
});
