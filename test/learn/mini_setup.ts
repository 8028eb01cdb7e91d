/**
 * A miniature Al-Mg learning problem for the tests: 32-atom fcc cells (Al, and Al with 4 Mg), the
 * initial data labelled by the Mendelev eam/fs potential through the loop's own labeler, tiny models
 * (rcut 4.5 Å), two exploration iterations of a few hundred steps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/nn/rng.js';
import { perturbed, substituted, supercell, unitCell } from '../../src/learn/crystal.js';
import { EamLabeler } from '../../src/learn/labeler.js';
import { labelFrames } from '../../src/learn/label_frames.js';
import { LocalBackend } from '../../src/learn/backend_local.js';
import { writeLabeledData, type Labeled } from '../../src/learn/labeled_data.js';
import { lammpsDataText } from '../../src/learn/structure.js';
import { REPO_ROOT } from '../helpers/golden.js';

export const ALMG = join(REPO_ROOT, 'potentials/data/AlMg_Mendelev2009.eam.fs');
export const TYPE_MAP = ['Al', 'Mg'];
export const MASSES = [26.9815, 24.305];

export function tinyTrainingInput(numbSteps = 150): Record<string, unknown> {
  return {
    model: {
      type_map: TYPE_MAP,
      descriptor: {
        type: 'se_e2_a',
        sel: [24, 24],
        rcut: 4.5,
        rcut_smth: 2.0,
        neuron: [4, 8],
        axis_neuron: 4,
        resnet_dt: false,
      },
      fitting_net: { neuron: [12, 12], resnet_dt: true },
    },
    learning_rate: { type: 'exp', start_lr: 0.005, stop_lr: 0.0005, decay_steps: 50 },
    loss: { start_pref_e: 0.2, limit_pref_e: 1, start_pref_f: 100, limit_pref_f: 1, start_pref_v: 0, limit_pref_v: 0 },
    training: { numb_steps: numbSteps, disp_freq: 50, save_freq: 50, training_data: { batch_size: 1 } },
  };
}

/** Writes init data (labelled), two configurations and param.json into dir; returns the param path. */
export async function writeMiniProblem(dir: string, over: Record<string, unknown> = {}): Promise<string> {
  const rng = new Rng(7);
  const al = supercell(unitCell('fcc', 4.05), [2, 2, 2]);
  const almg = substituted(al, 1, 4, rng);
  const frames = [...Array(6)].map((_, k) => perturbed(k % 2 ? almg : al, 0.02, 0.08, rng));
  const lab = new EamLabeler({ pairStyle: 'eam/fs', potFiles: [ALMG] }, TYPE_MAP, MASSES);
  const labelled = await labelFrames(frames, lab, join(dir, 'init_work'), new LocalBackend(2));
  writeLabeledData(
    join(dir, 'init'),
    labelled.filter((l): l is Labeled => l !== null),
    TYPE_MAP,
  );
  mkdirSync(join(dir, 'confs'), { recursive: true });
  writeFileSync(join(dir, 'confs', 'al.lmp'), lammpsDataText(al, MASSES));
  writeFileSync(join(dir, 'confs', 'almg.lmp'), lammpsDataText(almg, MASSES));
  const param = {
    type_map: TYPE_MAP,
    mass_map: MASSES,
    init_data_sys: ['init'],
    sys_configs: [['confs/al.lmp'], ['confs/almg.lmp']],
    numb_models: 2,
    default_training_param: tinyTrainingInput(),
    training_reuse_numb_steps: 60,
    training_reuse_start_lr: 0.002,
    training_reuse_start_pref_f: 20,
    model_devi_jobs: [
      { sys_idx: [0, 1], temps: [300], trj_freq: 10, nsteps: 200, ensemble: 'nvt' },
      // DP-GEN's iteration-dependent trust levels: this job's interval replaces the top-level one
      {
        sys_idx: [0, 1],
        temps: [600],
        press: [1],
        trj_freq: 10,
        nsteps: 200,
        ensemble: 'npt',
        model_devi_f_trust_lo: 0.03,
        model_devi_f_trust_hi: 0.25,
      },
    ],
    model_devi_dt: 0.002,
    model_devi_f_trust_lo: 0.02,
    model_devi_f_trust_hi: 0.3,
    fp_style: 'eam',
    fp_params: { pair_style: 'eam/fs', pot_file: ALMG },
    fp_task_max: 4,
    fp_task_min: 1,
    seed: 11,
    ...over,
  };
  const p = join(dir, 'param.json');
  writeFileSync(p, JSON.stringify(param, null, 1));
  return p;
}
