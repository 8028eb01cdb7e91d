import { readConfigFile, type ConfigObject } from '../config_reader.js';
import { KINETIC_MAX_CFL } from './bgk_solver.js';
import type { MomentFlux } from './moment_solver.js';
import { SOD, type InitialCondition } from './initial_data.js';
import { makeVelocityGrid, type VelocityGrid } from './velocity_grid.js';

export interface GridConfig {
  nx: number;
  length: number;
  grid: VelocityGrid;
  cfl: number;
}

function readGrid(g: ConfigObject): GridConfig {
  g.only(['nx', 'nv', 'v_max', 'cfl', 'length', 'velocity_dim']);
  const dim = g.int('velocity_dim', { min: 1, max: 3 }, 1);
  if (dim !== 1) g.fail('velocity_dim', 'only 1-D velocities (gamma = 3) are implemented');
  const nx = g.int('nx', { min: 4, max: 100000 });
  const nv = g.int('nv', { min: 8, max: 4096 });
  const cfl = g.num('cfl', { above: 0 }, 0.5);
  if (cfl > KINETIC_MAX_CFL) g.fail('cfl', `${cfl} is above the stable limit ${KINETIC_MAX_CFL}`);
  if (nx * nv > 5e7) g.fail('nv', `nx x nv = ${nx * nv} exceeds the bound 5e7 on the kinetic grid`);
  const out = {
    nx,
    grid: makeVelocityGrid(nv, g.num('v_max', { above: 0, max: 1e3 }, 8)),
    cfl,
    length: g.num('length', { above: 0, max: 1e6 }, 1),
  };
  g.done();
  return out;
}

export interface KineticTrainConfig {
  grid: GridConfig;
  data: {
    smoothCases: number;
    riemannCases: number;
    snapshots: number;
    tEnd: number;
    epsMin: number;
    epsMax: number;
    modes: number;
    seed: number;
  };
  model: { order: number; hidden: number[]; decoderHidden: number[]; nxi: number; xiMax: number };
  training: {
    autoencoderSteps: number;
    closureSteps: number;
    batchSize: number;
    lr: number;
    lrFinal: number;
    seed: number;
  };
  evaluation: {
    eps: number[];
    cases: number;
    tEnd: number;
    seed: number;
    momentsOrder: number;
    modes: number;
    flux: MomentFlux;
    eigenEvery: number;
  };
}

