/**
 * Bad input and neighbor selection: unknown types, truncated/corrupted model files, unsupported
 * classes/keys (the error names both), and more neighbors than sel (DeePMD-kit keeps the nearest,
 * split by type; we warn once with the count).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { formatNeighbors, NeighborScratch } from '../../src/deepmd/kernels.js';
import { loadModelFile, modelToYaml, parseModelText } from '../../src/deepmd/model_file.js';
import { ModelFormatError, type ModelSpec } from '../../src/deepmd/spec.js';
import { FIXTURES, readCases } from './fixtures.js';

const seaText = readFileSync(`${FIXTURES}deeppot_sea.yaml`, 'utf8');

function mutated(edit: (m: Record<string, any>) => void): string {
  const raw = YAML.parse(seaText);
  edit(raw.model);
  return YAML.stringify(raw);
}

describe('bad input', () => {
  let dp: DeepPot;
  let dir: string;
  beforeAll(async () => {
    dp = await DeepPot.load(`${FIXTURES}deeppot_sea.yaml`);
    dir = mkdtempSync(join(tmpdir(), 'dpmd-bad-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('an element missing from type_map is named', () => {
    expect(Array.from(dp.typeIndex(['H', 'O', 'O']))).toEqual([1, 0, 0]);
    expect(() => dp.typeIndex(['O', 'C'])).toThrow("type 'C' is not in the model's type_map [O, H]");
    const c = readCases('deeppot-testcase.yaml')[0];
    expect(() => dp.eval(c.coord, c.box, [0, 1, 2, 0, 1, 1])).toThrow(/atom 2 has type 2.*type_map is \[O, H\]/);
    expect(() => dp.eval(c.coord.slice(0, 17), c.box, c.atype)).toThrow(/not a multiple/);
  });

  it('a truncated or corrupted .yaml stops with a ModelFormatError naming the file', () => {
    for (const frac of [0.5, 0.9, 0.02]) {
      const name = `cut${frac}.yaml`;
      expect(() => parseModelText(seaText.slice(0, Math.floor(seaText.length * frac)), name)).toThrow(ModelFormatError);
      expect(() => parseModelText(seaText.slice(0, Math.floor(seaText.length * frac)), name)).toThrow(name);
    }
    expect(() => parseModelText(seaText.replace('- 0.05033023990415701', '- [oops'), 'bad.yaml')).toThrow(
      /bad.yaml: cannot parse model file/,
    );
    expect(() => parseModelText(seaText.replace(/- 0\.05033023990415701/, '- abc'), 'bad.yaml')).toThrow(
      /non-numeric entry/,
    );
  });

  it('a truncated or corrupted .dp stops with a ModelFormatError', async () => {
    const bytes = readFileSync(`${FIXTURES}deeppot_sea.dp`);
    const cut = join(dir, 'cut.dp');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(loadModelFile(cut)).rejects.toThrow(ModelFormatError);
    await expect(loadModelFile(cut)).rejects.toThrow(/truncated HDF5 file: 25012 bytes, the superblock says 50024/);
    // damage inside the file (the JSON attribute or a dataset) is caught by the library or the validator
    const mid = join(dir, 'mid.dp');
    const damaged = Buffer.from(bytes);
    damaged.fill(0x5a, 2000, 40000);
    writeFileSync(mid, damaged);
    await expect(loadModelFile(mid)).rejects.toThrow(ModelFormatError);
    const junk = join(dir, 'junk.dp');
    writeFileSync(junk, Buffer.from('this is not an HDF5 file at all'.repeat(40)));
    await expect(loadModelFile(junk)).rejects.toThrow(/cannot open as HDF5/);
    await expect(loadModelFile(join(dir, 'missing.dp'))).rejects.toThrow(/model file not found/);
    await expect(loadModelFile(`${FIXTURES}README.md`)).rejects.toThrow(/unsupported model file extension/);
  });

  const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
    [
      'descriptor type',
      (m) => {
        m.descriptor.type = 'se_atten';
      },
      /Descriptor: unsupported descriptor type 'se_atten'.*key 'type'/,
    ],
    [
      'fitting type',
      (m) => {
        m.fitting.type = 'dipole';
      },
      /Fitting: unsupported fitting type 'dipole'.*key 'type'/,
    ],
    [
      'model type',
      (m) => {
        m.type = 'zbl';
      },
      /Model: unsupported model type 'zbl'.*key 'type'/,
    ],
    [
      'model class',
      (m) => {
        m['@class'] = 'LinearModel';
      },
      /Model: unsupported class 'LinearModel'.*key '@class'/,
    ],
    [
      'fparam',
      (m) => {
        m.fitting.numb_fparam = 2;
      },
      /Fitting \(ener\): unsupported numb_fparam = 2.*key 'numb_fparam'/,
    ],
    [
      'unknown layer key',
      (m) => {
        m.descriptor.embeddings.networks[0].layers[1].foo = 1;
      },
      /Layer \(.*\): unsupported key 'foo'/,
    ],
    [
      'activation',
      (m) => {
        m.fitting.nets.networks[1].layers[0].activation_function = 'swish';
      },
      /Layer .*unsupported activation_function 'swish'.*key 'activation_function'/,
    ],
    [
      'spin',
      (m) => {
        m.descriptor.spin = { use_spin: [true, false] };
      },
      /Descriptor \(se_e2_a\): spin models are not supported.*key 'spin'/,
    ],
    [
      'davg size',
      (m) => {
        m.descriptor['@variables'].davg.value.pop();
      },
      /Descriptor \(se_e2_a\): expected 1104 values.*key 'davg'/,
    ],
    [
      'sel length',
      (m) => {
        m.descriptor.sel = [46];
      },
      /has 1 entries for 2 types.*key 'sel'/,
    ],
  ];
  for (const [what, edit, re] of cases) {
    it(`unsupported or inconsistent ${what}: the error names class and key`, () => {
      expect(() => parseModelText(mutated(edit), 'm.yaml')).toThrow(re);
    });
  }
});

/** Reference selection written independently: all candidates within rcut, nearest sum(sel), split by type. */
function refSlots(i: number, x: number[], type: number[], rcut: number, sel: number[]): number[] {
  const cand: [number, number][] = [];
  for (let j = 0; j < type.length; j++) {
    if (j === i) continue;
    const r = Math.hypot(x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]);
    if (r <= rcut) cand.push([r, j]);
  }
  cand.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const kept = cand.slice(
    0,
    sel.reduce((a, b) => a + b, 0),
  );
  const out: number[] = [];
  sel.forEach((s, t) => {
    const of = kept
      .filter(([, j]) => type[j] === t)
      .map(([, j]) => j)
      .slice(0, s);
    out.push(...of, ...new Array(s - of.length).fill(-1));
  });
  return out;
}

