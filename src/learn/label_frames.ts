/**
 * Label a list of frames outside the loop (initial data, test sets): one task directory per frame
 * under workDir (task.000000, ...), run through the job layer, results read back in order. Frames
 * the labeler failed on are returned as null (the caller decides).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, Task } from './backend.js';
import { runTasks, taskFinished } from './jobs.js';
import type { Labeled } from './labeled_data.js';
import type { Labeler } from './labeler.js';
import type { Frame } from './structure.js';
import { pad } from './context.js';

export async function labelFrames(
  frames: Frame[],
  labeler: Labeler,
  workDir: string,
  backend: Backend,
  opts: { groupSize?: number; retries?: number; log?: (l: string) => void } = {},
): Promise<(Labeled | null)[]> {
  const tasks: Task[] = frames.map((f, k) => {
    const dir = join(workDir, `task.${pad(k, 6)}`);
    mkdirSync(dir, { recursive: true });
    const t: Task = { name: `task.${pad(k, 6)}`, cwd: dir, argv: [], outputs: [] };
    t.argv = taskFinished(t) ? [] : labeler.prepare(dir, f);
    return t;
  });
  await runTasks(tasks, backend, opts);
  return tasks.map((t, k) => (taskFinished(t) ? labeler.collect(t.cwd, frames[k]) : null));
}
