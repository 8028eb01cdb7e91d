/**
 * The `local` back end: every job is a chain of child processes on this machine, at most `slots`
 * jobs at once (default: the number of cores). See backend.ts for the contract.
 *
 * Each child leads its own process group (spawned detached) and, while it runs, is named in its
 * task directory's `task_running.json` (task_process.ts). So:
 *   - killAll and the signal forwarding reach everything a task started (mpirun ranks, pipelines);
 *   - a loop killed with SIGKILL leaves the record behind, and the next run's `reclaim` (and submit)
 *     stops the orphaned group before the task runs again in the same directory.
 * Detached children no longer get the terminal's Ctrl-C (it goes to the loop's group only): while
 * children run, SIGINT, SIGTERM and SIGHUP to the loop are passed on to every child group, then the
 * loop ends by the same signal; a normal exit SIGKILLs whatever still runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Backend, JobSpec, JobState, Task } from './backend.js';
import { FINISHED_TAG } from './jobs.js';
import { clearRunning, recordRunning, signalGroup, stopOrphan } from './task_process.js';

export interface LocalBackendOptions {
  /** Where "killed orphaned task ..." lines go (default stdout). */
  log?: (line: string) => void;
  /** ms between SIGTERM and SIGKILL when stopping an orphan (default 5000). */
  graceMs?: number;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export class LocalBackend implements Backend {
  readonly slots: number;
  private next = 0;
  private readonly jobs = new Map<string, { ended: boolean; child: ChildProcess | null }>();
  /** Children running now, by pid (each the leader of its process group). */
  private readonly live = new Set<number>();
  private readonly log: (line: string) => void;
  private readonly graceMs: number;
  private readonly onSignal = (sig: NodeJS.Signals) => {
    for (const pid of this.live) signalGroup(pid, sig);
    this.unhook();
    // nobody else listens: end as the signal would have ended us
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  private readonly onExit = () => {
    for (const pid of this.live) signalGroup(pid, 'SIGKILL');
  };

  constructor(slots?: number, opts: LocalBackendOptions = {}) {
    this.slots = Math.max(1, slots ?? cpus().length);
    this.log = opts.log ?? ((l) => process.stdout.write(`${l}\n`));
    this.graceMs = opts.graceMs ?? 5000;
  }

  private hook(): void {
    for (const s of FORWARDED) process.on(s, this.onSignal);
    process.on('exit', this.onExit);
  }

  private unhook(): void {
    for (const s of FORWARDED) process.off(s, this.onSignal);
    process.off('exit', this.onExit);
  }

  /** Stops what a killed earlier process left running in these tasks' directories. */
  async reclaim(tasks: Task[]): Promise<void> {
    for (const t of tasks) await stopOrphan(t.cwd, { log: this.log, graceMs: this.graceMs, own: this.live });
  }

  async submit(job: JobSpec): Promise<string> {
    // also here, for callers that submit without the job layer's reclaim
    await this.reclaim(job.tasks);
    const id = `local.${this.next++}`;
    const state = { ended: false, child: null as ChildProcess | null };
    this.jobs.set(id, state);
    const runOne = (t: Task): Promise<boolean> =>
      new Promise((resolve) => {
        const fd = openSync(join(t.cwd, 'task.log'), 'a');
        let child: ChildProcess;
        try {
          child = spawn(t.argv[0], t.argv.slice(1), { cwd: t.cwd, stdio: ['ignore', fd, fd], detached: true });
        } catch {
          closeSync(fd);
          resolve(false);
          return;
        }
        const pid = child.pid;
        if (pid !== undefined) {
          // at once: until the event loop runs, the child cannot have been reaped
          recordRunning(t.cwd, pid, t.argv);
          if (this.live.size === 0) this.hook();
          this.live.add(pid);
        }
        state.child = child;
        child.on('error', (e) => {
          writeFileSync(join(t.cwd, 'task.log'), `cannot start ${t.argv[0]}: ${e.message}\n`, { flag: 'a' });
        });
        child.on('close', (code) => {
          closeSync(fd);
          state.child = null;
          if (pid !== undefined) {
            // grandchildren still in the group would outlive the task: stop them with it
            signalGroup(pid, 'SIGKILL');
            this.live.delete(pid);
            if (this.live.size === 0) this.unhook();
            clearRunning(t.cwd);
          }
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
    for (const j of this.jobs.values()) j.ended = true;
    for (const pid of this.live) signalGroup(pid, 'SIGKILL');
  }
}
