/**
 * `dpmd rid` configuration: rid-kit's rid.json key names where they exist (rid-kit
 * examples/rid_json_files/rid_ala2.json): numb_walkers, numb_iters, trust_lvl_1, trust_lvl_2, CV
 * (angular_mask), ExploreMDConfig (nsteps, temperature, output_freq, dt), SelectorConfig
 * (max_selection, cluster_threshold), LabelMDConfig (nsteps, temperature, dt, kappas, method, tail),
 * Train (numb_models, neurons, batch_size, epoches, init_lr, decay_steps, decay_rate, resnet,
 * drop_out_rate, restart). dpmd's own keys: seed, sampler ("torus" now, "md" once the molecular
 * sampler lands), torus (the analytic test system), basins (named CV points for the log's Delta F).
 * Read through config_reader.ts: types and ranges checked, unknown keys named with their path.
 * Units: CVs in radians (periodic) or their own unit; energies kJ/mol; trust levels are spreads of the
 * mean force, kJ/mol per CV unit; kappas kJ/mol per CV unit squared.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type ConfigObject, readConfigFile } from '../config_reader.js';
import { TORUS_POTENTIALS, type TorusPotentialSpec } from './torus_potential.js';

export interface RidConfig {
  file: string;
  name: string;
  seed: number;
  numbWalkers: number;
  numbIters: number;
  trustLvl1: number;
  trustLvl2: number;
  sampler: 'torus' | 'md';
  torus: { potential: TorusPotentialSpec; diffusion: number; threads: number };
  /** The molecular sampler's system (sampler "md"), null for the torus. */
  md: MdSystemConfig | null;
  angularMask: boolean[];
  explore: { nsteps: number; temperature: number; outputFreq: number; dt: number };
  select: { maxSelection: number; clusterThreshold: number };
  label: { nsteps: number; temperature: number; dt: number; kappas: number[]; tail: number };
  train: {
    numbModels: number;
    neurons: number[];
    batchSize: number;
    epochs: number;
    initLr: number;
    decaySteps: number;
    decayRate: number;
    restart: boolean;
  };
  /** Named CV points (radians for periodic CVs) whose free-energy differences are logged. */
  basins: { name: string; s: number[] }[];
}

/** sampler "md": the molecule, its force field as deck commands, the CVs (torsions) and the MD settings. */
export interface MdSystemConfig {
  /** LAMMPS data file (absolute; given relative to the config file). */
  data: string;
  /** Deck commands before read_data (units real, styles) and after it (special_bonds, neighbor, ...). */
  settings: string[];
  postData: string[];
  /** One torsion (four atom IDs) per CV: rid-kit's CV.selected_atomid. */
  torsions: [number, number, number, number][];
  cvNames: string[];
  /** fix langevin damping (fs). */
  tdamp: number;
  /** COLVAR stride of the restrained runs (steps). */
  labelStride: number;
  /** Concurrent `dpmd run` processes. */
  parallel: number;
}

const TOP = [
  'name',
  'seed',
  'numb_walkers',
  'numb_iters',
  'trust_lvl_1',
  'trust_lvl_2',
  'init_models',
  'sampler',
  'torus',
  'md',
  'CV',
  'ExploreMDConfig',
  'SelectorConfig',
  'LabelMDConfig',
  'Train',
  'basins',
];

export function readRidConfig(path: string): RidConfig {
  return ridConfigFrom(readConfigFile(path));
}

