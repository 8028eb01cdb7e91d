/**
 * pair_style deepmd in decks: DeePMD-kit fixture numbers through `run 0` (energy, forces, virial,
 * per-atom energy and virial), pair_coeff type mapping by element name, the ONNX backend through a
 * worker thread, the model deviation file against an independent computation, NVE energy drift on
 * 192-atom water, neighbor overflow warning, and a truncated model through the compiled CLI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerAll } from '../../src/commands/index.js';
import { kineticEnergy, pressureTensor } from '../../src/computes.js';
import { Deck } from '../../src/deck.js';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { loadModelFile, writeModelFile } from '../../src/deepmd/model_file.js';
import { readNpy } from '../../src/npy.js';
import { Output } from '../../src/output.js';
import { usesPool } from '../../src/parallel/threaded_forces.js';
import { Simulation } from '../../src/simulation.js';
import type { PairDeepMD } from '../../potentials/pair_deepmd.js';
import { FIXTURES, maxAbsDiff, readCases, totals } from './fixtures.js';
import { scratchDir } from '../helpers/lammps.js';

const SEA = join(FIXTURES, 'deeppot_sea.yaml');
const WATER = fileURLToPath(new URL('../../systems/water/data/data_0/', import.meta.url));
const CLI = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/cli.js');
const MASS: Record<string, number> = { O: 15.9994, H: 1.00794 };

/** Write a LAMMPS data file (atom_style atomic) for an orthogonal box [0, L). types: 1-based. */
function writeData(path: string, L: number[], types: number[], coords: ArrayLike<number>, masses: number[]): void {
  const lines = [
    'water frame for pair deepmd tests',
    '',
    `${types.length} atoms`,
    `${masses.length} atom types`,
    '',
    `0 ${L[0]} xlo xhi`,
    `0 ${L[1]} ylo yhi`,
    `0 ${L[2]} zlo zhi`,
    '',
    'Masses',
    '',
  ];
  masses.forEach((m, k) => {
    lines.push(`${k + 1} ${m}`);
  });
  lines.push('', 'Atoms', '');
  types.forEach((t, i) => {
    lines.push(`${i + 1} ${t} ${coords[3 * i]} ${coords[3 * i + 1]} ${coords[3 * i + 2]}`);
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function runDeck(text: string): { sim: Simulation; out: Output } {
  registerAll();
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  new Deck(sim).runText(text);
  return { sim, out };
}

/** Values per atom ID (tags), undoing any atom sorting: n x stride. */
function byTag(sim: Simulation, a: Float64Array, stride: number): Float64Array {
  const s = sim.system;
  const r = new Float64Array(s.n * stride);
  for (let i = 0; i < s.n; i++) for (let d = 0; d < stride; d++) r[(s.tag[i] - 1) * stride + d] = a[i * stride + d];
  return r;
}

/** First frame of data_0 as (box length, 1-based O=1/H=2 types, coords). */
function waterFrame(): { L: number; typeNames: string[]; coords: Float64Array } {
  const coord = readNpy(join(WATER, 'set.000/coord.npy'));
  const box = readNpy(join(WATER, 'set.000/box.npy'));
  const tmap = readFileSync(join(WATER, 'type_map.raw'), 'utf8').trim().split(/\s+/);
  const t = readFileSync(join(WATER, 'type.raw'), 'utf8').trim().split(/\s+/).map(Number);
  const n = t.length;
  expect(coord.shape).toEqual([80, 3 * n]);
  expect([box.data[1], box.data[2], box.data[3], box.data[5], box.data[6], box.data[7]]).toEqual([0, 0, 0, 0, 0, 0]);
  return { L: box.data[0], typeNames: t.map((k) => tmap[k]), coords: coord.data.slice(0, 3 * n) };
}

function waterData(
  dir: string,
  scale = 1,
): { path: string; n: number; coords: Float64Array; L: number; types: number[] } {
  const w = waterFrame();
  const coords = w.coords.map((v) => v * scale);
  const L = w.L * scale;
  const types = w.typeNames.map((nm) => (nm === 'O' ? 1 : 2));
  const path = join(dir, 'water.data');
  writeData(path, [L, L, L], types, coords, [MASS.O, MASS.H]);
  return { path, n: types.length, coords, L, types };
}

const deckHead = (data: string): string => `units metal\nboundary p p p\natom_style atomic\nread_data ${data}\n`;

describe('pair_style deepmd: run 0 equals DeePMD-kit', () => {
  const c = readCases('deeppot-testcase.yaml')[0];
  const ref = totals(c);
  const n = c.atype.length;

  const setup = (swap: boolean): Simulation => {
    const dir = scratchDir('dpmd-deepmd-');
    const types = c.atype.map((t) => (swap ? (t === 0 ? 2 : 1) : t + 1));
    const masses = swap ? [MASS.H, MASS.O] : [MASS.O, MASS.H];
    writeData(join(dir, 'fix.data'), [c.box![0], c.box![4], c.box![8]], types, c.coord, masses);
    const { sim } = runDeck(
      deckHead(join(dir, 'fix.data')) +
        `pair_style deepmd ${SEA}\npair_coeff * * ${swap ? 'H O' : 'O H'}\nthermo_style custom step pe press pxx pyy pzz pxy pxz pyz\nrun 0\n`,
    );
    return sim;
  };

  for (const swap of [false, true]) {
    it(
      swap ? 'reordered LAMMPS types (pair_coeff * * H O) give the same physics' : 'energy, forces, virial, pressure',
      () => {
        const sim = setup(swap);
        const W0 = ref.virial;
        console.log(
          `run 0 vs DeePMD-kit (${swap ? 'H O' : 'O H'}): |dE| ${Math.abs(sim.pe - ref.energy).toExponential(2)}, ` +
            `max|dF| ${maxAbsDiff(byTag(sim, sim.system.f, 3), c.force).toExponential(2)}, ` +
            `max|dW| ${maxAbsDiff(sim.virial, [W0[0], W0[4], W0[8], W0[3], W0[6], W0[7]]).toExponential(2)}`,
        );
        expect(Math.abs(sim.pe - ref.energy)).toBeLessThan(1e-10);
        expect(maxAbsDiff(byTag(sim, sim.system.f, 3), c.force)).toBeLessThan(1e-10);
        const W = ref.virial;
        const want = [W[0], W[4], W[8], W[3], W[6], W[7]];
        expect(maxAbsDiff(sim.virial, want)).toBeLessThan(1e-10);
        // pressure tensor with zero velocities: W / V in bar
        const p = new Float64Array(6);
        pressureTensor(sim, p);
        const V = c.box![0] * c.box![4] * c.box![8];
        const nktv2p = sim.system.units.nktv2p;
        for (let k = 0; k < 6; k++)
          expect(Math.abs(p[k] - (want[k] / V) * nktv2p)).toBeLessThan(((1e-10 * nktv2p) / V) * 1e3);
        // per-atom energies and virials through the engine's flags
        sim.eatomRequested = true;
        sim.vatomRequested = true;
        sim.computeForces(true);
        expect(maxAbsDiff(byTag(sim, sim.forces.eatom.subarray(0, n), 1), c.atomic_energy)).toBeLessThan(1e-10);
        const g = sim.neighbor.ghosts;
        const va = sim.forces.vatom.slice(0, 6 * g.nall);
        g.fold(va, 6);
        const av = c.atomic_virial;
        const want6 = Array.from({ length: n }, (_, i) => [0, 4, 8, 3, 6, 7].map((q) => av[9 * i + q])).flat();
        expect(maxAbsDiff(byTag(sim, va.subarray(0, 6 * n), 6), want6)).toBeLessThan(1e-10);
      },
    );
  }

  it('.dp model (synchronous HDF5 reader) and the float32 ONNX backend', () => {
    const dir = scratchDir('dpmd-deepmd-');
    writeData(
      join(dir, 'fix.data'),
      [c.box![0], c.box![4], c.box![8]],
      c.atype.map((t) => t + 1),
      c.coord,
      [MASS.O, MASS.H],
    );
    const dp = runDeck(
      deckHead(join(dir, 'fix.data')) +
        `pair_style deepmd ${join(FIXTURES, 'deeppot_sea.dp')}\npair_coeff * * O H\nrun 0\n`,
    ).sim;
    expect(Math.abs(dp.pe - ref.energy)).toBeLessThan(1e-10);
    expect(maxAbsDiff(byTag(dp, dp.system.f, 3), c.force)).toBeLessThan(1e-10);
    const f32 = runDeck(
      deckHead(join(dir, 'fix.data')) +
        `pair_style deepmd ${SEA} backend onnx precision float32\npair_coeff * * O H\nrun 0\n`,
    ).sim;
    // -threads auto starts worker threads for the TypeScript backend only: onnxruntime has its own.
    expect(usesPool(dp.pair as PairDeepMD)).toBe(true);
    expect(usesPool(f32.pair as PairDeepMD)).toBe(false);
    try {
      expect(Math.abs(f32.pe - ref.energy) / Math.abs(ref.energy)).toBeLessThan(1e-5);
      const fmax = Math.max(...c.force.map(Math.abs));
      expect(maxAbsDiff(byTag(f32, f32.system.f, 3), c.force) / fmax).toBeLessThan(1e-5);
    } finally {
      (f32.pair as PairDeepMD).close();
    }
    expect(() => runDeck(`${deckHead(join(dir, 'fix.data'))}pair_style deepmd ${SEA} precision float32\n`)).toThrow(
      /needs backend onnx/,
    );
  });

  it('an element missing from the type_map is an error naming it', () => {
    const dir = scratchDir('dpmd-deepmd-');
    writeData(
      join(dir, 'fix.data'),
      [13, 13, 13],
      c.atype.map((t) => t + 1),
      c.coord,
      [MASS.O, MASS.H],
    );
    expect(() => runDeck(`${deckHead(join(dir, 'fix.data'))}pair_style deepmd ${SEA}\npair_coeff * * O C\n`)).toThrow(
      /element C not found in the model \(type_map: O H\)/,
    );
    expect(() => runDeck(`${deckHead(join(dir, 'fix.data'))}pair_style deepmd ${SEA}\npair_coeff 1 1 O\n`)).toThrow(
      /pair_coeff \* \*/,
    );
  });
});

describe('pair_style deepmd: ONNX backend through the worker bridge', () => {
  it('equals the TypeScript backend through 5 NVE steps (float64, 1e-10)', () => {
    const dir = scratchDir('dpmd-deepmd-');
    const w = waterData(dir);
    const deck = (backend: string): string =>
      deckHead(w.path) +
      `pair_style deepmd ${SEA} backend ${backend}\npair_coeff * * O H\ntimestep 0.0005\n` +
      'velocity all create 300 4928459 loop geom\nfix 1 all nve\nthermo 1\nrun 5\n';
    const a = runDeck(deck('ts')).sim;
    const b = runDeck(deck('onnx')).sim;
    try {
      console.log(
        `ONNX vs TS after 5 steps: |dE| ${Math.abs(a.pe - b.pe).toExponential(2)}, ` +
          `max|dF| ${maxAbsDiff(byTag(a, a.system.f, 3), byTag(b, b.system.f, 3)).toExponential(2)}, ` +
          `max|dx| ${maxAbsDiff(byTag(a, a.system.x, 3), byTag(b, b.system.x, 3)).toExponential(2)}`,
      );
      expect(Math.abs(a.pe - b.pe)).toBeLessThan(1e-10);
      expect(maxAbsDiff(byTag(a, a.system.f, 3), byTag(b, b.system.f, 3))).toBeLessThan(1e-10);
      expect(maxAbsDiff(byTag(a, a.system.x, 3), byTag(b, b.system.x, 3))).toBeLessThan(1e-10);
      expect(maxAbsDiff(a.virial, b.virial)).toBeLessThan(1e-10);
    } finally {
      (b.pair as PairDeepMD).close();
    }
  });
});

/** Independent model deviation: DeepPot.eval of every model, plain loops (not model_devi.ts). */
function expectedDevi(
  pots: DeepPot[],
  coords: Float64Array,
  L: number,
  types: Int32Array,
  rel: number | null,
  relV: number | null,
): number[] {
  const n = types.length;
  const res = pots.map((p) => p.eval(coords, [L, 0, 0, 0, L, 0, 0, 0, L], types));
  const M = pots.length;
  const ef: number[] = [];
  for (let i = 0; i < n; i++) {
    const avg = [0, 1, 2].map((d) => res.reduce((s, r) => s + r.force[3 * i + d], 0) / M);
    const ss = res.reduce((s, r) => s + [0, 1, 2].reduce((q, d) => q + (r.force[3 * i + d] - avg[d]) ** 2, 0), 0);
    ef.push(Math.sqrt(ss / M) / (rel === null ? 1 : Math.hypot(...avg) + rel));
  }
  const ev: number[] = [];
  for (let c = 0; c < 9; c++) {
    const vals = res.map((r) => r.virial[c] / n);
    const avg = vals.reduce((s, v) => s + v, 0) / M;
    const sd = Math.sqrt(vals.reduce((s, v) => s + (v - avg) ** 2, 0) / M);
    ev.push(sd / (relV === null ? 1 : Math.abs(avg) + relV));
  }
  return [
    Math.max(...ev),
    Math.min(...ev),
    Math.sqrt(ev.reduce((s, e) => s + e * e, 0) / 9),
    Math.max(...ef),
    Math.min(...ef),
    ef.reduce((s, e) => s + e, 0) / n,
  ];
}

describe('pair_style deepmd: model deviation file', () => {
  it('columns equal an independent computation from DeepPot.eval of both models', async () => {
    const dir = scratchDir('dpmd-deepmd-');
    // a perturbed copy of the model, through the spec round trip
    const spec = await loadModelFile(SEA);
    for (const net of spec.fitting.nets)
      for (const l of net.layers) for (let k = 0; k < l.w.length; k++) l.w[k] *= 1 + 0.02 * Math.sin(k);
    const second = join(dir, 'perturbed.yaml');
    await writeModelFile(spec, second);
    const w = waterData(dir);
    const outFile = join(dir, 'model_devi.out');
    const { sim } = runDeck(
      deckHead(w.path) +
        `pair_style deepmd ${SEA} ${second} out_freq 2 out_file ${outFile}\npair_coeff * * O H\ntimestep 0.0005\n` +
        'velocity all create 300 4928459 loop geom\nfix 1 all nve\nthermo 2\nrun 4\n',
    );
    const text = readFileSync(outFile, 'utf8')
      .split('\n')
      .filter((l) => l.length);
    expect(text[0]).toBe(
      '#       step         max_devi_v         min_devi_v         avg_devi_v         max_devi_f         min_devi_f         avg_devi_f',
    );
    expect(text.slice(1).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([0, 2, 4]);
    for (const l of text.slice(1)) expect(l).toMatch(/^ {11}\d( {7}\d\.\d{6}e[-+]\d{2}){6}$/);
    const pots = [await DeepPot.load(SEA), await DeepPot.load(second)];
    const t0 = Int32Array.from(w.types, (t) => t - 1);
    const cols = (line: string): number[] => line.trim().split(/\s+/).slice(1).map(Number);
    // step 0: the initial coordinates; step 4: the final ones (forces are evaluated there last)
    const rel = (a: number[], b: number[]): number => Math.max(...a.map((v, k) => Math.abs(v - b[k]) / Math.abs(b[k])));
    expect(rel(cols(text[1]), expectedDevi(pots, w.coords, w.L, t0, null, null))).toBeLessThan(1e-6); // 7 printed digits
    const xs = byTag(sim, sim.system.x, 3);
    const e4 = expectedDevi(pots, xs, w.L, t0, null, null);
    expect(rel(cols(text[3]), e4)).toBeLessThan(1e-6);
    expect(e4[3]).toBeGreaterThan(1e-5); // the perturbation is visible

    // relative / relative_v and per-atom columns at run 0
    const out2 = join(dir, 'devi_rel.out');
    runDeck(
      deckHead(w.path) +
        `pair_style deepmd ${SEA} ${second} out_freq 1 out_file ${out2} atomic relative 1.0 relative_v 0.5\n` +
        'pair_coeff * * O H\nrun 0\n',
    );
    const lines2 = readFileSync(out2, 'utf8')
      .split('\n')
      .filter((l) => l.length);
    expect(lines2[0].endsWith('avg_devi_f      atm_devi_f(N)')).toBe(true);
    const c2 = cols(lines2[1]);
    expect(c2.length).toBe(6 + w.n);
    expect(rel(c2.slice(0, 6), expectedDevi(pots, w.coords, w.L, t0, 1.0, 0.5))).toBeLessThan(1e-6);
  });
});

describe('pair_style deepmd: dynamics and bad input', () => {
  it('NVE on 192-atom water at 0.5 fs conserves energy (100 steps)', () => {
    const dir = scratchDir('dpmd-deepmd-');
    const w = waterData(dir);
    registerAll();
    const out = new Output({ screen: false, capture: true });
    const sim = new Simulation(out);
    const deck = new Deck(sim);
    deck.runText(
      deckHead(w.path) +
        `pair_style deepmd ${SEA}\npair_coeff * * O H\ntimestep 0.0005\n` +
        'velocity all create 300 4928459 loop geom\nfix 1 all nve\nthermo 50\n',
    );
    const etot: number[] = [];
    sim.outputs.push({
      id: 'etot',
      every: 1,
      needsEnergy: true,
      write: (s) => {
        etot.push(s.pe + kineticEnergy(s));
      },
    });
    deck.runText('run 100\n');
    expect(etot.length).toBe(101); // the setup configuration (step 0) plus 100 steps
    // least-squares slope of E(t), t in ps
    const dt = 0.0005,
      N = etot.length;
    const tm = (dt * (N + 1)) / 2,
      em = etot.reduce((a, b) => a + b, 0) / N;
    let sxy = 0,
      sxx = 0;
    etot.forEach((e, k) => {
      const t = dt * (k + 1) - tm;
      sxy += t * (e - em);
      sxx += t * t;
    });
    const driftPerAtomPs = sxy / sxx / w.n;
    const spread = (Math.max(...etot) - Math.min(...etot)) / w.n;
    console.log(
      `NVE water 192 atoms, 0.5 fs, 100 steps: drift ${driftPerAtomPs.toExponential(3)} eV/atom/ps, ` +
        `max-min ${spread.toExponential(3)} eV/atom, KE(end) ${kineticEnergy(sim).toFixed(3)} eV`,
    );
    // measured: 2.6e-5 eV/atom/ps, spread 1.2e-5 eV/atom. deeppot_sea is a tiny test model without
    // short-range repulsion: after ~50 fs H atoms collapse (0.04 Å apart) and 0.5 fs no longer
    // resolves the encounters (docs/deepmd.md), so the test stops at 100 steps.
    expect(Math.abs(driftPerAtomPs)).toBeLessThan(2e-4);
    expect(spread).toBeLessThan(1e-4);
  });

  it('more neighbors than sel: one warning with the count', () => {
    const dir = scratchDir('dpmd-deepmd-');
    const w = waterData(dir, 0.6);
    const { out } = runDeck(`${deckHead(w.path)}pair_style deepmd ${SEA}\npair_coeff * * O H\nrun 0\nrun 0\n`);
    const warnings = out.captured!.filter((l) => l.includes('did not fit in sel'));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/^WARNING: deepmd: \d+ neighbor\(s\) within rcut = 6 did not fit in sel = \[46, 92\]/);
    expect(Number(/deepmd: (\d+) neighbor/.exec(warnings[0])![1])).toBeGreaterThan(0);
  });

  it('truncated model file: the CLI stops with exit status 1 and a clear message', () => {
    const dir = scratchDir('dpmd-deepmd-');
    const w = waterData(dir);
    const text = readFileSync(SEA, 'utf8');
    writeFileSync(join(dir, 'cut.yaml'), text.slice(0, Math.floor(text.length / 3)));
    writeFileSync(
      join(dir, 'in.deck'),
      `${deckHead('water.data')}pair_style deepmd cut.yaml\npair_coeff * * O H\nrun 0\n`,
    );
    void w;
    const r = spawnSync(process.execPath, [CLI, 'run', 'in.deck', '-log', 'none'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/ERROR: .*cut\.yaml.*(truncated or corrupted|Model|missing|ragged)/s);
    expect(r.stdout + r.stderr).toMatch(/in\.deck:5: pair_style deepmd cut\.yaml/);
  });

  it('dpmd export-onnx writes the graph; bad options exit 1', () => {
    const dir = scratchDir('dpmd-deepmd-');
    const ok = spawnSync(
      process.execPath,
      [CLI, 'export-onnx', '-m', SEA, '-o', join(dir, 'm.onnx'), '--precision', 'float32'],
      { encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(readFileSync(join(dir, 'm.onnx')).length).toBeGreaterThan(1000);
    const bad = spawnSync(
      process.execPath,
      [CLI, 'export-onnx', '-m', SEA, '-o', join(dir, 'x.onnx'), '--precision', 'half'],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--precision must be float64 or float32/);
    const missing = spawnSync(
      process.execPath,
      [CLI, 'export-onnx', '-m', join(dir, 'nope.yaml'), '-o', join(dir, 'y.onnx')],
      { encoding: 'utf8' },
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.yaml: model file not found/);
  });
});