describe('neighbor slots and sel overflow', () => {
  it('formatNeighbors equals an independent implementation of DeePMD-kit selection', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 120,
      sel = [3, 2, 4],
      rcut = 2.5;
    const x = Array.from({ length: 3 * n }, () => 8 * rnd());
    const type = Array.from({ length: n }, () => Math.floor(3 * rnd()));
    const sec = Int32Array.of(0, 3, 5, 9);
    const list = Int32Array.from({ length: n }, (_, j) => n - 1 - j); // unsorted candidates, incl. self
    const out = new Int32Array(9);
    const sc = new NeighborScratch();
    let anyDropped = false;
    for (let i = 0; i < n; i++) {
      const dropped = formatNeighbors(
        i,
        list,
        0,
        n,
        Float64Array.from(x),
        Int32Array.from(type),
        rcut,
        sel,
        sec,
        3,
        null,
        out,
        0,
        sc,
      );
      expect(Array.from(out)).toEqual(refSlots(i, x, type, rcut, sel));
      const within = refSlots(i, x, type, rcut, [n, n, n]).filter((j) => j >= 0).length;
      expect(dropped).toBe(within - Array.from(out).filter((j) => j >= 0).length);
      anyDropped ||= dropped > 0;
    }
    expect(anyDropped).toBe(true);
  });

  it('more neighbors than sel: the farthest are dropped, with one warning giving the count', async () => {
    const base: ModelSpec = await loadModelFile(`${FIXTURES}deeppot_sea.yaml`);
    // Same model with sel [2, 3]: keep the first slots of each type block of davg/dstd.
    const small = parseModelText(modelToYaml(base));
    const d = small.descriptor,
      newSel = [2, 3],
      oldSec = [0, 46, 138];
    const pick = (a: Float64Array): Float64Array => {
      const out: number[] = [];
      for (let ti = 0; ti < 2; ti++)
        for (let t = 0; t < 2; t++)
          for (let s = 0; s < newSel[t]; s++) {
            for (let c = 0; c < 4; c++) out.push(a[(ti * 138 + oldSec[t] + s) * 4 + c]);
          }
      return Float64Array.from(out);
    };
    d.davg = pick(d.davg);
    d.dstd = pick(d.dstd);
    d.sel = newSel;
    const warnings: string[] = [];
    const dp = new DeepPot(parseModelText(modelToYaml(small)), { warn: (m) => warnings.push(m) });
    const c = readCases('deeppot-testcase.yaml')[0];
    const r = dp.eval(c.coord, c.box, c.atype, true);
    expect(Number.isFinite(r.energy[0])).toBe(true);
    // expected count: neighbors within rcut over the 27 images (13 Å box, rcut 6) minus kept slots
    const xs: number[] = [...c.coord],
      ts: number[] = [...c.atype];
    for (let a = -1; a <= 1; a++)
      for (let b = -1; b <= 1; b++)
        for (let e = -1; e <= 1; e++) {
          if (a === 0 && b === 0 && e === 0) continue;
          c.atype.forEach((t, i) => {
            xs.push(c.coord[3 * i] + 13 * a, c.coord[3 * i + 1] + 13 * b, c.coord[3 * i + 2] + 13 * e);
            ts.push(t);
          });
        }
    let expected = 0;
    for (let i = 0; i < 6; i++) {
      const all = refSlots(i, xs, ts, 6, [1000, 1000]).filter((j) => j >= 0).length;
      expected += all - refSlots(i, xs, ts, 6, newSel).filter((j) => j >= 0).length;
    }
    const dropped = dp.evaluator.lastDropped;
    expect(dropped).toBe(expected);
    expect(dropped).toBeGreaterThan(0);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain(`${dropped} neighbor(s)`);
    expect(warnings[0]).toContain('sel = [2, 3]');
    dp.eval(c.coord, c.box, c.atype);
    expect(warnings.length).toBe(1);
    // the model with the full sel drops nothing and does not warn
    const w2: string[] = [];
    const dpFull = new DeepPot(base, { warn: (m) => w2.push(m) });
    dpFull.eval(c.coord, c.box, c.atype);
    expect(dpFull.evaluator.lastDropped).toBe(0);
    expect(w2.length).toBe(0);
  });
});
