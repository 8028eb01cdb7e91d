/**
 * The concurrent-learning loop (DP-GEN's run loop): for iteration i = 0, 1, ...
 *   00.train -> 01.model_devi (explore with model_devi_jobs[i], examine) -> 02.fp (label)
 * stopping when the accurate share of an exploration reaches stop_accurate_ratio or when
 * model_devi_jobs is used up. Every finished stage is appended to `record.dpmd` (record.ts) and a
 * rerun continues after it.
 *
 * Test hook: DPMD_LEARN_KILL_AT="I.S" ends the process with SIGKILL (children first, as a crashed
 * node would lose them) when stage S of iteration I begins; "I.S.N" after N tasks of that stage
 * finished. The resume tests use it to kill in every stage. With DPMD_LEARN_KILL_ALONE=1 only the
 * loop's own process is killed and its running tasks are left going (a `kill -9 PID`): the resume
 * must stop those orphans before it runs their tasks again.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from './backend.js';
import { iterDir, type LearnContext } from './context.js';
import type { Labeler } from './labeler.js';
import type { Machine } from './machine.js';
import type { LearnParam } from './param.js';
import { lastRecorded, nextPosition, record, STAGES, type Position } from './record.js';
import { makeTrain, postTrain, runTrain, trainingSystems } from './stage_train.js';
import { makeModelDevi, postModelDevi, readSelection, runModelDevi } from './stage_model_devi.js';
import { fpSummary, makeFp, postFp, runFp } from './stage_fp.js';
import { tableHeader, tableRow, writeTable, type IterStats } from './table.js';
import { writeFileAtomic } from './atomic_file.js';
import { expandSystems, loadSystem } from '../train/data.js';

export interface LoopResult {
  iterations: number;
  converged: boolean;
}

function killHook(backend: Backend): { atStage(p: Position): void; taskDone(p: Position): void } {
  const spec = process.env.DPMD_LEARN_KILL_AT;
  const m = spec ? /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(spec) : null;
  if (spec && !m) throw new Error(`DPMD_LEARN_KILL_AT: expected ITER.STAGE[.TASKS], got '${spec}'`);
  let done = 0;
  const alone = process.env.DPMD_LEARN_KILL_ALONE === '1';
  const kill = () => {
    if (!alone) backend.killAll();
    process.kill(process.pid, 'SIGKILL');
  };
  const here = (p: Position) => m !== null && Number(m[1]) === p.iter && Number(m[2]) === p.stage;
  return {
    atStage: (p) => {
      if (here(p) && m![3] === undefined) kill();
    },
    taskDone: (p) => {
      if (here(p) && m![3] !== undefined && ++done >= Number(m![3])) kill();
    },
  };
}

function countFrames(systems: string[], typeMap: string[]): number {
  let n = 0;
  for (const s of systems) for (const p of expandSystems(s)) n += loadSystem(p, typeMap).nframes;
  return n;
}

export async function runLoop(
  param: LearnParam,
  machine: Machine,
  out: string,
  backend: Backend,
  labeler: Labeler,
  log: (line: string) => void,
): Promise<LoopResult> {
  mkdirSync(out, { recursive: true });
  const recordFile = join(out, 'record.dpmd');
  let pos = nextPosition(lastRecorded(recordFile));
  if (pos.iter > 0 || pos.stage > 0)
    log(`resuming at iteration ${pos.iter}, stage ${pos.stage} (${STAGES[pos.stage]}) from ${recordFile}`);
  const hook = killHook(backend);
  const c: LearnContext = { param, machine, out, backend, labeler, log, onTaskDone: () => hook.taskDone(pos) };
  const statsFile = (i: number) => join(iterDir(c, i), 'stats.json');
  if (existsSync(join(out, 'CONVERGED'))) {
    log('already converged (CONVERGED exists); nothing to do');
    return { iterations: pos.iter, converged: true };
  }
  log(tableHeader());
  while (pos.iter < param.modelDeviJobs.length) {
    const i = pos.iter;
    hook.atStage(pos);
    switch (pos.stage) {
      case 0:
        makeTrain(c, i);
        break;
      case 1:
        log(`iter ${i}: training ${param.numbModels} models`);
        await runTrain(c, i);
        break;
      case 2:
        postTrain(c, i);
        break;
      case 3:
        makeModelDevi(c, i);
        break;
      case 4:
        log(`iter ${i}: exploring`);
        await runModelDevi(c, i);
        break;
      case 5:
        postModelDevi(c, i);
        break;
      case 6:
        makeFp(c, i);
        break;
      case 7:
        log(`iter ${i}: labelling`);
        await runFp(c, i);
        break;
      case 8:
        postFp(c, i);
        break;
    }
    if (pos.stage === 5 || pos.stage === 8) {
      // the row of this iteration, rewritten after labelling
      const sel = readSelection(c, i);
      const fp = pos.stage === 8 ? fpSummary(c, i) : { labelled: 0, failed: [] };
      const s: IterStats = {
        iter: i,
        explored: sel.total,
        accurate: sel.accurate,
        candidate: sel.candidate,
        failed: sel.failed,
        chosen: sel.systems.reduce((a, x) => a + x.chosen.length, 0),
        labelled: fp.labelled,
        labelFailed: fp.failed.length,
        trainFrames: countFrames(trainingSystems(c, i), param.typeMap),
      };
      writeFileAtomic(statsFile(i), `${JSON.stringify(s)}\n`);
      writeTable(out);
      if (pos.stage === 8) log(tableRow(s));
      if (pos.stage === 5 && sel.total > 0 && sel.accurate / sel.total >= param.stopAccurateRatio) {
        record(recordFile, pos);
        log(tableRow(s));
        log(
          `iter ${i}: accurate share ${((100 * sel.accurate) / sel.total).toFixed(2)}% >= ${100 * param.stopAccurateRatio}%: converged`,
        );
        writeFileAtomic(join(out, 'CONVERGED'), `${i}\n`);
        return { iterations: i + 1, converged: true };
      }
    }
    record(recordFile, pos);
    pos = nextPosition(pos);
  }
  log(
    `model_devi_jobs used up after ${param.modelDeviJobs.length} iteration(s) without reaching ${100 * param.stopAccurateRatio}% accurate`,
  );
  return { iterations: param.modelDeviJobs.length, converged: false };
}
