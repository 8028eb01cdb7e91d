/**
 * Every layout DeePMD-kit's serialize() has written for se_e2_a / se_e2_r energy models loads and gives
 * the fixtures' reference numbers: the dicts of each schema version are built from the vendored
 * fixtures (rewritten to that version's keys), then evaluated on DeePMD-kit's test blocks. The options
 * that change numbers are checked against independent computations (excluded pairs by splitting the
 * system, excluded atoms and biases against the reference atomic energies), and each refusal names
 * the key, its value and "not supported by dpmd-ts".
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { parseModelText } from '../../src/deepmd/model_file.js';
import { ModelFormatError } from '../../src/deepmd/spec.js';

const FIX = fileURLToPath(new URL('../fixtures/deepmd-kit/', import.meta.url));
type D = Record<string, any>;
interface Block {
  coord: number[];
  atype: number[];
  box: number[] | null;
  atomic_energy: number[];
  force: number[];
}

const text = { sea: readFileSync(`${FIX}deeppot_sea.yaml`, 'utf8'), r: readFileSync(`${FIX}deeppot-r.yaml`, 'utf8') };
const blocks = {
  sea: (YAML.parse(readFileSync(`${FIX}deeppot-testcase.yaml`, 'utf8')) as { results: Block[] }).results,
  r: (YAML.parse(readFileSync(`${FIX}deeppot-r-testcase.yaml`, 'utf8')) as { results: Block[] }).results,
};

const raw = (which: 'sea' | 'r'): D => YAML.parse(text[which]) as D;
const load = (d: D): DeepPot => new DeepPot(parseModelText(YAML.stringify(d), 'm.yaml'));
const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0);
const nd = (value: unknown): D => ({
  '@class': 'np.ndarray',
  '@is_variable': true,
  '@version': 1,
  dtype: 'float64',
  value,
});

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function nets(m: D): D[] {
  return [...m.descriptor.embeddings.networks, ...m.fitting.nets.networks].filter((n: D) => n && Object.keys(n).length);
}

/** Rewrite the (version 2) fixture dict to the layout of one schema generation. */
const LAYOUTS: Record<string, (root: D) => void> = {
  // DeePMD-kit 3.0 alphas: Model/Descriptor/Fitting/EmbeddingNetwork @version 1 (no out_bias/out_std,
  // no exclusion lists, no type_map in the parts, no embedding 'bias' flag, env_mat without protection)
  'v1 (3.0 alpha)': (root) => {
    const m = root.model;
    m['@version'] = 1;
    for (const k of ['@variables', 'atom_exclude_types', 'pair_exclude_types', 'preset_out_bias', 'rcond']) delete m[k];
    m.descriptor['@version'] = 1;
    for (const k of ['type_map', 'env_protection', 'spin']) delete m.descriptor[k];
    m.fitting['@version'] = 1;
    for (const k of ['type_map', 'exclude_types', 'mixed_types', 'spin', 'layer_name']) delete m.fitting[k];
    for (const n of nets(m))
      if (n['@class'] === 'EmbeddingNetwork') {
        n['@version'] = 1;
        delete n.bias;
      }
  },
  'v2 (3.0, the fixtures)': () => undefined,
  // 3.0.x / 3.1: Fitting @version 3 with dim_case_embd and case_embd; env_mat with protection and use_exp_switch
  'v3 (3.1)': (root) => {
    const m = root.model;
    m.fitting['@version'] = 3;
    m.fitting.dim_case_embd = 0;
    m.fitting['@variables'].case_embd = null;
    m.descriptor.env_mat = { ...m.descriptor.env_mat, protection: 0.0, use_exp_switch: false };
    m.descriptor.seed = 1;
  },
  // current: Fitting @version 4 with default_fparam, Layer @version 2 with trainable, invar fitting type
  'v4 (current)': (root) => {
    LAYOUTS['v3 (3.1)'](root);
    const m = root.model;
    m.fitting['@version'] = 4;
    m.fitting.type = 'invar';
    m.fitting.default_fparam = null;
    m.fitting.remove_vaccum_contribution = null;
    m.fitting.seed = 1;
    for (const n of nets(m))
      for (const l of n.layers) {
        l['@version'] = 2;
        l.trainable = true;
      }
  },
};

describe('schema versions: each generation of DeePMD-kit serialization loads and matches the fixtures', () => {
  for (const [name, rewrite] of Object.entries(LAYOUTS)) {
    for (const which of ['sea', 'r'] as const) {
      it(`${name}, ${which === 'sea' ? 'se_e2_a' : 'se_e2_r'}: energies and forces to 1e-10`, () => {
        const d = raw(which);
        rewrite(d);
        const dp = load(d);
        for (const b of blocks[which]) {
          const r = dp.eval(b.coord, b.box, b.atype, true);
          expect(Math.abs(r.energy[0] - sum(b.atomic_energy))).toBeLessThan(1e-10);
          expect(maxAbs(r.atomEnergy!, b.atomic_energy)).toBeLessThan(1e-10);
          expect(maxAbs(r.force, b.force)).toBeLessThan(1e-10);
        }
      });
    }
  }
});

