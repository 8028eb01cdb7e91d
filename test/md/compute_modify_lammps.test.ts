import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * compute_modify extra/dof and dynamic/dof against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/compute_modify): the dof of compute temp and temp/com (d N − extra − fix dof) as
 * thermo, pressure and c_ID read them, and dynamic/dof yes recounting the atoms while atoms are
 * lost through a fixed face (the default counts them at setup). Thermo to 1e-9.
 */
const DECK = `units lj
atom_style atomic
boundary f p p
lattice fcc 0.8442
region box block 0 6 0 4 0 4
create_box 1 box
region inner block 0.5 5.5 INF INF INF INF
create_atoms 1 region inner
mass 1 1.0
region edge block 4.6 INF INF INF INF INF
group edge region edge
velocity all create 1.0 87287
velocity edge set 3.0 NULL NULL sum yes
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neigh_modify every 1 delay 0 check yes
fix 1 all nve
compute t all temp
compute tc all temp/com
compute ts all temp
`;

describe('compute_modify: same thermo as LAMMPS', () => {
  it('extra/dof of temp and temp/com, dynamic/dof yes with lost atoms', () => {
    const d = `${DECK}compute_modify t extra/dof 0 dynamic/dof yes
compute_modify tc extra 1
thermo_style custom step atoms temp press c_t c_tc c_ts
thermo_modify format float %20.15g temp t lost ignore
thermo 10
run 100
`;
    expectSameThermo('compute_modify/extra_dynamic', d, 1e-9);
  });

  it('refusals: unknown compute, a compute without dof, a bad keyword', () => {
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${DECK}compute_modify nope extra/dof 0\n`, /Could not find compute_modify ID 'nope'/);
    fails(`${DECK}compute p all pe\ncompute_modify p extra/dof 0\n`, /extra\/dof of compute pe is not supported yet/);
    fails(`${DECK}compute_modify t sideways 1\n`, /sideways/);
  });
});
