/**
 * The Slurm back end (dpdispatcher's batch_type "Slurm"): each job of the job layer is one batch
 * script submitted with `sbatch`, polled with `squeue` (and `sacct` where the cluster keeps
 * accounting), cancelled with `scancel`. See backend.ts for the contract.
 *
 * Files of a job (in the directory of its first task's parent, e.g. iter.000000/02.fp/):
 *   job.<hash>.sub   the script: #SBATCH lines from `resources`, then each task as
 *                    `cd DIR && CMD >> task.log 2>&1 && touch task_tag_finished`
 *   job.<hash>.out   Slurm's stdout/stderr of the script
 *   job.<hash>.json  the job-state file: Slurm job id and name, the task directories, when submitted.
 * <hash> is a digest of the tasks (directories and commands), so the same tasks give the same files.
 * A restarted `dpmd learn` asks `adopt` for each job before submitting it: when the state file names a
 * job that Slurm still lists as pending or running under the same name, the loop waits for it instead
 * of submitting the tasks again. A job that ended (completed, failed, cancelled with scancel, or lost:
 * no longer known to Slurm) answers 'ended'; its tasks' task_tag_finished files say what finished and
 * the job layer resubmits the rest (retry_count times).
 *
 * Inputs and outputs move through the machine's transfer context (transfer.ts): upload before
 * sbatch, download once the job has ended, before poll answers 'ended'.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic_file.js';
import type { Backend, JobSpec, JobState } from './backend.js';
import { FINISHED_TAG } from './jobs.js';
import type { SlurmResources } from './machine.js';
import type { TransferContext } from './transfer.js';

/** Slurm job states in which a job may still run (squeue's %T). */
const ALIVE = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'STOPPED',
]);

interface JobStateFile {
  job_id: string;
  job_name: string;
  spec_name: string;
  tasks: string[];
  submitted: string;
}

/** Runs a Slurm client command; returns its exit status and output. */
export type SlurmRunner = (argv: string[], cwd?: string) => { status: number | null; stdout: string; stderr: string };

