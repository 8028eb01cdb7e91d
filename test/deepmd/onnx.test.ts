/**
 * ONNX export: the network part (embedding, contraction, fitting and the backward pass to dE/dR as
 * ONNX nodes) run by onnxruntime-node agrees with the TypeScript evaluator: 1e-10 absolute in float64,
 * 1e-5 relative in float32; the exported file loads from disk.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Box } from '../../src/box.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';
import { DeepPotEvaluator, type EvalOutput } from '../../src/deepmd/evaluator.js';
import { loadModelFile, modelToYaml, parseModelText } from '../../src/deepmd/model_file.js';
import { DeepPotOnnxEvaluator, exportOnnx } from '../../src/deepmd/onnx_export.js';
import type { ModelSpec } from '../../src/deepmd/spec.js';
import { FIXTURES, maxAbsDiff, readCases } from './fixtures.js';

/** The fixture's periodic block and a small triclinic cell (rcut > half the box), as ghosts + full list. */
function systems(): { g: Ghosts; nl: NeighborList; name: string }[] {
  const c = readCases('deeppot-testcase.yaml')[0];
  const out: { g: Ghosts; nl: NeighborList; name: string }[] = [];
  const add = (name: string, box: Box, x: number[], t: number[]): void => {
    const g = new Ghosts();
    g.build(box, Float64Array.from(x), Int32Array.from(t), t.length, 6.5);
    const nl = new NeighborList(false);
    nl.build(g, 6.5); // list cutoff above rcut: entries beyond rcut must be ignored
    out.push({ g, nl, name });
  };
  add('13 Å cube', Box.fromCell(c.box!), c.coord, c.atype);
  add(
    'small triclinic',
    Box.fromCell([5.5, 0, 0, 1.2, 6.0, 0, 0.8, -0.9, 5.8]),
    c.coord.map((v, k) => v * 0.43 + 0.1 * (k % 3)),
    c.atype,
  );
  return out;
}

function outputs(nall: number, nloc: number): EvalOutput {
  return {
    force: new Float64Array(3 * nall),
    virial: new Float64Array(9),
    atomEnergy: new Float64Array(nloc),
    atomVirial: new Float64Array(9 * nall),
  };
}

const variants: [string, string, (s: ModelSpec) => void][] = [
  ['se_e2_a', 'deeppot_sea.yaml', () => {}],
  ['se_e2_r type_one_side false', 'deeppot-r.yaml', () => {}],
  [
    'se_e2_a type_one_side false + exclude_types + atom_exclude_types',
    'deeppot_sea.yaml',
    (s) => {
      const n = s.descriptor.embeddings;
      s.descriptor.typeOneSide = false;
      s.descriptor.embeddings = [n[0], n[1], n[1], n[0]];
      s.descriptor.excludeTypes = [[1, 1]];
      s.atomExcludeTypes = [0];
    },
  ],
];

for (const [label, file, edit] of variants) {
  describe(`ONNX export: ${label}`, () => {
    let spec: ModelSpec;
    beforeAll(async () => {
      const s = parseModelText(modelToYaml(await loadModelFile(FIXTURES + file)));
      edit(s);
      spec = parseModelText(modelToYaml(s));
    });
    for (const precision of ['float64', 'float32'] as const) {
      it(`${precision}: agrees with the TypeScript evaluator`, async () => {
        const onnxEv = await DeepPotOnnxEvaluator.create(spec, { precision });
        const tsEv = new DeepPotEvaluator(spec);
        for (const { g, nl, name } of systems()) {
          const a = outputs(g.nall, g.nlocal),
            b = outputs(g.nall, g.nlocal);
          const ea = tsEv.compute(g, nl, a);
          const eb = await onnxEv.compute(g, nl, b);
          const fmax = Math.max(...a.force.map(Math.abs));
          const err = {
            energy: Math.abs(ea - eb),
            atomEnergy: maxAbsDiff(a.atomEnergy!, b.atomEnergy!),
            force: maxAbsDiff(a.force, b.force),
            virial: maxAbsDiff(a.virial, b.virial),
            atomVirial: maxAbsDiff(a.atomVirial!, b.atomVirial!),
          };
          console.log(
            `${label} ${precision} ${name}: ${Object.entries(err)
              .map(([k, v]) => `${k} ${v.toExponential(2)}`)
              .join(', ')} (|E| ${Math.abs(ea).toFixed(1)}, max|F| ${fmax.toExponential(2)})`,
          );
          expect(fmax).toBeGreaterThan(1e-4);
          if (precision === 'float64') {
            for (const v of Object.values(err)) expect(v).toBeLessThan(1e-10);
          } else {
            expect(err.energy / Math.abs(ea)).toBeLessThan(1e-5);
            expect(err.atomEnergy / Math.max(...a.atomEnergy!.map(Math.abs))).toBeLessThan(1e-5);
            expect(err.force / fmax).toBeLessThan(1e-5);
            expect(err.virial / Math.max(...a.virial.map(Math.abs))).toBeLessThan(1e-5);
          }
        }
      });
    }
  });
}

describe('exportOnnx', () => {
  it('writes a model file that onnxruntime loads, with one input/output pair per centre type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-onnx-'));
    try {
      const path = join(dir, 'model.onnx');
      const n = await exportOnnx(`${FIXTURES}deeppot_sea.yaml`, path, 'float32');
      expect(statSync(path).size).toBe(n);
      const s = await ort.InferenceSession.create(path);
      expect([...s.inputNames].sort()).toEqual(['env_0', 'env_1']);
      expect([...s.outputNames].sort()).toEqual(['denv_0', 'denv_1', 'energy_0', 'energy_1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
