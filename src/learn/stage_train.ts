/**
 * 00.train: numb_models models trained by `dpmd train` on the initial data and every system labelled
 * so far, each with its own seeds (descriptor, fitting net, batch order). From the second iteration
 * on, with training_init_model (default), model k starts from model k of the previous iteration
 * (`--init-model`, DP-GEN's training_init_model), for training_reuse_numb_steps steps when given.
 * A training killed mid-way restarts from its checkpoint (`--restart model.ckpt.json`), which the
 * trainer continues bit for bit.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isJsonObject } from '../config_reader.js';
import type { Task } from './backend.js';
import { derivedSeed, fpDataDir, modelDir, modelFile, trainDir, type LearnContext } from './context.js';
import { dpmdCommand } from './dpmd_command.js';
import { runTasks } from './jobs.js';
import type { LearnParam } from './param.js';

const SEED_TRAIN = 1;

/** Every data system the models of iteration i learn from (absolute paths). */
export function trainingSystems(c: LearnContext, i: number): string[] {
  const out = [...c.param.initDataSys];
  for (let j = 0; j < i; j++) if (existsSync(fpDataDir(c, j))) out.push(fpDataDir(c, j));
  return out;
}

export function makeTrain(c: LearnContext, i: number): void {
  rmSync(trainDir(c, i), { recursive: true, force: true });
  const systems = trainingSystems(c, i);
  for (let k = 0; k < c.param.numbModels; k++) {
    const dir = modelDir(c, i, k);
    mkdirSync(dir, { recursive: true });
    const input = JSON.parse(JSON.stringify(c.param.trainingParam)) as Record<string, Record<string, unknown>>;
    const model = input.model as Record<string, Record<string, unknown>>;
    const training = input.training as Record<string, unknown>;
    const seed = derivedSeed(c.param.seed, SEED_TRAIN, i, k);
    model.descriptor.seed = seed;
    model.fitting_net.seed = seed + 1;
    training.seed = seed + 2;
    const td = isJsonObject(training.training_data) ? training.training_data : (training.training_data = {});
    td.systems = systems.map((s) => relative(dir, s));
    if (isJsonObject(training.validation_data)) training.validation_data.systems = td.systems;
    if (i > 0 && c.param.trainingInitModel) applyReuse(c.param, input);
    writeFileSync(join(dir, 'input.json'), `${JSON.stringify(input, null, 2)}\n`);
  }
}

/**
 * A warm-started training (iteration > 0 with training_init_model) continues a trained model, so
 * DP-GEN lets it run shorter, from a smaller learning rate and with its own starting prefactors
 * (training_reuse_numb_steps, _start_lr, _start_pref_e, _start_pref_f); unset keys keep the input's.
 */
export function applyReuse(p: LearnParam, input: Record<string, Record<string, unknown>>): void {
  const training = input.training as Record<string, unknown>;
  if (p.trainingReuseNumbSteps !== null) {
    training.numb_steps = p.trainingReuseNumbSteps;
    delete training.stop_batch;
  }
  if (p.trainingReuseStartLr !== null) (input.learning_rate ??= {}).start_lr = p.trainingReuseStartLr;
  if (p.trainingReuseStartPrefE !== null) (input.loss ??= {}).start_pref_e = p.trainingReuseStartPrefE;
  if (p.trainingReuseStartPrefF !== null) (input.loss ??= {}).start_pref_f = p.trainingReuseStartPrefF;
}

function trainTask(c: LearnContext, i: number, k: number): Task {
  const dir = modelDir(c, i, k);
  const args = ['train', 'input.json', '-o', 'model.yaml', '--workers', '0'];
  if (existsSync(join(dir, 'model.ckpt.json'))) args.push('--restart', 'model.ckpt.json');
  else if (i > 0 && c.param.trainingInitModel) args.push('--init-model', relative(dir, modelFile(c, i - 1, k)));
  return { name: `train.${k}`, cwd: dir, argv: dpmdCommand(args), outputs: ['model.yaml'] };
}

export async function runTrain(c: LearnContext, i: number): Promise<void> {
  const tasks = Array.from({ length: c.param.numbModels }, (_, k) => trainTask(c, i, k));
  const r = await runTasks(tasks, c.backend, {
    groupSize: c.machine.groupSize.train,
    retries: c.machine.retryCount,
    log: c.log,
    onTaskDone: c.onTaskDone,
  });
  if (r.failed.length > 0) {
    const f = r.failed[0];
    throw new Error(
      `training failed: ${relative(c.out, f.task.cwd)} after ${f.attempts} attempt(s) (see ${relative(c.out, join(f.task.cwd, 'task.log'))})`,
    );
  }
}

export function postTrain(c: LearnContext, i: number): void {
  for (let k = 0; k < c.param.numbModels; k++) {
    if (!existsSync(modelFile(c, i, k))) throw new Error(`${modelFile(c, i, k)}: missing after training`);
  }
}
