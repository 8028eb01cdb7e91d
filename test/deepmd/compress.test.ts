/**
 * Model compression (tabulated embedding nets, fused with the contraction): compressed and
 * uncompressed models agree to 1e-6 in energy, forces, virial and atomic virials on DeePMD-kit's
 * fixture model (its own coordinates and 192-atom liquid water); the compressed file round-trips;
 * chunked evaluation (TypeScript, tabulated and ONNX) equals unchunked to 1e-12.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Box } from '../../src/box.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';
import { DeepPotEvaluator, type EvalOutput } from '../../src/deepmd/evaluator.js';
import { loadModelFile, writeModelFile } from '../../src/deepmd/model_file.js';
import { compressModel } from '../../src/deepmd/compress.js';
import { compressMain } from '../../src/deepmd/compress_cli.js';
import { DeepPotOnnxEvaluator } from '../../src/deepmd/onnx_export.js';
import type { ModelSpec } from '../../src/deepmd/spec.js';
import { FIXTURES, maxAbsDiff, readCases } from './fixtures.js';
import { buildNeighbors, minNeighborDistance, readWaterFrame, waterModel } from '../../scripts/deepmd_water.js';

const WATER = fileURLToPath(new URL('../../systems/water/data/data_0', import.meta.url));

interface Sys {
  name: string;
  g: Ghosts;
  nl: NeighborList;
}
interface Res {
  e: number;
  out: EvalOutput;
}

function outputs(nall: number, nloc: number): EvalOutput {
  return {
    force: new Float64Array(3 * nall),
    virial: new Float64Array(9),
    atomEnergy: new Float64Array(nloc),
    atomVirial: new Float64Array(9 * nall),
  };
}

function run(ev: DeepPotEvaluator, s: Sys): Res {
  const out = outputs(s.g.nall, s.g.nlocal);
  const e = ev.compute(s.g, s.nl, out);
  return { e, out };
}

function expectClose(a: Res, b: Res, tol: number, what: string): void {
  expect(Math.abs(a.e - b.e), `${what}: energy`).toBeLessThan(tol);
  expect(maxAbsDiff(a.out.atomEnergy!, b.out.atomEnergy!), `${what}: atom energy`).toBeLessThan(tol);
  expect(maxAbsDiff(a.out.force, b.out.force), `${what}: force`).toBeLessThan(tol);
  expect(maxAbsDiff(a.out.virial, b.out.virial), `${what}: virial`).toBeLessThan(tol);
  expect(maxAbsDiff(a.out.atomVirial!, b.out.atomVirial!), `${what}: atom virial`).toBeLessThan(tol);
}

let spec: ModelSpec;
let systems: Sys[];
let dmin: number;

beforeAll(async () => {
  spec = await loadModelFile(`${FIXTURES}deeppot_sea.yaml`);
  const c = readCases('deeppot-testcase.yaml')[0];
  const g = new Ghosts();
  g.build(Box.fromCell(c.box!), Float64Array.from(c.coord), Int32Array.from(c.atype), c.atype.length, 6.5);
  const nl = new NeighborList(false);
  nl.build(g, 6.5);
  const w = buildNeighbors(readWaterFrame(WATER), 6.5);
  systems = [
    { name: 'fixture cube', g, nl },
    { name: 'water 192', g: w.g, nl: w.nl },
  ];
  dmin = Math.min(...systems.map((s) => minNeighborDistance(s.g, s.nl)));
});

describe('model compression', () => {
  it('compressed matches uncompressed to 1e-6 (energy, forces, virials), default strides', () => {
    const cspec = compressModel(spec, { minNborDist: dmin });
    const plain = new DeepPotEvaluator(spec),
      comp = new DeepPotEvaluator(cspec);
    expect(comp.compressed).toBe(true);
    for (const s of systems) {
      const a = run(plain, s),
        b = run(comp, s);
      expectClose(a, b, 1e-6, s.name);
      expect(comp.lastOutOfTable).toBe(0);
      // a real approximation, not the same code path: differences are nonzero but tiny
      expect(maxAbsDiff(a.out.force, b.out.force)).toBeGreaterThan(0);
    }
  });

  it('a coarse table is measurably worse (the tables are what is evaluated)', () => {
    const coarse = new DeepPotEvaluator(compressModel(spec, { minNborDist: dmin, stride0: 0.5, stride1: 2 }));
    const fine = new DeepPotEvaluator(compressModel(spec, { minNborDist: dmin }));
    const a = run(new DeepPotEvaluator(spec), systems[1]),
      b = run(coarse, systems[1]),
      c = run(fine, systems[1]);
    const errCoarse = maxAbsDiff(a.out.force, b.out.force),
      errFine = maxAbsDiff(a.out.force, c.out.force);
    expect(errCoarse).toBeGreaterThan(1e-9);
    expect(errCoarse).toBeGreaterThan(100 * errFine);
  });

  it('round-trips through .dp and the CLI; the reloaded model gives identical results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-compress-'));
    try {
      const out = join(dir, 'c.dp');
      const log = console.log;
      console.log = () => {};
      let rc: number;
      try {
        rc = await compressMain(['-i', `${FIXTURES}deeppot_sea.yaml`, '-o', out, '-d', String(dmin)]);
      } finally {
        console.log = log;
      }
      expect(rc).toBe(0);
      const back = await loadModelFile(out);
      const direct = compressModel(spec, { minNborDist: dmin });
      expect(back.descriptor.compress?.minNborDist).toBe(dmin);
      back.descriptor.compress!.tables.forEach((t, k) => {
        const u = direct.descriptor.compress!.tables[k]!;
        expect([t!.lower, t!.upper, t!.max, t!.n0, t!.n1]).toEqual([u.lower, u.upper, u.max, u.n0, u.n1]);
        expect(maxAbsDiff(t!.data, u.data)).toBe(0);
      });
      const again = join(dir, 'c2.dp');
      await writeModelFile(back, again);
      const s = systems[1];
      const a = run(new DeepPotEvaluator(direct), s),
        b = run(new DeepPotEvaluator(await loadModelFile(again)), s);
      expectClose(a, b, 1e-15, 'reloaded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compress without a known min_nbor_dist fails with a message naming -d', async () => {
    const write = process.stderr.write;
    const msgs: string[] = [];
    process.stderr.write = ((m: string) => {
      msgs.push(m);
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await compressMain(['-i', `${FIXTURES}deeppot_sea.yaml`, '-o', '/nonexistent/x.dp'])).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(msgs.join('\n')).toMatch(/^ERROR: .*-d MIN_NBOR_DIST/);
  });
});

describe('table kernels: WebAssembly SIMD and JavaScript (DPMD_TABLE=js) agree', () => {
  /** An evaluator built with the JavaScript table loops (the fallback without WebAssembly SIMD). */
  function jsTables(sp: ModelSpec, chunk?: number): DeepPotEvaluator {
    const prev = process.env.DPMD_TABLE;
    process.env.DPMD_TABLE = 'js';
    try {
      return new DeepPotEvaluator(sp, chunk ? { chunk } : {});
    } finally {
      if (prev === undefined) delete process.env.DPMD_TABLE;
      else process.env.DPMD_TABLE = prev;
    }
  }

  it('fixture model and an odd-width one: energies bit-identical (same forward sums), forces/virials to 1e-13', () => {
    const w = readWaterFrame(WATER);
    // ng = 11 (odd: the kernels pad the features to 12), axis 4, type_one_side
    const odd = waterModel(w, { neuron: [5, 10, 11], axis: 4, fitting: [20, 20], seed: 7 });
    const models: [string, ModelSpec][] = [
      ['deeppot_sea', compressModel(spec, { minNborDist: dmin })],
      ['ng 11', compressModel(odd, { minNborDist: dmin })],
    ];
    for (const [name, sp] of models) {
      for (const s of systems) {
        for (const chunk of [undefined, 7]) {
          const js = jsTables(sp, chunk),
            wasm = new DeepPotEvaluator(sp, chunk ? { chunk } : {});
          expect([js.tableKernel, wasm.tableKernel]).toEqual(['js', 'wasm']);
          const a = run(js, s),
            b = run(wasm, s);
          const what = `${name}, ${s.name}, chunk ${chunk ?? 'default'}`;
          expect(b.e, `${what}: energy`).toBe(a.e);
          expect(maxAbsDiff(a.out.atomEnergy!, b.out.atomEnergy!), `${what}: atom energy`).toBe(0);
          expectClose(a, b, 1e-13, what);
          expect(maxAbsDiff(a.out.force, new Float64Array(a.out.force.length))).toBeGreaterThan(1e-3);
        }
      }
    }
  });
});

describe('chunked evaluation equals unchunked', () => {
  it('TypeScript evaluator (plain and tabulated): chunk 1, 7 vs all atoms in one chunk', () => {
    for (const sp of [spec, compressModel(spec, { minNborDist: dmin })]) {
      for (const s of systems) {
        const ref = run(new DeepPotEvaluator(sp, { chunk: s.g.nlocal }), s);
        for (const chunk of [1, 7])
          expectClose(run(new DeepPotEvaluator(sp, { chunk }), s), ref, 1e-12, `${s.name} chunk ${chunk}`);
      }
    }
  });

  it('ONNX evaluator: chunk 5 vs all atoms in one run', async () => {
    const s = systems[1];
    const one = await DeepPotOnnxEvaluator.create(spec, { chunk: s.g.nlocal });
    const five = await DeepPotOnnxEvaluator.create(spec, { chunk: 5 });
    const a = outputs(s.g.nall, s.g.nlocal),
      b = outputs(s.g.nall, s.g.nlocal);
    const ea = await one.compute(s.g, s.nl, a),
      eb = await five.compute(s.g, s.nl, b);
    expectClose({ e: ea, out: a }, { e: eb, out: b }, 1e-12, 'onnx chunk 5');
  });
});
