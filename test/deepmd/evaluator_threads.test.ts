/**
 * The TypeScript Deep Potential on two threads (DeepPotThreaded, evaluator_threads.ts): DeePMD-kit's
 * fixtures to 1e-10 in every block (energy, atomic energy, force, virial, atomic virial), as the serial
 * evaluator; per-atom energies bit-identical to the serial run (each atom is evaluated whole by one
 * thread), forces and virials equal to roundoff (only the order of the per-thread sums differs); the
 * compressed model likewise; and `package omp 2` with pair_style deepmd reproduces DeePMD-kit's run 0.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Box } from '../../src/box.js';
import { registerAll } from '../../src/commands/index.js';
import { Deck } from '../../src/deck.js';
import { compressModel } from '../../src/deepmd/compress.js';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { DeepPotEvaluator, type EvalOutput } from '../../src/deepmd/evaluator.js';
import { DeepPotThreaded } from '../../src/deepmd/evaluator_threads.js';
import { loadModelFile } from '../../src/deepmd/model_file.js';
import { minNeighborDistance } from '../../scripts/deepmd_water.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';
import { Output } from '../../src/output.js';
import { WorkerPool } from '../../src/parallel/worker_pool.js';
import { Simulation } from '../../src/simulation.js';
import { scratchDir } from '../helpers/lammps.js';
import { FIXTURES, maxAbsDiff, readCases, totals } from './fixtures.js';

const TOL = 1e-10;
let pool: WorkerPool;

beforeAll(() => {
  const notes: string[] = [];
  const p = WorkerPool.create(2, (m) => notes.push(m));
  if (!p) throw new Error(`worker pool did not start: ${notes.join('; ')}`);
  pool = p;
});
afterAll(() => pool?.close());

for (const [model, testcase] of [
  ['deeppot_sea.yaml', 'deeppot-testcase.yaml'],
  ['deeppot-r.yaml', 'deeppot-r-testcase.yaml'],
] as const) {
  describe(`${model} on two threads`, () => {
    const cases = readCases(testcase);
    cases.forEach((c, b) => {
      it(`block ${b}: DeePMD-kit's values within ${TOL}; atom energies identical to the serial run`, async () => {
        const spec = await loadModelFile(FIXTURES + model);
        const serial = new DeepPot(spec),
          threaded = new DeepPot(spec, { pool });
        expect(threaded.threaded?.nthreads).toBe(2);
        const r = threaded.eval(c.coord, c.box, c.atype, true),
          s = serial.eval(c.coord, c.box, c.atype, true);
        const ref = totals(c);
        const err = {
          energy: Math.abs(r.energy[0] - ref.energy),
          atomEnergy: maxAbsDiff(r.atomEnergy!, c.atomic_energy),
          force: maxAbsDiff(r.force, c.force),
          virial: maxAbsDiff(r.virial, ref.virial),
          atomVirial: maxAbsDiff(r.atomVirial!, c.atomic_virial),
        };
        for (const v of Object.values(err)) expect(v).toBeLessThan(TOL);
        expect(maxAbsDiff(r.atomEnergy!, s.atomEnergy!)).toBe(0);
        expect(maxAbsDiff(r.force, s.force)).toBeLessThan(1e-13);
        expect(maxAbsDiff(r.virial, s.virial)).toBeLessThan(1e-12);
      });
    });
  });
}

describe('compressed model on two threads', () => {
  it('equals the serial compressed evaluator to roundoff (energy, forces, virials)', async () => {
    const spec = await loadModelFile(`${FIXTURES}deeppot_sea.yaml`);
    const c = readCases('deeppot-testcase.yaml')[0];
    const g = new Ghosts();
    g.build(Box.fromCell(c.box!), Float64Array.from(c.coord), Int32Array.from(c.atype), c.atype.length, 6.5);
    const nl = new NeighborList(false);
    nl.build(g, 6.5);
    const cspec = compressModel(spec, { minNborDist: minNeighborDistance(g, nl) });
    const mk = (): EvalOutput => ({
      force: new Float64Array(3 * g.nall),
      virial: new Float64Array(9),
      atomEnergy: new Float64Array(g.nlocal),
      atomVirial: new Float64Array(9 * g.nall),
    });
    const a = mk(),
      b = mk();
    const serial = new DeepPotEvaluator(cspec),
      threaded = new DeepPotThreaded(cspec, pool);
    const ea = serial.compute(g, nl, a),
      eb = threaded.compute(g, nl, b);
    expect(serial.compressed).toBe(true);
    expect(threaded.lastOutOfTable).toBe(0);
    expect(Math.abs(ea - eb)).toBeLessThan(1e-12 * Math.abs(ea));
    expect(maxAbsDiff(a.atomEnergy!, b.atomEnergy!)).toBe(0);
    expect(maxAbsDiff(a.force, b.force)).toBeLessThan(1e-13);
    expect(maxAbsDiff(a.virial, b.virial)).toBeLessThan(1e-12);
    expect(maxAbsDiff(a.atomVirial!, b.atomVirial!)).toBeLessThan(1e-13);
    // both halves did work: the forces are not all from one thread
    expect(threaded.nthreads).toBe(2);
  });
});

describe('pair_style deepmd with package omp 2', () => {
  it("run 0 equals DeePMD-kit's energy, forces and virial on two threads", () => {
    const c = readCases('deeppot-testcase.yaml')[0];
    const ref = totals(c);
    const dir = scratchDir('dpmd-deepmd-thr-');
    const n = c.atype.length;
    const lines = ['fixture', '', `${n} atoms`, '2 atom types', '', `0 ${c.box![0]} xlo xhi`, `0 ${c.box![4]} ylo yhi`];
    lines.push(`0 ${c.box![8]} zlo zhi`, '', 'Masses', '', '1 15.9994', '2 1.00794', '', 'Atoms # atomic', '');
    for (let i = 0; i < n; i++)
      lines.push(`${i + 1} ${c.atype[i] + 1} ${c.coord[3 * i]} ${c.coord[3 * i + 1]} ${c.coord[3 * i + 2]}`);
    writeFileSync(join(dir, 'fix.data'), `${lines.join('\n')}\n`);
    registerAll();
    const sim = new Simulation(new Output({ screen: false, capture: true }));
    try {
      new Deck(sim).runText(
        `package omp 2\nunits metal\nboundary p p p\natom_style atomic\nread_data ${join(dir, 'fix.data')}\n` +
          `pair_style deepmd ${FIXTURES}deeppot_sea.yaml\npair_coeff * * O H\nrun 0\n`,
      );
      expect(sim.activeThreads).toBe(2);
      expect(Math.abs(sim.pe - ref.energy)).toBeLessThan(TOL);
      const f = new Float64Array(3 * n);
      for (let i = 0; i < n; i++)
        for (let d = 0; d < 3; d++) f[3 * (sim.system.tag[i] - 1) + d] = sim.system.f[3 * i + d];
      expect(maxAbsDiff(f, c.force)).toBeLessThan(TOL);
      const W = ref.virial;
      expect(maxAbsDiff(sim.virial, [W[0], W[4], W[8], W[3], W[6], W[7]])).toBeLessThan(TOL);
    } finally {
      sim.dispose();
    }
  });
});
