/**
 * 02.fp: label the chosen frames. Each chosen (exploration task, step) becomes a task directory
 * task.SSS.NNNNNN (SSS the system index) prepared by the labeler; the job layer runs them. A frame
 * the labeler fails on (after the retries) is listed in failed.txt and left out: the loop goes on.
 * Post: the labelled frames become deepmd/npy systems in 02.fp/data (written whole or not at all),
 * which every later training reads.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Task } from './backend.js';
import { deviDir, fpDataDir, fpDir, taskName, type LearnContext } from './context.js';
import { runTasks, taskFinished } from './jobs.js';
import { writeLabeledData, type Labeled } from './labeled_data.js';
import { readSelection } from './stage_model_devi.js';
import { readDump, readLammpsData, type Frame } from './structure.js';
import { writeFileAtomic } from './atomic_file.js';

interface FpTaskInfo {
  name: string;
  from: string;
  step: number;
  argv: string[];
}

export interface FpResult {
  labelled: number;
  failed: string[];
}

export function makeFp(c: LearnContext, i: number): void {
  const d = fpDir(c, i);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  const sel = readSelection(c, i);
  const infos: FpTaskInfo[] = [];
  const dumps = new Map<string, Map<number, Frame>>();
  for (const s of sel.systems) {
    let n = 0;
    for (const ref of s.chosen) {
      let frames = dumps.get(ref.task);
      if (!frames) {
        frames = new Map(readDump(join(deviDir(c, i), ref.task, 'traj.dump')).map((f) => [f.step, f.frame]));
        dumps.set(ref.task, frames);
      }
      const frame = frames.get(ref.step);
      if (!frame)
        throw new Error(
          `${join(deviDir(c, i), ref.task, 'traj.dump')}: no frame at step ${ref.step} (model_devi.out has one)`,
        );
      const name = taskName(s.sysIdx, n++);
      const dir = join(d, name);
      mkdirSync(dir);
      const argv = c.labeler.prepare(dir, frame);
      infos.push({ name, from: `${ref.task}:${ref.step}`, step: ref.step, argv });
    }
  }
  writeFileAtomic(join(d, 'tasks.json'), `${JSON.stringify(infos, null, 1)}\n`);
}

function fpTasks(c: LearnContext, i: number): Task[] {
  const d = fpDir(c, i);
  const infos = JSON.parse(readFileSync(join(d, 'tasks.json'), 'utf8')) as FpTaskInfo[];
  return infos.map((t) => ({ name: t.name, cwd: join(d, t.name), argv: t.argv, outputs: [] }));
}

export async function runFp(c: LearnContext, i: number): Promise<void> {
  const r = await runTasks(fpTasks(c, i), c.backend, {
    groupSize: c.machine.groupSize.fp,
    retries: c.machine.retryCount,
    log: c.log,
    onTaskDone: c.onTaskDone,
  });
  for (const f of r.failed)
    c.log(
      `labeler failed on ${relative(c.out, f.task.cwd)} after ${f.attempts} attempt(s) (see its task.log); frame left out`,
    );
  if (r.failed.length > 0 && r.finished.length === 0) {
    // nothing labelled at all: the labeler itself is broken (a bad potential file, a missing
    // program), not a hard frame; stop so it can be fixed; a rerun resumes here
    const f = r.failed[0].task,
      log = join(f.cwd, 'task.log');
    const last = existsSync(log)
      ? (readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter((l) => l.includes('ERROR'))
          .pop() ?? '')
      : '';
    throw new Error(
      `the labeler (fp_style ${c.param.fpStyle}) failed on every frame of iteration ${i}, e.g. ${relative(c.out, f.cwd)}` +
        `${last ? `: ${last.replace(/^ERROR:\s*/, '')}` : ''} (see ${relative(c.out, log)}); fix it and rerun to resume`,
    );
  }
}

export function postFp(c: LearnContext, i: number): FpResult {
  const labelled: Labeled[] = [],
    failed: string[] = [];
  for (const t of fpTasks(c, i)) {
    const frame = readLammpsData(join(t.cwd, 'conf.lmp'), c.param.typeMap.length);
    let lab: Labeled | null = null;
    if (taskFinished(t)) {
      try {
        lab = c.labeler.collect(t.cwd, frame);
      } catch (e) {
        c.log(`${relative(c.out, t.cwd)}: ${(e as Error).message}; frame left out`);
      }
    }
    if (lab) labelled.push(lab);
    else failed.push(t.name);
  }
  writeFileSync(join(fpDir(c, i), 'failed.txt'), failed.map((f) => `${f}\n`).join(''));
  writeLabeledData(fpDataDir(c, i), labelled, c.param.typeMap);
  return { labelled: labelled.length, failed };
}

/** Counts of a finished 02.fp (for the table when resuming). */
export function fpSummary(c: LearnContext, i: number): FpResult {
  const d = fpDir(c, i);
  const failedFile = join(d, 'failed.txt');
  const failed = existsSync(failedFile)
    ? readFileSync(failedFile, 'utf8')
        .split('\n')
        .filter((l) => l)
    : [];
  const n = existsSync(join(d, 'tasks.json'))
    ? (JSON.parse(readFileSync(join(d, 'tasks.json'), 'utf8')) as unknown[]).length
    : 0;
  return { labelled: n - failed.length, failed };
}
