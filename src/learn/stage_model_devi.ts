/**
 * 01.model_devi: exploration. For model_devi_jobs[i], every configuration of every sys_idx, every
 * temperature (and pressure, npt) is one task: an MD deck (LAMMPS syntax, run by `dpmd run`) with
 * `pair_style deepmd` over all models of this iteration, writing DeePMD-kit's model_devi.out and a
 * trajectory every trj_freq steps. Post: every frame classified (selection.ts) per system, the
 * chosen candidates and the counts written to selection.json.
 *
 * An exploration that stops part-way (an undertrained ensemble at high pressure or temperature can
 * lose atoms or produce NaN) is what DP-GEN's examine step meets too: the frames written before the
 * stop are examined like any other (a blown-up frame's deviation is huge, so it counts as failed) and
 * the loop goes on. Only when every exploration task of an iteration fails does the run stop: then
 * the cause is the deck or the models, not the exploration.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Task } from './backend.js';
import { derivedSeed, deviDir, modelFile, taskName, type LearnContext } from './context.js';
import { dpmdCommand } from './dpmd_command.js';
import { runTasks, taskFinished } from './jobs.js';
import { readModelDevi, select, type DeviRow, type FrameRef } from './selection.js';
import { lammpsDataText, readDump, readLammpsData } from './structure.js';
import { writeFileAtomic } from './atomic_file.js';
import { isPoscarName, readPoscar } from './poscar.js';

const SEED_VELOCITY = 2,
  SEED_SHUFFLE = 3;

export interface DeviTaskInfo {
  name: string;
  sysIdx: number;
  conf: string;
  temp: number;
  press: number | null;
}

export interface SysSelection {
  sysIdx: number;
  accurate: number;
  candidate: number;
  failed: number;
  chosen: FrameRef[];
}

export interface SelectionFile {
  /** The trust interval this exploration was examined with (the job's own, else the top-level one). */
  trustLo: number;
  trustHi: number;
  total: number;
  accurate: number;
  candidate: number;
  failed: number;
  systems: SysSelection[];
}

export function exploreDeck(c: LearnContext, i: number, dir: string, t: DeviTaskInfo, seed: number): string {
  const p = c.param,
    job = p.modelDeviJobs[i];
  const models = Array.from({ length: p.numbModels }, (_, k) => relative(dir, modelFile(c, i, k)));
  const T = t.temp;
  const fix =
    job.ensemble === 'npt'
      ? `fix 1 all npt temp ${T} ${T} ${p.modelDeviTaut} iso ${t.press} ${t.press} ${p.modelDeviTaup}`
      : `fix 1 all nvt temp ${T} ${T} ${p.modelDeviTaut}`;
  return [
    `# dpmd learn: exploration of ${relative(dir, t.conf)} at ${T} K${t.press === null ? '' : `, ${t.press} bar`}`,
    'units metal',
    'boundary p p p',
    'atom_style atomic',
    'read_data conf.lmp',
    ...p.massMap.map((m, k) => `mass ${k + 1} ${m}`),
    `pair_style deepmd ${models.join(' ')} out_freq ${job.trjFreq} out_file model_devi.out`,
    `pair_coeff * * ${p.typeMap.join(' ')}`,
    'neighbor 1.0 bin',
    `timestep ${p.modelDeviDt}`,
    `velocity all create ${T} ${seed} mom yes dist gaussian`,
    fix,
    `thermo ${job.trjFreq}`,
    `dump 1 all custom ${job.trjFreq} traj.dump id type x y z`,
    'dump_modify 1 sort id format float %.15g',
    `run ${job.nsteps}`,
    '',
  ].join('\n');
}

export function makeModelDevi(c: LearnContext, i: number): void {
  const d = deviDir(c, i),
    p = c.param,
    job = p.modelDeviJobs[i];
  rmSync(d, { recursive: true, force: true });
  const infos: DeviTaskInfo[] = [];
  for (const s of job.sysIdx) {
    let n = 0;
    for (const conf of p.sysConfigs[s]) {
      const frame = isPoscarName(conf) ? readPoscar(conf, p.typeMap) : readLammpsData(conf, p.typeMap.length);
      for (const temp of job.temps)
        for (const press of job.ensemble === 'npt' ? job.press : [null]) {
          const t: DeviTaskInfo = { name: taskName(s, n++), sysIdx: s, conf, temp, press };
          const dir = join(d, t.name);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'conf.lmp'), lammpsDataText(frame, p.massMap, conf));
          writeFileSync(
            join(dir, 'input.lammps'),
            exploreDeck(c, i, dir, t, derivedSeed(p.seed, SEED_VELOCITY, i, infos.length)),
          );
          infos.push(t);
        }
    }
  }
  writeFileAtomic(join(d, 'tasks.json'), `${JSON.stringify(infos, null, 1)}\n`);
}