describe('options that change numbers, against independent computations', () => {
  const b = blocks.sea[1]; // open boundaries: the subsystems below are well defined
  const pick = (t: number): { coord: number[]; atype: number[] } => {
    const idx = b.atype.map((x, i) => (x === t ? i : -1)).filter((i) => i >= 0);
    return { coord: idx.flatMap((i) => b.coord.slice(3 * i, 3 * i + 3)), atype: idx.map(() => t) };
  };
  const splitEnergy = (dp: DeepPot): number =>
    [0, 1].reduce((s, t) => s + dp.eval(pick(t).coord, null, pick(t).atype).energy[0], 0);

  it('pair_exclude_types [[0, 1]]: energy = E(O atoms alone) + E(H atoms alone) with the plain model', () => {
    const plain = load(raw('sea'));
    const d = raw('sea');
    d.model.pair_exclude_types = [[0, 1]];
    const e = load(d).eval(b.coord, null, b.atype).energy[0];
    expect(Math.abs(e - splitEnergy(plain))).toBeLessThan(1e-10);
    expect(Math.abs(e - sum(b.atomic_energy))).toBeGreaterThan(1e-3); // the exclusion does change the energy
  });

  it('descriptor exclude_types [[0, 1]] with davg = 0: excluded rows equal padding, so the split energy again', () => {
    const zeroAvg = (d: D): D => {
      const v = d.model.descriptor['@variables'].davg;
      v.value = JSON.parse(JSON.stringify(v.value), (_k, x) => (typeof x === 'number' ? 0 : x));
      return d;
    };
    const plain = load(zeroAvg(raw('sea')));
    const d = zeroAvg(raw('sea'));
    d.model.descriptor.exclude_types = [[0, 1]];
    const e = load(d).eval(b.coord, null, b.atype).energy[0];
    expect(Math.abs(e - splitEnergy(plain))).toBeLessThan(1e-10);
  });

  it('atom_exclude_types [1]: H atomic energies are 0, O atomic energies are the reference values', () => {
    const d = raw('sea');
    d.model.atom_exclude_types = [1];
    const r = load(d).eval(b.coord, null, b.atype, true);
    b.atype.forEach((t, i) => {
      expect(Math.abs(r.atomEnergy![i] - (t === 1 ? 0 : b.atomic_energy[i]))).toBeLessThan(1e-10);
    });
  });

  it('out_bias adds per type, out_std does not scale the energy (DeePMD-kit apply_out_stat), fitting exclude_types keeps out_bias', () => {
    const d = raw('sea');
    d.model['@variables'].out_bias = nd([[[0.5], [-0.25]]]);
    d.model['@variables'].out_std = nd([[[2.0], [3.0]]]);
    let r = load(d).eval(b.coord, null, b.atype, true);
    b.atype.forEach((t, i) => {
      expect(Math.abs(r.atomEnergy![i] - (b.atomic_energy[i] + (t === 0 ? 0.5 : -0.25)))).toBeLessThan(1e-10);
    });
    d.model.fitting.exclude_types = [1];
    r = load(d).eval(b.coord, null, b.atype, true);
    b.atype.forEach((t, i) => {
      expect(Math.abs(r.atomEnergy![i] - (t === 0 ? b.atomic_energy[i] + 0.5 : -0.25))).toBeLessThan(1e-10);
    });
  });
});

describe('refusals name the key, its value and "not supported by dpmd-ts"', () => {
  const cases: [string, (m: D) => void, RegExp][] = [
    [
      'env_mat.use_exp_switch true',
      (m) => {
        m.descriptor.env_mat.use_exp_switch = true;
      },
      /env_mat: use_exp_switch = true is not supported by dpmd-ts.*key 'use_exp_switch'/,
    ],
    [
      'numb_fparam 2',
      (m) => {
        m.fitting.numb_fparam = 2;
      },
      /numb_fparam = 2: .*not supported by dpmd-ts.*key 'numb_fparam'/,
    ],
    [
      'dim_case_embd 3',
      (m) => {
        m.fitting.dim_case_embd = 3;
      },
      /dim_case_embd = 3: .*not supported by dpmd-ts/,
    ],
    [
      'atom_ener',
      (m) => {
        m.fitting.atom_ener = [1.5, null];
      },
      /atom_ener \[1.5,null\] .*not supported by dpmd-ts.*key 'atom_ener'/,
    ],
    [
      'remove_vaccum_contribution',
      (m) => {
        m.fitting.remove_vaccum_contribution = [true, false];
      },
      /remove_vaccum_contribution = \[true,false\] is not supported by dpmd-ts/,
    ],
    [
      'fitting scale',
      (m) => {
        m.fitting['@variables'].scale = nd([[2.0], [1.0]]);
      },
      /scale other than 1 is not supported by dpmd-ts.*key 'scale'/,
    ],
    [
      'Model @version 3',
      (m) => {
        m['@version'] = 3;
      },
      /Model: @version 3 is not supported by dpmd-ts.*key '@version'/,
    ],
    [
      'Descriptor @version 9',
      (m) => {
        m.descriptor['@version'] = 9;
      },
      /Descriptor \(se_e2_a\): @version 9 is not supported by dpmd-ts/,
    ],
    [
      'Fitting @version 5',
      (m) => {
        m.fitting['@version'] = 5;
      },
      /Fitting \(ener\): @version 5 is not supported by dpmd-ts/,
    ],
    [
      'unknown key',
      (m) => {
        m.fitting.new_thing = 1;
      },
      /unsupported key 'new_thing' \(not supported by dpmd-ts/,
    ],
    [
      'spin',
      (m) => {
        m.descriptor.spin = { use_spin: [true] };
      },
      /spin models are not supported by dpmd-ts/,
    ],
    [
      'env_mat protection differs',
      (m) => {
        m.descriptor.env_mat.protection = 0.1;
      },
      /env_mat protection = 0.1 differs from the descriptor's 0/,
    ],
  ];
  for (const [what, edit, re] of cases) {
    it(what, () => {
      const d = raw('sea');
      edit(d.model);
      const f = (): unknown => parseModelText(YAML.stringify(d), 'm.yaml');
      expect(f).toThrow(ModelFormatError);
      expect(f).toThrow(re);
      expect(f).not.toThrow(/corrupted/);
    });
  }
});
