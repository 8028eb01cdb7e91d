import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Regions (sphere, cylinder, cone, plane, union, intersect, side out), delete_atoms (region, group,
 * compress yes/no) and displace_atoms (move, ramp, random) against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/atom_edit). The selections show in the atom count, the atom order and IDs after
 * deleting in `velocity ... loop all` (draws by ID) and `loop local`, the displacements in the
 * energies. Every thermo row to 1e-9 relative.
 */
const BASE = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 6 0 6 0 6
create_box 2 box
create_atoms 1 box
mass * 1.0
region ball sphere 3 3 3 1.6 units lattice side out
region rod cylinder z 1 1 0.8 INF INF
region cap cone x 3 3 0.5 1.5 0 2
region half plane 3 0 0 -1 0 0
region both union 2 rod cap
region mix intersect 2 ball half
group b region ball
group mix region mix
`;
const RUN = `pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
thermo_style custom step atoms temp pe etotal press
thermo_modify format float %20.15g
thermo 20
`;

describe('regions, delete_atoms, displace_atoms: same thermo as LAMMPS', () => {
  it('delete by a union region, retype by an intersect, ramp/random/move displacements', () => {
    const deck = `${BASE}delete_atoms region both
set group mix type 2
displace_atoms b ramp x 0.0 0.3 z 0 6
displace_atoms mix random 0.1 0.1 0.1 4242 units box
displace_atoms all move 7.3 -0.4 0.1
velocity all create 2.0 87287 loop all
${RUN}run 60
`;
    const t = runDpmd(deck).tables;
    expect(t[0].rows[0][1]).toBe(771);
    expectSameThermo('atom_edit/regions_displace', deck, 1e-9);
  });

  it('delete a group with compress no, then with compress yes (IDs renumbered in LAMMPS order)', () => {
    const deck = `${BASE}velocity all create 2.0 87287 loop geom
${RUN}run 40
delete_atoms group mix compress no
velocity all create 1.0 111 loop local
run 40
delete_atoms region rod
velocity all create 1.5 222 loop all
run 40
`;
    expect(runDpmd(deck).tables.length).toBe(3);
    expectSameThermo('atom_edit/delete_compress', deck, 1e-9);
  });

  it('refusals name the problem', () => {
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${BASE}delete_atoms region nowhere\n`, /Could not find delete_atoms region ID 'nowhere'/);
    fails(`${BASE}displace_atoms b rotate 0 0 0 0 0 1 90\n`, /style rotate is not supported by dpmd yet/);
    fails(`${BASE}region r2 union 2 rod missing\n`, /Region union region ID 'missing' does not exist/);
    fails(`${BASE}region r3 cone z 0 0 0 0 0 1\n`, /Illegal radius in region cone command/);
    fails(`${BASE}region r4 sphere 0 0 0 1 move v_a NULL NULL\n`, /moving or open regions\) is not supported/);
  });
});