export function deviTasks(c: LearnContext, i: number): { info: DeviTaskInfo; task: Task }[] {
  const d = deviDir(c, i);
  const infos = JSON.parse(readFileSync(join(d, 'tasks.json'), 'utf8')) as DeviTaskInfo[];
  return infos.map((info) => ({
    info,
    task: {
      name: info.name,
      cwd: join(d, info.name),
      argv: dpmdCommand(['run', 'input.lammps', '-log', 'log.lammps', '-screen', 'none']),
      outputs: ['model_devi.out', 'traj.dump'],
    },
  }));
}

export async function runModelDevi(c: LearnContext, i: number): Promise<void> {
  const tasks = deviTasks(c, i).map((t) => t.task);
  const r = await runTasks(tasks, c.backend, {
    groupSize: c.machine.groupSize.model_devi,
    retries: c.machine.retryCount,
    log: c.log,
    onTaskDone: c.onTaskDone,
  });
  if (r.failed.length > 0 && r.failed.length === tasks.length) {
    const f = r.failed[0];
    throw new Error(
      `exploration failed: every task of iteration ${i}, e.g. ${relative(c.out, f.task.cwd)} after ${f.attempts} attempt(s) (see ${relative(c.out, join(f.task.cwd, 'log.lammps'))})`,
    );
  }
  for (const f of r.failed)
    c.log(
      `iter ${i}: exploration ${relative(c.out, f.task.cwd)} stopped early after ${f.attempts} attempt(s) (see ${relative(c.out, join(f.task.cwd, 'log.lammps'))}); its frames up to the stop are examined`,
    );
}

/**
 * The model-deviation rows of one exploration task that can be examined: every row of a finished
 * task; of a task that stopped early, the rows whose frame reached traj.dump (the deviation of the
 * step that blew up is written before its dump), none when nothing was written.
 */
export function examinableRows(task: Task, skip: number): DeviRow[] {
  const devi = join(task.cwd, 'model_devi.out');
  if (!existsSync(devi)) return [];
  const rows = readModelDevi(devi).filter((r) => r.step >= skip);
  if (taskFinished(task)) return rows;
  const dump = join(task.cwd, 'traj.dump');
  const dumped = new Set(existsSync(dump) ? readDump(dump).map((f) => f.step) : []);
  return rows.filter((r) => dumped.has(r.step));
}

export function postModelDevi(c: LearnContext, i: number): SelectionFile {
  const p = c.param,
    all = deviTasks(c, i);
  const job = p.modelDeviJobs[i];
  // DP-GEN's iteration-dependent trust levels: the job's own, else the top-level ones
  const trustLo = job.trustLo ?? p.trustLo,
    trustHi = job.trustHi ?? p.trustHi;
  const out: SelectionFile = { trustLo, trustHi, total: 0, accurate: 0, candidate: 0, failed: 0, systems: [] };
  for (const s of job.sysIdx) {
    const mine = all
      .filter((t) => t.info.sysIdx === s)
      .map((t) => ({
        task: t.info.name,
        rows: examinableRows(t.task, p.modelDeviSkip),
      }));
    const sel = select(mine, trustLo, trustHi, p.fpTaskMax, p.fpTaskMin, derivedSeed(p.seed, SEED_SHUFFLE, i, s));
    out.systems.push({
      sysIdx: s,
      accurate: sel.accurate.length,
      candidate: sel.candidate.length,
      failed: sel.failed.length,
      chosen: sel.chosen,
    });
    out.accurate += sel.accurate.length;
    out.candidate += sel.candidate.length;
    out.failed += sel.failed.length;
  }
  out.total = out.accurate + out.candidate + out.failed;
  writeFileAtomic(join(deviDir(c, i), 'selection.json'), `${JSON.stringify(out, null, 1)}\n`);
  return out;
}

export function readSelection(c: LearnContext, i: number): SelectionFile {
  return JSON.parse(readFileSync(join(deviDir(c, i), 'selection.json'), 'utf8')) as SelectionFile;
}
