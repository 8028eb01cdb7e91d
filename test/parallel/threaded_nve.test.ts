import { describe, expect, it } from 'vitest';
import { isShared } from '../../src/parallel/shared_alloc.js';
import { runDpmd, sharedDeck } from '../helpers/lammps.js';

/**
 * fix nve's halves, the ghost refresh and the force copy as worker-pool jobs
 * (integrators/threaded_nve.ts) give the same doubles as fix nve's own passes on the main thread.
 * The run loop takes the pooled path only with a lone fix nve on group all; adding a fix that acts
 * after the forces (setforce NULL: no change to the forces) sends the same 2-thread run through
 * the serial passes, so the two thermo tables must agree to the last printed digit. Needs the
 * compiled worker (npm run build).
 */
const deck = (extra: string) => `package omp 2
variable n index 8
${sharedDeck('lj_melt.lmp')}
neigh_modify delay 0 every 5 check yes
fix 1 all nve
${extra}
thermo_style custom step temp epair etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %24.17g
thermo 10
run 60
`;

describe('threaded fix nve (pool jobs)', () => {
  it('matches the serial integrator passes bit for bit, and runs only where it applies', () => {
    const pooled = runDpmd(deck(''));
    const serialPasses = runDpmd(deck('fix 2 all setforce NULL NULL NULL'));
    try {
      expect(pooled.sim.activeThreads, 'worker pool did not start: is dist/ built (npm run build)?').toBe(2);
      // The pooled path moves the per-atom arrays into shared memory; the fallback leaves them.
      expect(isShared(pooled.sim.system.v)).toBe(true);
      expect(isShared(serialPasses.sim.system.v)).toBe(false);
      const a = pooled.tables[0],
        b = serialPasses.tables[0];
      expect(a.rows.length).toBe(7);
      expect(a.rows).toEqual(b.rows);
    } finally {
      pooled.sim.dispose();
      serialPasses.sim.dispose();
    }
  });
});
