/**
 * The `local` back end: every job is a chain of child processes on this machine, at most `slots`
 * jobs at once (default: the number of cores). See backend.ts for the contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Backend, JobSpec, JobState, Task } from './backend.js';
import { FINISHED_TAG } from './jobs.js';

export class LocalBackend implements Backend {
  readonly slots: number;
  private next = 0;
  private readonly jobs = new Map<string, { ended: boolean; child: ChildProcess | null }>();

  constructor(slots?: number) {
    this.slots = Math.max(1, slots ?? cpus().length);
  }

  async submit(job: JobSpec): Promise<string> {
    const id = `local.${this.next++}`;
    const state = { ended: false, child: null as ChildProcess | null };
    this.jobs.set(id, state);
    const runOne = (t: Task): Promise<boolean> =>
      new Promise((resolve) => {
        const fd = openSync(join(t.cwd, 'task.log'), 'a');
        let child: ChildProcess;
        try {
          child = spawn(t.argv[0], t.argv.slice(1), { cwd: t.cwd, stdio: ['ignore', fd, fd] });
        } catch {
          closeSync(fd);
          resolve(false);
          return;
        }
        state.child = child;
        child.on('error', (e) => {
          writeFileSync(join(t.cwd, 'task.log'), `cannot start ${t.argv[0]}: ${e.message}\n`, { flag: 'a' });
        });
        child.on('close', (code) => {
          closeSync(fd);
          state.child = null;
          if (code === 0) writeFileSync(join(t.cwd, FINISHED_TAG), '');
          resolve(code === 0);
        });
      });
    void (async () => {
      for (const t of job.tasks) {
        if (state.ended) break;
        await runOne(t);
      }
      state.ended = true;
    })();
    return id;
  }

  async poll(id: string): Promise<JobState> {
    const j = this.jobs.get(id);
    if (!j) throw new Error(`local back end: no job ${id}`);
    if (!j.ended) return 'running';
    this.jobs.delete(id);
    return 'ended';
  }

  killAll(): void {
    for (const j of this.jobs.values()) {
      j.ended = true;
      j.child?.kill('SIGKILL');
    }
  }
}
