/**
 * TensorFlow frozen graphs (DeePMD-kit v1 graphs from DeePMD-kit's own C++ inference tests): the text
 * GraphDef is converted to binary here (as DeePMD-kit's tests do with TensorFlow's text_format), both
 * forms load, and energies, forces, virials and per-atom values match DeePMD-kit's reference values
 * (PBC and open boundaries) to 1e-10. Also: `dpmd convert` to .dp/.yaml gives the same numbers, a deck
 * with `pair_style deepmd model.pb` runs, other graph layouts are refused by name, and damaged .pb
 * files end in a ModelFormatError.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { registerAll } from '../../src/commands/index.js';
import { Deck } from '../../src/deck.js';
import { DeepPot } from '../../src/deepmd/deep_pot.js';
import { loadModelFile } from '../../src/deepmd/model_file.js';
import { ModelFormatError, type ModelSpec } from '../../src/deepmd/spec.js';
import { decodeGraphDef, encodeGraphDef, type GraphDef } from '../../src/deepmd/tf_graphdef.js';
import { modelFromGraph, modelFromPb } from '../../src/deepmd/tf_graph.js';
import { parsePbtxt } from '../../src/deepmd/tf_pbtxt.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';

const TF = fileURLToPath(new URL('../fixtures/deepmd-kit/tf/', import.meta.url));
const CLI = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/cli.js');

interface Case {
  coord: number[];
  atype: number[];
  box: number[] | null;
  energy: number;
  atomic_energy: number[];
  force: number[];
  atomic_virial: number[];
  virial: number[];
}

const dir = mkdtempSync(join(tmpdir(), 'dpmd-tf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function checkCases(spec: ModelSpec, name: string, label: string): void {
  const cases = (YAML.parse(readFileSync(`${TF}${name}-pbtxt-testcase.yaml`, 'utf8')) as { results: Case[] }).results;
  expect(cases.length).toBeGreaterThanOrEqual(2);
  expect(cases.some((c) => c.box === null)).toBe(true);
  const dp = new DeepPot(spec);
  for (const c of cases) {
    const r = dp.eval(c.coord, c.box, c.atype, true);
    const errs = {
      energy: Math.abs(r.energy[0] - c.energy),
      atomEnergy: maxAbs(r.atomEnergy!, c.atomic_energy),
      force: maxAbs(r.force, c.force),
      virial: maxAbs(r.virial, c.virial),
      atomVirial: maxAbs(r.atomVirial!, c.atomic_virial),
    };
    console.log(
      `${label} ${c.box ? 'PBC' : 'open'}: ${Object.entries(errs)
        .map(([k, v]) => `${k} ${v.toExponential(1)}`)
        .join(', ')}`,
    );
    for (const v of Object.values(errs)) expect(v).toBeLessThan(1e-10);
  }
}

const graphs: Record<string, GraphDef> = {};
const pbPath = (name: string): string => join(dir, `${name}.pb`);

for (const name of ['deeppot', 'deeppot-r']) {
  describe(`TensorFlow graph ${name}.pbtxt`, () => {
    it('text -> binary GraphDef round trip keeps every node, op, input and attribute', () => {
      const g = parsePbtxt(readFileSync(`${TF}${name}.pbtxt`, 'utf8'));
      graphs[name] = g;
      const bytes = encodeGraphDef(g);
      writeFileSync(pbPath(name), bytes);
      const back = decodeGraphDef(bytes);
      expect(back.nodes.length).toBe(g.nodes.length);
      expect(g.nodes.length).toBeGreaterThan(1000);
      for (let k = 0; k < g.nodes.length; k++) {
        expect(back.nodes[k].name).toBe(g.nodes[k].name);
        expect(back.nodes[k].op).toBe(g.nodes[k].op);
        expect(back.nodes[k].input).toEqual(g.nodes[k].input);
        expect([...back.nodes[k].attr.keys()]).toEqual([...g.nodes[k].attr.keys()]);
      }
      // encoding the decoded graph again gives the same bytes
      expect(Buffer.from(encodeGraphDef(back)).equals(Buffer.from(bytes))).toBe(true);
    });

    it('binary .pb and text .pbtxt both match DeePMD-kit (PBC and open boundaries) to 1e-10', async () => {
      checkCases(await loadModelFile(pbPath(name)), name, `${name}.pb`);
      checkCases(await loadModelFile(`${TF}${name}.pbtxt`), name, `${name}.pbtxt`);
    });

    it('settings recovered from the graph', async () => {
      const s = await loadModelFile(pbPath(name));
      expect(s.typeMap).toEqual(['O', 'H']);
      expect(s.descriptor.type).toBe(name === 'deeppot' ? 'se_e2_a' : 'se_e2_r');
      expect(s.descriptor.sel).toEqual([46, 92]);
      expect(s.descriptor.rcut).toBe(6);
      expect(s.descriptor.rcutSmth).toBe(name === 'deeppot' ? 0.5 : 1);
      expect(s.descriptor.typeOneSide).toBe(false);
      expect(s.descriptor.activation).toBe('tanh');
      expect(s.fitting.resnetDt).toBe(true);
    });

    it('dpmd convert writes DeePMD-kit .dp and .yaml that give the same numbers', async () => {
      for (const ext of ['.dp', '.yaml']) {
        const out = join(dir, `${name}-conv${ext}`);
        const r = spawnSync(process.execPath, [CLI, 'convert', '-i', pbPath(name), '-o', out], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const spec = await loadModelFile(out);
        checkCases(spec, name, `${name}.pb -> ${ext}`);
        if (ext === '.yaml') {
          const raw = YAML.parse(readFileSync(out, 'utf8'));
          expect(raw.model['@class']).toBe('Model');
          expect(raw.model.descriptor.type).toBe(name === 'deeppot' ? 'se_e2_a' : 'se_r');
          expect(raw.model_def_script.descriptor.sel).toEqual([46, 92]);
        }
      }
    });
  });
}

describe('TensorFlow graphs: decks, refusals, damage', () => {
  it('pair_style deepmd model.pb in a deck: run 0 energy and forces equal DeePMD-kit', () => {
    const c = (YAML.parse(readFileSync(`${TF}deeppot-pbtxt-testcase.yaml`, 'utf8')) as { results: Case[] }).results[0];
    const L = [c.box![0], c.box![4], c.box![8]];
    const lines = [
      'tf graph deck',
      '',
      `${c.atype.length} atoms`,
      '2 atom types',
      '',
      `0 ${L[0]} xlo xhi`,
      `0 ${L[1]} ylo yhi`,
      `0 ${L[2]} zlo zhi`,
      '',
      'Masses',
      '',
      '1 15.9994',
      '2 1.00794',
      '',
      'Atoms',
      '',
    ];
    c.atype.forEach((t, i) => {
      lines.push(`${i + 1} ${t + 1} ${c.coord[3 * i]} ${c.coord[3 * i + 1]} ${c.coord[3 * i + 2]}`);
    });
    writeFileSync(join(dir, 'w.data'), `${lines.join('\n')}\n`);
    registerAll();
    const sim = new Simulation(new Output({ screen: false, capture: true }));
    new Deck(sim).runText(
      `units metal\nboundary p p p\natom_style atomic\nread_data ${join(dir, 'w.data')}\n` +
        `pair_style deepmd ${pbPath('deeppot')}\npair_coeff * * O H\nrun 0\n`,
    );
    expect(Math.abs(sim.pe - c.energy)).toBeLessThan(1e-10);
    const f = new Float64Array(3 * c.atype.length);
    for (let i = 0; i < sim.system.n; i++)
      for (let d = 0; d < 3; d++) f[3 * (sim.system.tag[i] - 1) + d] = sim.system.f[3 * i + d];
    expect(maxAbs(f, c.force)).toBeLessThan(1e-10);
  });

  const mutate = (edit: (g: GraphDef) => void): GraphDef => {
    const g = parsePbtxt(readFileSync(`${TF}deeppot.pbtxt`, 'utf8'));
    edit(g);
    return g;
  };
  const cases: [string, (g: GraphDef) => void, RegExp][] = [
    [
      'se_atten (ProdEnvMatAMix)',
      (g) => {
        g.nodes.find((n) => n.op === 'ProdEnvMatA')!.op = 'ProdEnvMatAMix';
      },
      /se_atten \/ dpa1.*ProdEnvMatAMix.*not supported by dpmd-ts/,
    ],
    [
      'type embedding',
      (g) => {
        g.nodes[0].name = 'type_embed_net/matrix_1';
      },
      /type embedding.*not supported by dpmd-ts/,
    ],
    [
      'dipole model',
      (g) => {
        g.nodes.find((n) => n.name === 'o_energy')!.name = 'o_dipole';
      },
      /a dipole model.*not supported by dpmd-ts/,
    ],
    [
      'compressed graph',
      (g) => {
        g.nodes[5].op = 'TabulateFusionSeA';
      },
      /compressed graph.*TabulateFusionSeA/,
    ],
    [
      'model_type',
      (g) => {
        g.nodes.find((n) => n.name === 'model_attr/model_type')!.attr.get('value')!.tensor!.stringVal = [
          Buffer.from('polar'),
        ];
      },
      /model_type 'polar' is not supported by dpmd-ts/,
    ],
    [
      'hybrid',
      (g) => {
        g.nodes.push({ ...g.nodes.find((n) => n.op === 'ProdEnvMatA')!, name: 'ProdEnvMatA_1' });
      },
      /hybrid descriptors are not supported/,
    ],
    [
      'missing fitting layer',
      (g) => {
        g.nodes = g.nodes.filter((n) => n.name !== 'final_layer_type_1/matrix');
      },
      /final_layer_type_1\/matrix' is missing/,
    ],
    [
      'wrong weight shape',
      (g) => {
        const d = g.nodes.find((n) => n.name === 'layer_0_type_0/matrix')!.attr.get('value')!.tensor!.shape.dims;
        expect(d[0]).not.toBe(d[1]);
        d.reverse();
      },
      /layer_0_type_0\/bias' has \d+ values, expected \d+/,
    ],
    [
      'NaN weight',
      (g) => {
        const t = g.nodes.find((n) => n.name === 'filter_type_0/bias_1_0')!.attr.get('value')!.tensor!;
        const c = Buffer.from(t.content!);
        c.writeDoubleLE(NaN, 0);
        t.content = c;
      },
      /filter_type_0\/bias_1_0': non-finite value at 0/,
    ],
    [
      'fparam',
      (g) => {
        g.nodes.find((n) => n.name === 'fitting_attr/dfparam')!.attr.get('value')!.tensor!.intVal = [2];
      },
      /dfparam = 2: frame\/atomic parameters are not supported by dpmd-ts/,
    ],
  ];
  for (const [what, edit, re] of cases) {
    it(`refused by name: ${what}`, () => {
      const g = mutate(edit);
      expect(() => modelFromGraph(g, 'x.pb')).toThrow(ModelFormatError);
      expect(() => modelFromGraph(g, 'x.pb')).toThrow(re);
      // and the same through the binary form
      expect(() => modelFromPb(encodeGraphDef(g), 'x.pb')).toThrow(re);
    });
  }

  it('truncated or garbage .pb files end in a ModelFormatError naming the file', async () => {
    const bytes = readFileSync(pbPath('deeppot'));
    for (const frac of [0.001, 0.3, 0.77, 0.9999]) {
      const p = join(dir, `cut${frac}.pb`);
      writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * frac)));
      await expect(loadModelFile(p)).rejects.toThrow(ModelFormatError);
      await expect(loadModelFile(p)).rejects.toThrow(p);
    }
    const junk = join(dir, 'junk.pb');
    writeFileSync(junk, Buffer.from('this is not a protobuf at all '.repeat(50)));
    await expect(loadModelFile(junk)).rejects.toThrow(/junk\.pb: (not a TensorFlow GraphDef|TF graph)/);
    const badText = join(dir, 'bad.pbtxt');
    writeFileSync(
      badText,
      'node {\n  name: "x"\n  op: "Const"\n  attr { key: "value" value { tensor { dtype: DT_DOUBLE bogus_field: 1 } } }\n}\n',
    );
    await expect(loadModelFile(badText)).rejects.toThrow(
      /bad\.pbtxt: cannot parse text GraphDef: line 4: unknown field 'bogus_field' in TensorProto/,
    );
  });
});
