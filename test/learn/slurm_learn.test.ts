/**
 * `dpmd learn` through the Slurm back end (a real single-node cluster, scripts/slurm/start.sh): one
 * iteration of the miniature Al-Mg problem (mini_setup.ts) in which training, exploration and
 * labelling each run as Slurm jobs, with the run killed (SIGKILL) while its training jobs wait in the
 * queue behind a job that holds every CPU, and restarted: the restart finds the queued jobs through
 * their job-state files and waits for them instead of submitting them again.
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/golden.js';
import { jobState, slurmAvailable, waitFor } from '../helpers/slurm.js';
import { writeMiniProblem } from './mini_setup.js';

const HAVE_SLURM = slurmAvailable('dpmd learn through Slurm');
const CLI = join(REPO_ROOT, 'dist/src/cli.js');

interface Learn {
  child: ChildProcess;
  stdout: () => string;
  done: Promise<{ status: number | null; signal: string | null; stderr: string }>;
}

function learn(dir: string, param: string, machine: string, out: string): Learn {
  const child = spawn(process.execPath, [CLI, 'learn', param, '--machine', machine, '--out', out], { cwd: dir });
  let stdout = '',
    stderr = '';
  child.stdout!.on('data', (b) => {
    stdout += b;
  });
  child.stderr!.on('data', (b) => {
    stderr += b;
  });
  const done = new Promise<{ status: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stderr })),
  );
  return { child, stdout: () => stdout, done };
}

/** The job-state files of a stage directory: Slurm job id, name, task directories. */
function jobsOf(stage: string): { job_id: string; job_name: string; tasks: string[] }[] {
  if (!existsSync(stage)) return [];
  return readdirSync(stage)
    .filter((f) => /^job\.[0-9a-f]{12}\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(stage, f), 'utf8')));
}

describe('dpmd learn through Slurm', () => {
  it('one iteration as Slurm jobs, killed while its jobs are queued and restarted without resubmitting', async () => {
    if (!HAVE_SLURM) return;
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-learn-slurm-'));
    const param = await writeMiniProblem(dir);
    const p = JSON.parse(readFileSync(param, 'utf8'));
    p.model_devi_jobs = p.model_devi_jobs.slice(0, 1);
    writeFileSync(param, JSON.stringify(p, null, 1));
    const machine = join(dir, 'machine.json');
    writeFileSync(
      machine,
      JSON.stringify({
        batch_type: 'Slurm',
        context_type: 'LazyLocalContext',
        resources: { number_node: 1, cpu_per_node: 1, group_size: 1, custom_flags: ['#SBATCH --time=00:20:00'] },
        fp_group_size: 4,
        poll_interval: 0.5,
      }),
    );
    const out = join(dir, 'out');
    // a job holding the whole node keeps the loop's jobs pending
    const blocker = spawnSync(
      'sbatch',
      ['--parsable', '-J', 'dpmd-test-blocker', '--exclusive', '-o', '/dev/null', '--wrap', 'sleep 600'],
      {
        encoding: 'utf8',
      },
    );
    expect(blocker.status, blocker.stderr).toBe(0);
    const blockerId = blocker.stdout.trim().split(';')[0];
    try {
      await waitFor('the blocker to run', () => jobState(blockerId)?.state === 'RUNNING', 60_000);
      const trainDir = join(out, 'iter.000000', '00.train');
      const first = learn(dir, param, machine, out);
      await waitFor(
        'both training jobs queued',
        () => jobsOf(trainDir).length === 2 && jobsOf(trainDir).every((j) => jobState(j.job_id)?.state === 'PENDING'),
      );
      const queued = jobsOf(trainDir)
        .map((j) => j.job_id)
        .sort();
      first.child.kill('SIGKILL');
      expect((await first.done).signal).toBe('SIGKILL');
      // the jobs outlive the process that submitted them
      for (const id of queued) expect(jobState(id)?.state).toBe('PENDING');

      const second = learn(dir, param, machine, out);
      await waitFor(
        'the restart to find both jobs',
        () => (second.stdout().match(/found in the queue as/g) ?? []).length === 2,
      );
      expect(spawnSync('scancel', [blockerId]).status).toBe(0);
      const r = await second.done;
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(second.stdout()).toMatch(/resuming at iteration 0, stage 1 \(run_train\)/);
      for (const id of queued) expect(second.stdout()).toContain(`found in the queue as ${id}; not submitted again`);
      // training: the two jobs submitted before the kill, no others; they completed
      expect(
        jobsOf(trainDir)
          .map((j) => j.job_id)
          .sort(),
      ).toEqual(queued);
      for (const id of queued) expect(jobState(id)?.state).toBe('COMPLETED');
      // exploration and labelling ran as Slurm jobs too, every task inside one
      const devi = join(out, 'iter.000000', '01.model_devi'),
        fp = join(out, 'iter.000000', '02.fp');
      const stats = JSON.parse(readFileSync(join(out, 'iter.000000', 'stats.json'), 'utf8'));
      const tasksOf = (d: string) => readdirSync(d).filter((f) => f.startsWith('task.')).length;
      expect(jobsOf(devi).flatMap((j) => j.tasks)).toHaveLength(tasksOf(devi));
      expect(stats.chosen).toBeGreaterThan(0);
      expect(stats.labelled).toBe(stats.chosen);
      expect(jobsOf(fp).flatMap((j) => j.tasks)).toHaveLength(tasksOf(fp));
      expect(jobsOf(fp).length).toBe(Math.ceil(tasksOf(fp) / 4)); // fp_group_size 4
      for (const j of [...jobsOf(devi), ...jobsOf(fp)]) expect(jobState(j.job_id)?.state).toBe('COMPLETED');
      expect(readFileSync(join(out, 'record.dpmd'), 'utf8').trim().split('\n').at(-1)).toBe('0 8');
    } finally {
      spawnSync('scancel', [blockerId]);
    }
  });
});