export const runSlurmCommand: SlurmRunner = (argv, cwd) => {
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { status: null, stdout: '', stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A word for bash: single-quoted unless plainly safe. */
export const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** The batch script of a job (paths as the job sees them). */
export function jobScript(
  jobName: string,
  specName: string,
  r: SlurmResources,
  outFile: string,
  tasks: { dir: string; argv: string[] }[],
): string {
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=${jobName}`,
    `#SBATCH --nodes=${r.numberNode}`,
    `#SBATCH --ntasks-per-node=${r.cpuPerNode}`,
    ...(r.gpuPerNode > 0 ? [`#SBATCH --gres=gpu:${r.gpuPerNode}`] : []),
    ...(r.queueName ? [`#SBATCH --partition=${r.queueName}`] : []),
    `#SBATCH --output=${outFile}`,
    ...r.customFlags,
    `# dpmd learn job: ${specName}`,
    ...r.sourceList.map((f) => `source ${shellWord(f)}`),
    ...Object.entries(r.envs).map(([k, v]) => `export ${k}=${shellWord(v)}`),
    'failed=0',
  ];
  for (const t of tasks) {
    // a task that fails does not stop the next one (tasks are independent); the tag is written only
    // after its command exited 0
    lines.push(
      `( cd ${shellWord(t.dir)} && rm -f ${FINISHED_TAG} && ${t.argv.map(shellWord).join(' ')} >> task.log 2>&1 && touch ${FINISHED_TAG} ) || failed=$((failed + 1))`,
    );
  }
  lines.push('test "$failed" -eq 0', '');
  return lines.join('\n');
}

export interface SlurmBackendOptions {
  resources: SlurmResources;
  context: TransferContext;
  slots: number;
  pollMs: number;
  log?: (line: string) => void;
  run?: SlurmRunner;
}

export class SlurmBackend implements Backend {
  readonly slots: number;
  readonly pollMs: number;
  private readonly run: SlurmRunner;
  private readonly log: (line: string) => void;
  /** Jobs this process submitted or adopted and has not yet seen end: id -> state file contents. */
  private readonly mine = new Map<string, { state: JobStateFile; stateFile: string }>();
  private warnedController = false;

  constructor(private readonly o: SlurmBackendOptions) {
    this.slots = o.slots;
    this.pollMs = o.pollMs;
    this.run = o.run ?? runSlurmCommand;
    this.log = o.log ?? (() => {});
  }

  private static hash(job: JobSpec): string {
    const h = createHash('sha256');
    for (const t of job.tasks) h.update(`${t.cwd}\0${t.argv.join('\0')}\n`);
    return h.digest('hex').slice(0, 12);
  }

  private static stateFile(job: JobSpec): string {
    return join(dirname(job.tasks[0].cwd), `job.${SlurmBackend.hash(job)}.json`);
  }

  /**
   * Slurm's name and state of job `id`: from squeue (which lists ended jobs for MinJobAge seconds),
   * else from sacct (accounting); null when Slurm no longer knows it; 'unreachable' when the
   * controller did not answer (the job is then assumed to be still there).
   */
  private query(id: string): { name: string; state: string } | null | 'unreachable' {
    const q = this.run(['squeue', '-h', '-t', 'all', '-j', id, '-o', '%j|%T']);
    const parse = (text: string) => {
      const line = text.split('\n').find((l) => l.includes('|'));
      if (!line) return null;
      const [name, state] = line.trim().split('|');
      return { name, state: state.split(/\s+/)[0].toUpperCase() };
    };
    if (q.status === 0) {
      const p = parse(q.stdout);
      if (p) return p;
    } else if (!/invalid job id/i.test(q.stderr)) {
      if (!this.warnedController)
        this.log(`squeue failed (${q.stderr.trim() || `status ${q.status}`}); will ask again`);
      this.warnedController = true;
      return 'unreachable';
    }
    const a = this.run(['sacct', '-n', '-X', '-P', '-j', id, '-o', 'JobName,State']);
    return a.status === 0 ? parse(a.stdout) : null;
  }

  private alive(id: string, name: string): boolean {
    const q = this.query(id);
    if (q === 'unreachable') return true;
    return q !== null && q.name === name && ALIVE.has(q.state);
  }

  async adopt(job: JobSpec): Promise<string | null> {
    const file = SlurmBackend.stateFile(job);
    if (!existsSync(file)) return null;
    const state = JSON.parse(readFileSync(file, 'utf8')) as JobStateFile;
    if (!this.alive(state.job_id, state.job_name)) return null;
    this.mine.set(state.job_id, { state, stateFile: file });
    return state.job_id;
  }

  /**
   * Cancel jobs of an earlier process still queued or running for any of these tasks (a regrouped
   * resume), and wait until Slurm reports them ended: scancel only asks, and a running job's tasks
   * may go on writing their directories for up to KillWait seconds, which the new job must not overlap.
   */
  private async cancelStale(job: JobSpec): Promise<void> {
    const mineTasks = new Set(job.tasks.map((t) => t.cwd));
    for (const d of new Set(job.tasks.map((t) => dirname(t.cwd)))) {
      for (const f of readdirSync(d)) {
        if (!/^job\.[0-9a-f]{12}\.json$/.test(f)) continue;
        const s = JSON.parse(readFileSync(join(d, f), 'utf8')) as JobStateFile;
        if (this.mine.has(s.job_id) || !s.tasks.some((t) => mineTasks.has(t))) continue;
        if (this.alive(s.job_id, s.job_name)) {
          this.log(`job ${s.job_id} (${s.job_name}) of an earlier run holds some of these tasks: scancel`);
          this.run(['scancel', s.job_id]);
          while (this.alive(s.job_id, s.job_name)) await new Promise((r) => setTimeout(r, this.pollMs));
        }
      }
    }
  }

  async submit(job: JobSpec): Promise<string> {
    const hash = SlurmBackend.hash(job);
    const jobName = `dpmd.${hash}`;
    const ctx = this.o.context;
    await this.cancelStale(job);
    for (const t of job.tasks) ctx.upload(t.cwd);
    const localDir = dirname(job.tasks[0].cwd),
      remoteDir = ctx.remoteDir(localDir);
    const script = join(remoteDir, `job.${hash}.sub`);
    writeFileSync(
      script,
      jobScript(
        jobName,
        job.name,
        this.o.resources,
        join(remoteDir, `job.${hash}.out`),
        job.tasks.map((t) => ({ dir: ctx.remoteDir(t.cwd), argv: t.argv })),
      ),
    );
    const r = this.run(['sbatch', '--parsable', script], remoteDir);
    const id = r.stdout.trim().split(';')[0];
    if (r.status !== 0 || !/^\d+$/.test(id))
      throw new Error(`sbatch ${script} failed: ${(r.stderr || r.stdout).trim() || `status ${r.status}`}`);
    const state: JobStateFile = {
      job_id: id,
      job_name: jobName,
      spec_name: job.name,
      tasks: job.tasks.map((t) => t.cwd),
      submitted: new Date().toISOString(),
    };
    const stateFile = SlurmBackend.stateFile(job);
    writeFileAtomic(stateFile, `${JSON.stringify(state, null, 1)}\n`);
    this.mine.set(id, { state, stateFile });
    return id;
  }

  async poll(id: string): Promise<JobState> {
    const j = this.mine.get(id);
    if (!j) throw new Error(`slurm back end: no job ${id}`);
    const q = this.query(id);
    if (q === 'unreachable') return 'running';
    if (q !== null && q.name === j.state.job_name && ALIVE.has(q.state)) return 'running';
    const how = q === null || q.name !== j.state.job_name ? 'no longer known to Slurm' : q.state;
    if (how !== 'COMPLETED') this.log(`slurm job ${id} (${j.state.spec_name}): ${how}`);
    for (const t of j.state.tasks) this.o.context.download(t);
    this.mine.delete(id);
    return 'ended';
  }

  killAll(): void {
    const ids = [...this.mine.keys()];
    if (ids.length > 0) this.run(['scancel', ...ids]);
    this.mine.clear();
  }
}