/** `dpmd kinetic CONFIG.json`: grid, data, model, training, evaluation (docs/kinetic.md lists every key). */
export function loadTrainConfig(path: string): KineticTrainConfig {
  const root = readConfigFile(path);
  root.only(['grid', 'data', 'model', 'training', 'evaluation']);
  const grid = readGrid(root.obj('grid'));
  const d = root.obj('data');
  d.only(['smooth_cases', 'riemann_cases', 'snapshots', 't_end', 'eps_min', 'eps_max', 'modes', 'seed']);
  const epsRange = { above: 0, max: 1e6 };
  const data = {
    smoothCases: d.int('smooth_cases', { min: 0, max: 10000 }),
    riemannCases: d.int('riemann_cases', { min: 0, max: 10000 }, 0),
    snapshots: d.int('snapshots', { min: 1, max: 10000 }, 10),
    tEnd: d.num('t_end', { above: 0, max: 1e4 }),
    epsMin: d.num('eps_min', epsRange, 1e-3),
    epsMax: d.num('eps_max', epsRange, 10),
    modes: d.int('modes', { min: 1, max: 64 }, 3),
    seed: d.int('seed', { min: 0, max: 2 ** 31 }, 1),
  };
  if (data.epsMax < data.epsMin) d.fail('eps_max', `must be >= eps_min (${data.epsMin})`);
  if (data.smoothCases + data.riemannCases < 1) d.fail('smooth_cases', 'need at least one training case');
  d.done();
  const m = root.obj('model');
  m.only(['order', 'hidden', 'decoder_hidden', 'nxi', 'xi_max']);
  const model = {
    order: m.int('order', { min: 3, max: 10 }, 6),
    hidden: m.ints('hidden', { min: 1, max: 1024 }, { minLength: 1, maxLength: 8 }, [32, 32]),
    decoderHidden: m.ints('decoder_hidden', { min: 1, max: 1024 }, { minLength: 1, maxLength: 8 }, [32]),
    nxi: m.int('nxi', { min: 4, max: 1024 }, 48),
    xiMax: m.num('xi_max', { above: 0, max: 50 }, 6),
  };
  m.done();
  const t = root.obj('training');
  t.only(['autoencoder_steps', 'closure_steps', 'batch_size', 'lr', 'lr_final', 'seed']);
  const training = {
    autoencoderSteps: t.int('autoencoder_steps', { min: 0, max: 1e7 }, 1000),
    closureSteps: t.int('closure_steps', { min: 0, max: 1e7 }, 4000),
    batchSize: t.int('batch_size', { min: 1, max: 1e6 }, 256),
    lr: t.num('lr', { above: 0, max: 1 }, 3e-3),
    lrFinal: t.num('lr_final', { above: 0, max: 1 }, 1e-4),
    seed: t.int('seed', { min: 0, max: 2 ** 31 }, 2),
  };
  t.done();
  const e = root.obj('evaluation');
  e.only(['eps', 'cases', 't_end', 'seed', 'moments_order', 'modes', 'flux', 'eigen_every']);
  const evaluation = {
    eps: e.nums('eps', epsRange, { minLength: 1, maxLength: 64 }, [1e-3, 1e-2, 1e-1, 1, 10]),
    cases: e.int('cases', { min: 1, max: 1000 }, 2),
    tEnd: e.num('t_end', { above: 0, max: 1e4 }, data.tEnd),
    seed: e.int('seed', { min: 0, max: 2 ** 31 }, 1001),
    momentsOrder: e.int('moments_order', { min: 2, max: 10 }, 3),
    modes: e.int('modes', { min: 1, max: 64 }, data.modes),
    flux: e.str('flux', 'kinetic', ['kinetic', 'rusanov']) as MomentFlux,
    eigenEvery: e.int('eigen_every', { min: 1, max: 1e6 }, 10),
  };
  if (evaluation.seed === data.seed) e.fail('seed', 'must differ from data.seed (test data must be unseen)');
  e.done();
  root.done();
  return { grid, data, model, training, evaluation };
}

export interface KineticSolveConfig {
  grid: GridConfig;
  initial: InitialCondition;
  eps: number;
  tEnd: number;
}

/** `dpmd kinetic solve CONFIG.json`: { initial: "sod" | {left, right: {rho, u, p}, x0}, grid, eps, t_end }. */
export function loadSolveConfig(path: string): KineticSolveConfig {
  const root = readConfigFile(path);
  root.only(['initial', 'grid', 'eps', 't_end']);
  const grid = readGrid(root.obj('grid'));
  let initial: InitialCondition = SOD;
  const raw = root.raw('initial');
  if (raw !== undefined && raw !== 'sod') {
    const o = root.obj('initial');
    o.only(['left', 'right', 'x0']);
    const side = (k: string) => {
      const s = o.obj(k);
      s.only(['rho', 'u', 'p']);
      const rho = s.num('rho', { above: 0 }),
        u = s.num('u'),
        p = s.num('p', { above: 0 });
      s.done();
      return { rho, u, T: p / rho };
    };
    initial = {
      kind: 'riemann',
      left: side('left'),
      right: side('right'),
      x0: o.num('x0', { min: 0, max: grid.length }),
    };
    o.done();
  }
  const eps = root.num('eps', { above: 0, max: 1e12 });
  const tEnd = root.num('t_end', { above: 0, max: 1e4 });
  root.done();
  return { grid, initial, eps, tEnd };
}
