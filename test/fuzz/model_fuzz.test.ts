/**
 * Seeded fuzzing of model files, in process: a few hundred mutants of DeePMD-kit's fixture models
 * (deleted/renamed keys, wrong types, huge/negative/fractional/NaN numbers, NaN weights, shape changes;
 * truncated or damaged .yaml/.dp/.pb bytes; a YAML alias bomb). Every load must either give finite
 * energies (equal to the unmutated model's unless the mutation touched a value that legitimately
 * changes the physics) or throw a ModelFormatError whose message names the key (or the file, for
 * byte damage). Never another exception type, never a hang (each load is timed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { loadModelFile, parseModelDict, parseModelText } from '../../src/deepmd/model_file.js';
import { ModelFormatError, type ModelSpec } from '../../src/deepmd/spec.js';
import { encodeGraphDef } from '../../src/deepmd/tf_graphdef.js';
import { parsePbtxt } from '../../src/deepmd/tf_pbtxt.js';
import { ALIAS_BOMB, makeByteMutants, makeRawMutants, MEANINGFUL } from '../../scripts/fuzz_models.js';

const FIX = fileURLToPath(new URL('../fixtures/deepmd-kit/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dpmd-modelfuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const block = (
  YAML.parse(readFileSync(`${FIX}deeppot-testcase.yaml`, 'utf8')) as {
    results: { coord: number[]; atype: number[]; box: number[] }[];
  }
).results[0];

/** Longest a single load + evaluation may take (ms): far above the ~50 ms a fixture takes, far below a hang. */
const MAX_MS = 5000;

function energy(spec: ModelSpec): number {
  return new DeepPot(spec).eval(block.coord, block.box, block.atype).energy[0];
}

interface Tally {
  loads: number;
  errors: number;
  accepted: number;
  changed: number;
  failures: string[];
}

function expectNamed(e: unknown, names: string[], what: string): void {
  if (!(e instanceof ModelFormatError))
    throw new Error(
      `${what}: threw ${(e as Error)?.name ?? typeof e} instead of ModelFormatError: ${(e as Error)?.message}`,
    );
  const msg = e.message;
  expect(
    msg.includes("(key '") || names.some((n) => n && msg.includes(n)),
    `${what}: message does not name the key: ${msg}`,
  ).toBe(true);
  expect(msg, `${what}: message shows an internal value: ${msg}`).not.toMatch(/undefined|\[object Object\]/);
}

/** Run one mutant; a failed expectation is recorded (all failures are reported together at the end). */
function check(
  t: Tally,
  what: string,
  names: string[],
  baseline: number,
  load: () => ModelSpec,
  meaningful: boolean,
): void {
  try {
    checkOne(t, what, names, baseline, load, meaningful);
  } catch (e) {
    t.failures.push(`${what}: ${(e as Error).message.split('\n')[0].slice(0, 300)}`);
  }
}

function checkOne(
  t: Tally,
  what: string,
  names: string[],
  baseline: number,
  load: () => ModelSpec,
  meaningful: boolean,
): void {
  const t0 = performance.now();
  let spec: ModelSpec;
  t.loads++;
  try {
    spec = load();
  } catch (e) {
    expectNamed(e, names, what);
    t.errors++;
    expect(performance.now() - t0, `${what}: took too long`).toBeLessThan(MAX_MS);
    return;
  }
  let e: number;
  try {
    e = energy(spec);
  } catch (err) {
    throw new Error(`${what}: loaded, then evaluation threw ${(err as Error).name}: ${(err as Error).message}`);
  }
  expect(Number.isFinite(e), `${what}: accepted with energy ${e}`).toBe(true);
  if (e !== baseline) {
    expect(meaningful, `${what}: accepted, energy ${e} differs from the unmutated ${baseline}`).toBe(true);
    t.changed++;
  }
  t.accepted++;
  expect(performance.now() - t0, `${what}: took too long`).toBeLessThan(MAX_MS);
}

