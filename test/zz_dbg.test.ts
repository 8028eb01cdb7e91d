import { it } from 'vitest';
import { runDpmd, scratchDir } from '/work/main/test/helpers/lammps.js';
import { minDeck } from '/work/main/test/helpers/min_crosscheck.js';
import { writePerturbedFcc } from '/work/main/test/helpers/min_fixtures.js';
import { Neighbor } from '/work/main/src/neighbor.js';
it('dbg', () => {
  const orig = Neighbor.prototype.build;
  let wraps = 0, builds = 0;
  Neighbor.prototype.build = function (sys) {
    const before = Int32Array.from(sys.image.subarray(0, 3 * sys.n));
    orig.call(this, sys);
    builds++;
    for (let k = 0; k < 3 * sys.n; k++) if (before[k] !== sys.image[k]) wraps++;
  };
  const dir = scratchDir('dpmd-min-');
  const { path } = writePerturbedFcc(dir, { n: 4, rho: 0.8442, amp: 0.2, seed: 12345, shift: 1e-3 });
  runDpmd(minDeck(path, { style: 'cg', criteria: '0.0 1.0e-10 1000 10000', skin: 0.01 }), dir);
  console.log('builds', builds, 'wraps', wraps);
  Neighbor.prototype.build = orig;
});