export function ridConfigFrom(c: ConfigObject): RidConfig {
  c.only(TOP);
  const name = c.str('name', 'rid');
  const seed = c.int('seed', { min: 0, max: 2 ** 32 - 1 }, 1);
  const numbWalkers = c.int('numb_walkers', { min: 1, max: 4096 });
  const numbIters = c.int('numb_iters', { min: 1, max: 100000 });
  const trustLvl1 = c.num('trust_lvl_1', { above: 0 });
  const trustLvl2 = c.num('trust_lvl_2', { above: 0 });
  if (!(trustLvl2 > trustLvl1)) c.fail('trust_lvl_2', `must be > trust_lvl_1 (${trustLvl1}), got ${trustLvl2}`);
  const init = c.raw('init_models');
  if (init !== undefined && !(Array.isArray(init) && init.length === 0))
    c.fail('init_models', 'starting from given models is not supported yet: use []');
  const sampler = c.str('sampler', undefined, ['torus', 'md']) as 'torus' | 'md';

  const cv = c.obj('CV');
  cv.only(['mode', 'angular_mask', 'selected_atomid', 'names']);
  cv.str('mode', 'torsion', ['torsion']);
  const angularMask = cv.ints('angular_mask', { min: 0, max: 1 }, { minLength: 1 }).map((v) => v === 1);
  let torsions: [number, number, number, number][] = [];
  let cvNames: string[] = [];
  if (sampler === 'md') {
    const ids = cv.raw('selected_atomid');
    if (
      !Array.isArray(ids) ||
      ids.length !== angularMask.length ||
      !ids.every((q) => Array.isArray(q) && q.length === 4 && q.every((a) => Number.isInteger(a) && a >= 1))
    )
      cv.fail(
        'selected_atomid',
        `expected ${angularMask.length} torsions of four atom IDs (one per angular_mask entry), got ${JSON.stringify(ids)}`,
      );
    torsions = ids as [number, number, number, number][];
    cvNames = cv.strs('names', { length: angularMask.length }, ['phi', 'psi'].slice(0, angularMask.length));
    if (!angularMask.every((m) => m)) cv.fail('angular_mask', 'torsion CVs are periodic: every entry must be 1');
  } else {
    cv.ignore('selected_atomid', 'names');
  }
  cv.done();

  const t = sampler === 'md' ? c.obj('torus', true) : c.obj('torus');
  let potName = '';
  let diffusion = 1;
  let threads = 2;
  if (t) {
    t.only(['potential', 'diffusion', 'threads']);
    potName = t.str('potential', undefined, [...TORUS_POTENTIALS.keys()]);
    diffusion = t.num('diffusion', { above: 0 }, 1);
    threads = t.int('threads', { min: 1, max: 64 }, 2);
    t.done();
  }
  if (sampler === 'torus' && (angularMask.length !== 2 || !angularMask[0] || !angularMask[1]))
    cv.fail(
      'angular_mask',
      `the torus sampler has two periodic CVs (phi, psi): expected [1, 1], got ${JSON.stringify(angularMask.map(Number))}`,
    );
  let md: MdSystemConfig | null = null;
  if (sampler === 'md') {
    const m = c.obj('md');
    m.only(['data', 'settings', 'post_data', 'tdamp', 'label_stride', 'parallel']);
    md = {
      data: resolve(dirname(c.file), m.str('data')),
      settings: m.strs('settings', { minLength: 1 }),
      postData: m.strs('post_data', {}, []),
      torsions,
      cvNames,
      tdamp: m.num('tdamp', { above: 0 }, 100),
      labelStride: m.int('label_stride', { min: 1 }, 10),
      parallel: m.int('parallel', { min: 1, max: 64 }, 2),
    };
    m.done();
    if (!existsSync(md.data)) m.fail('data', `no such file: ${md.data}`);
  } else if (c.has('md')) c.fail('md', "only for sampler 'md'");

  const e = c.obj('ExploreMDConfig');
  e.only(['nsteps', 'temperature', 'output_freq', 'dt']);
  const explore = {
    nsteps: e.int('nsteps', { min: 1 }),
    temperature: e.num('temperature', { above: 0 }),
    outputFreq: e.int('output_freq', { min: 1 }),
    dt: e.num('dt', { above: 0 }),
  };
  if (explore.outputFreq > explore.nsteps)
    e.fail('output_freq', `must be <= nsteps (${explore.nsteps}), got ${explore.outputFreq}`);
  e.done();

  const s = c.obj('SelectorConfig');
  s.only(['max_selection', 'cluster_threshold']);
  const select = {
    maxSelection: s.int('max_selection', { min: 1 }),
    clusterThreshold: s.num('cluster_threshold', { min: 0 }),
  };
  s.done();

  const l = c.obj('LabelMDConfig');
  l.only(['nsteps', 'temperature', 'dt', 'kappas', 'method', 'tail']);
  l.str('method', 'restrained', ['restrained']);
  const label = {
    nsteps: l.int('nsteps', { min: 20 }),
    temperature: l.num('temperature', { above: 0 }),
    dt: l.num('dt', { above: 0 }),
    kappas: l.nums('kappas', { above: 0 }, { length: angularMask.length }),
    tail: l.num('tail', { above: 0, max: 1 }, 0.9),
  };
  l.done();
  if (label.temperature !== explore.temperature)
    l.fail('temperature', `must equal ExploreMDConfig.temperature (${explore.temperature}), got ${label.temperature}`);

  const tr = c.obj('Train');
  tr.only([
    'numb_models',
    'neurons',
    'batch_size',
    'epoches',
    'init_lr',
    'decay_steps',
    'decay_rate',
    'resnet',
    'drop_out_rate',
    'restart',
  ]);
  if (tr.bool('resnet', false)) tr.fail('resnet', 'residual layers are not implemented: set false');
  if (tr.num('drop_out_rate', { min: 0, max: 1 }, 0) !== 0)
    tr.fail('drop_out_rate', 'dropout is not implemented: set 0');
  const train = {
    numbModels: tr.int('numb_models', { min: 2, max: 64 }, 4),
    neurons: tr.ints('neurons', { min: 1, max: 4096 }, { minLength: 1, maxLength: 16 }),
    batchSize: tr.int('batch_size', { min: 1 }),
    epochs: tr.int('epoches', { min: 1 }),
    initLr: tr.num('init_lr', { above: 0 }),
    decaySteps: tr.int('decay_steps', { min: 1 }),
    decayRate: tr.num('decay_rate', { above: 0, max: 1 }),
    restart: tr.bool('restart', false),
  };
  tr.done();

  const potential = TORUS_POTENTIALS.get(potName) ?? TORUS_POTENTIALS.values().next().value!;
  let basins = [
    { name: 'C7eq', s: [(-80 * Math.PI) / 180, (75 * Math.PI) / 180] },
    { name: 'C7ax', s: [(65 * Math.PI) / 180, (-65 * Math.PI) / 180] },
  ];
  const b = c.obj('basins', true);
  if (b) {
    basins = Object.keys(b.data)
      .filter((k) => !k.startsWith('_'))
      .map((k) => ({
        name: k,
        s: b.nums(k, {}, { length: angularMask.length }).map((v, i) => (angularMask[i] ? (v * Math.PI) / 180 : v)),
      }));
    if (basins.length < 2)
      b.fail(null, `expected at least two named points (degrees for periodic CVs), got ${basins.length}`);
  }
  c.done();
  return {
    file: c.file,
    name,
    seed,
    numbWalkers,
    numbIters,
    trustLvl1,
    trustLvl2,
    sampler,
    torus: { potential, diffusion, threads },
    md,
    angularMask,
    explore,
    select,
    label,
    train,
    basins,
  };
}
