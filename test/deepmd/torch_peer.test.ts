/**
 * The PyTorch peer of the Deep Potential benchmark (scripts/torch_deepmd.py: DeePMD-kit's PyTorch
 * backend arithmetic, tensor ops and autograd forces, in Debian's torch) against the project's float64
 * evaluator on the benchmark's inputs: the water-size se_e2_a model (scripts/deepmd_water.ts) on water
 * frame 0 (192 atoms).
 *
 * Always (no torch needed): our energy, forces and virial equal the peer's numbers recorded in
 * test/deepmd/torch_golden/water192.json, energy to 1e-10 relative, forces to 1e-10 eV/Å, virial to
 * 1e-10 of its largest component. The golden also holds hashes of the model and frame it was computed
 * on, so a changed model fails as "stale" instead of comparing different things.
 * With DPMD_TORCH=1: the peer also runs live (Debian's python3-torch, /usr/bin/python3 or $DPMD_PYTHON)
 * and must equal the golden to the same tolerances; DPMD_TORCH=1 UPDATE_GOLDENS=1 records the golden
 * afresh. Without torch, DPMD_TORCH=1 fails (it asked for the live peer); CI=true without DPMD_TORCH
 * is fine: `npm test` never needs torch.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeepPotEvaluator, type EvalOutput } from '../../src/deepmd/evaluator.js';
import { buildNeighbors, readWaterFrame, waterModel } from '../../scripts/deepmd_water.js';
import {
  openblasLibDir,
  peerDifference,
  probeTorch,
  runTorchPeer,
  tcmallocLib,
  usesOpenblas,
  usesTcmalloc,
  writeTorchInputs,
  type TorchResult,
} from '../../scripts/torch_deepmd_peer.js';

const WATER = fileURLToPath(new URL('../../systems/water/data/data_0', import.meta.url));
const GOLDEN = fileURLToPath(new URL('./torch_golden/water192.json', import.meta.url));
const TOL = 1e-10;

interface Golden {
  what: string;
  inputsSha256: string;
  torch: string;
  variant: string;
  blas: string[];
  malloc: string[];
  energy: number;
  force: number[];
  virial: number[];
}

let dir: string;
let inputsSha256: string;
let ours: { energy: number; force: Float64Array; virial: Float64Array };

beforeAll(async () => {
  const fr = readWaterFrame(WATER);
  const spec = waterModel(fr);
  const { g, nl } = buildNeighbors(fr, spec.descriptor.rcut);
  dir = mkdtempSync(join(tmpdir(), 'dpmd-torch-'));
  await writeTorchInputs(dir, spec, g, nl);
  const h = createHash('sha256');
  for (const f of ['model.json', 'frame.json', 'coord.f64', 'atype.i32', 'mapping.i32', 'nlist.i32'])
    h.update(readFileSync(join(dir, f)));
  inputsSha256 = h.digest('hex');
  const out: EvalOutput = {
    force: new Float64Array(3 * g.nall),
    virial: new Float64Array(9),
    atomEnergy: null,
    atomVirial: null,
  };
  const energy = new DeepPotEvaluator(spec).compute(g, nl, out);
  g.fold(out.force, 3);
  ours = { energy, force: out.force.slice(0, 3 * g.nlocal), virial: out.virial };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectAgree(
  a: Golden | TorchResult,
  b: { energy: number; force: ArrayLike<number>; virial: ArrayLike<number> },
  what: string,
): void {
  const d = peerDifference(a, b);
  expect(d.energyRel, `${what}: energy (relative)`).toBeLessThan(TOL);
  expect(d.forceAbs, `${what}: forces (eV/Å)`).toBeLessThan(TOL);
  expect(d.virialRel, `${what}: virial (relative to its largest component)`).toBeLessThan(TOL);
}

describe('PyTorch peer (DeePMD-kit pt arithmetic) vs dpmd-ts, water-size model, 192 water atoms', () => {
  const live = process.env.DPMD_TORCH === '1';

  it("the golden is the fair peer's (torch on OpenBLAS) for these inputs; with DPMD_TORCH=1 the live peer equals it", () => {
    if (live) {
      const probe = probeTorch();
      if (!probe.ok)
        throw new Error(
          `DPMD_TORCH=1 but the PyTorch peer is not usable: ${probe.why} (apt-get install python3-torch libopenblas0-openmp)`,
        );
      const r = runTorchPeer(dir, { threads: 1, precision: 'float64', repeats: 1 });
      expect(r.precision).toBe('float64');
      expect(r.variant).toBe('deepmd');
      expect(r.force.length).toBe(3 * 192);
      // the peer this test runs is the one the benchmark measures: on OpenBLAS when libopenblas0-openmp is there
      if (openblasLibDir()) expect(usesOpenblas(r), `BLAS mapped: ${r.blas.join(', ')}`).toBe(true);
      if (tcmallocLib()) expect(usesTcmalloc(r), `malloc mapped: ${r.malloc.join(', ')}`).toBe(true);
      if (process.env.UPDATE_GOLDENS === '1') {
        const golden: Golden = {
          what:
            'energy (eV), forces (192 x 3, eV/Å) and virial (eV, W_ab = Σ F_a x_b) of scripts/torch_deepmd.py (Debian python3-torch, float64, ' +
            "DeePMD-kit's ops, forces by autograd) for the water-size model of scripts/deepmd_water.ts on frame 0 of systems/water/data/data_0; " +
            'recorded by DPMD_TORCH=1 UPDATE_GOLDENS=1 npx vitest run test/deepmd/torch_peer.test.ts',
          inputsSha256,
          torch: r.torch,
          variant: r.variant,
          blas: r.blas,
          malloc: r.malloc,
          energy: r.energy,
          force: r.force,
          virial: r.virial,
        };
        writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 1)}\n`);
      }
      const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
      expect(golden.inputsSha256, 'golden is stale: record it with DPMD_TORCH=1 UPDATE_GOLDENS=1').toBe(inputsSha256);
      expectAgree(r, golden, 'live peer vs golden');
    }
    // always: the recorded numbers are the fair peer's, for exactly the model and frame built here
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
    expect(golden.inputsSha256, 'golden is stale: record it with DPMD_TORCH=1 UPDATE_GOLDENS=1').toBe(inputsSha256);
    expect(golden.torch).toMatch(/^1\./);
    expect(golden.variant, "the golden is the benchmark's peer (DeePMD-kit's ops)").toBe('deepmd');
    expect(
      golden.blas.some((p) => /openblas/i.test(p)),
      `golden BLAS: ${golden.blas.join(', ')}`,
    ).toBe(true);
    expect(golden.force.length).toBe(3 * 192);
    expect(golden.virial.length).toBe(9);
  });

  it('dpmd-ts float64 equals the peer: energy 1e-10 relative, forces 1e-10 eV/Å, virial 1e-10 relative', () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
    expect(golden.inputsSha256, 'golden is stale: record it with DPMD_TORCH=1 UPDATE_GOLDENS=1').toBe(inputsSha256);
    expect(golden.force.length).toBe(3 * 192);
    expectAgree(golden, ours, 'golden peer vs dpmd-ts');
    // the comparison can fail: a force off by 1e-9 is seen
    const perturbed = { ...ours, force: Float64Array.from(ours.force, (v, k) => (k === 7 ? v + 1e-9 : v)) };
    expect(peerDifference(golden, perturbed).forceAbs).toBeGreaterThan(TOL);
  });
});
