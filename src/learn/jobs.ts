/**
 * Tasks and jobs (as dpdispatcher): a task is one command run in its own directory; tasks are grouped
 * into jobs of `groupSize`; a back end submits jobs and is polled; a failed job is submitted again
 * with its unfinished tasks, at most `retries` more times; then its tasks are reported failed and the
 * caller decides whether the loop can go on (labelling can, training cannot).
 *
 * The back-end contract (backend.ts) is the only thing a batch system has to provide. A task is
 * finished when its back end has created `task_tag_finished` in the task directory (after the command
 * exited 0) and every declared output exists. That tag is what makes the layer resumable: a run that
 * was killed submits only the tasks without it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, JobSpec, Task } from './backend.js';

export const FINISHED_TAG = 'task_tag_finished';

export interface RunOptions {
  /** Tasks per job (default 1). */
  groupSize?: number;
  /** Submissions of a failed job after the first (default 3). */
  retries?: number;
  /** Poll interval (ms). */
  pollMs?: number;
  log?: (line: string) => void;
  /** Called after each task is seen finished (the loop's kill hook for tests). */
  onTaskDone?: (task: Task) => void;
}

export interface RunResult {
  finished: Task[];
  failed: { task: Task; attempts: number }[];
}

export function taskFinished(t: Task): boolean {
  return existsSync(join(t.cwd, FINISHED_TAG)) && t.outputs.every((o) => existsSync(join(t.cwd, o)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run every unfinished task of `tasks` through `backend`; resolves when all finished or gave up. */
export async function runTasks(tasks: Task[], backend: Backend, opts: RunOptions = {}): Promise<RunResult> {
  const group = Math.max(1, opts.groupSize ?? 1),
    retries = opts.retries ?? 3,
    pollMs = opts.pollMs ?? backend.pollMs ?? 25;
  const todo = tasks.filter((t) => !taskFinished(t));
  // orphans of a killed earlier run still working in these directories: stopped before any rerun
  if (todo.length > 0) await backend.reclaim?.(todo);
  const queue: { spec: JobSpec; attempt: number }[] = [];
  for (let k = 0; k < todo.length; k += group) {
    const part = todo.slice(k, k + group);
    queue.push({ spec: { name: part.map((t) => t.name).join('+'), tasks: part }, attempt: 1 });
  }
  const running: { id: string; spec: JobSpec; attempt: number; seen: Set<Task> }[] = [];
  const failed: RunResult['failed'] = [];
  const seenDone = (j: { spec: JobSpec; seen: Set<Task> }) => {
    for (const t of j.spec.tasks)
      if (!j.seen.has(t) && taskFinished(t)) {
        j.seen.add(t);
        opts.onTaskDone?.(t);
      }
  };
  while (queue.length > 0 || running.length > 0) {
    while (queue.length > 0 && running.length < backend.slots) {
      const j = queue.shift()!;
      // a first submission may already be in the queue from an earlier (killed) run: wait for it
      const found = j.attempt === 1 && backend.adopt ? await backend.adopt(j.spec) : null;
      if (found) opts.log?.(`job ${j.spec.name}: found in the queue as ${found}; not submitted again`);
      const id = found ?? (await backend.submit(j.spec));
      running.push({ id, spec: j.spec, attempt: j.attempt, seen: new Set() });
    }
    await sleep(pollMs);
    for (let k = running.length - 1; k >= 0; k--) {
      const j = running[k];
      seenDone(j);
      const state = await backend.poll(j.id);
      if (state === 'running') continue;
      running.splice(k, 1);
      seenDone(j);
      const left = j.spec.tasks.filter((t) => !taskFinished(t));
      if (left.length === 0) continue;
      if (j.attempt <= retries) {
        opts.log?.(`job ${j.spec.name}: ${left.length} task(s) unfinished (attempt ${j.attempt}); resubmitting`);
        queue.push({ spec: { name: j.spec.name, tasks: left }, attempt: j.attempt + 1 });
      } else {
        for (const t of left) failed.push({ task: t, attempts: j.attempt });
      }
    }
  }
  return { finished: tasks.filter(taskFinished), failed };
}