describe('model-file fuzzing (seeded)', () => {
  for (const [name, seed, count] of [
    ['deeppot_sea.yaml', 11, 150],
    ['deeppot-r.yaml', 12, 100],
  ] as const) {
    it(`${count} dict mutants of ${name}: clean errors naming the key, or finite and explained energies`, () => {
      const base = YAML.parse(readFileSync(FIX + name, 'utf8'));
      const baseline = energy(parseModelDict(base, name));
      const t: Tally = { loads: 0, errors: 0, accepted: 0, changed: 0, failures: [] };
      for (const m of makeRawMutants(base, count, seed)) {
        const path = m.path.split(/[.[\]]/).filter((x) => x && !/^\d+$/.test(x));
        check(
          t,
          `${m.kind} ${m.path}`,
          [m.key, `${m.key}_renamed`, ...path],
          baseline,
          () => parseModelDict(m.raw, 'm.yaml'),
          path.some((p) => MEANINGFUL.has(p)),
        );
      }
      console.log(
        `${name}: ${t.loads} mutants, ${t.errors} clean errors, ${t.accepted} accepted (${t.changed} with a changed energy)`,
      );
      expect(t.failures).toEqual([]);
      expect(t.errors).toBeGreaterThan(count / 3);
    });
  }

  it('byte damage of .yaml, .dp and .pb files, and a YAML alias bomb: ModelFormatError naming the file', async () => {
    const t: Tally = { loads: 0, errors: 0, accepted: 0, changed: 0, failures: [] };
    const pb = encodeGraphDef(parsePbtxt(readFileSync(`${FIX}tf/deeppot.pbtxt`, 'utf8')));
    const sources: [string, Uint8Array, number][] = [
      ['.yaml', readFileSync(`${FIX}deeppot_sea.yaml`), 30],
      ['.dp', readFileSync(`${FIX}deeppot_sea.dp`), 30],
      ['.pb', pb, 40],
    ];
    for (const [ext, bytes, n] of sources) {
      const file = join(dir, `x${ext}`);
      writeFileSync(file, bytes);
      const baseline = energy(await loadModelFile(file));
      for (const [k, m] of makeByteMutants(bytes, ext, n, 21).entries()) {
        const f = join(dir, `m${k}${ext}`);
        writeFileSync(f, m.bytes);
        let spec: ModelSpec | null = null,
          err: unknown = null;
        const t0 = performance.now();
        try {
          spec = await loadModelFile(f);
        } catch (e) {
          err = e;
        }
        // byte damage inside a number can still parse: then the physics may change, but must stay finite
        check(
          t,
          `${m.kind} ${f}`,
          [f],
          baseline,
          () => {
            if (err) throw err;
            return spec!;
          },
          true,
        );
        expect(performance.now() - t0).toBeLessThan(MAX_MS);
      }
    }
    const t0 = performance.now();
    expect(() => parseModelText(ALIAS_BOMB, 'bomb.yaml')).toThrow(
      /bomb\.yaml: YAML aliases expand beyond the bound \(maxAliasCount 100\)/,
    );
    expect(performance.now() - t0).toBeLessThan(MAX_MS);
    console.log(
      `byte mutants: ${t.loads}, ${t.errors} clean errors, ${t.accepted} accepted (${t.changed} with a changed energy)`,
    );
    expect(t.failures).toEqual([]);
    expect(t.errors).toBeGreaterThan(50);
  });

  it('huge sizes are refused before allocation, naming key, value and bound', () => {
    const base = YAML.parse(readFileSync(`${FIX}deeppot_sea.yaml`, 'utf8'));
    const cases: [(m: any) => void, RegExp][] = [
      [
        (m) => {
          m.descriptor.rcut = 1000;
        },
        /rcut = 1000 exceeds the dpmd-ts bound 32 Å.*key 'rcut'/,
      ],
      [
        (m) => {
          m.descriptor.sel = [1e9, 92];
        },
        /entry 1000000000 is outside 0\.\.16384 \(dpmd-ts bound\).*key 'sel'/,
      ],
      [
        (m) => {
          m.descriptor.neuron = [3, 6, 1e7];
        },
        /entry 10000000 is outside 1\.\.16384.*key 'neuron'/,
      ],
      [
        (m) => {
          m.descriptor.sel = [-46, 92];
        },
        /entry -46 is outside 0\.\.16384.*key 'sel'/,
      ],
      [
        (m) => {
          m.descriptor.sel = [45.5, 92];
        },
        /expected a list of integers.*key 'sel'/,
      ],
      [
        (m) => {
          m.descriptor.axis_neuron = 0;
        },
        /must be in 1\.\.12.*key 'axis_neuron'/,
      ],
      [
        (m) => {
          m.fitting.neuron = [10, 0, 10];
        },
        /entry 0 is outside 1\.\.16384.*key 'neuron'/,
      ],
    ];
    for (const [edit, re] of cases) {
      const raw = structuredClone(base);
      edit(raw.model);
      expect(() => parseModelDict(raw, 'm.yaml')).toThrow(re);
    }
  });
});
