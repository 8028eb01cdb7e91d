/**
 * The Slurm back end against a real cluster (scripts/slurm/start.sh; CI starts one): tasks grouped
 * into batch jobs with #SBATCH lines from the resources, a failing task retried and then reported,
 * a job cancelled from outside (scancel) and resubmitted, a job found again in the queue by a new
 * back end (a restarted `dpmd learn`) instead of being submitted twice, a regrouped resume cancelling
 * the earlier job that holds its task and waiting for it to end before submitting, killAll
 * cancelling, and the Local context moving inputs to remote_root and outputs back.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '../../src/learn/backend.js';
import { runSlurmCommand, SlurmBackend } from '../../src/learn/backend_slurm.js';
import { FINISHED_TAG, runTasks } from '../../src/learn/jobs.js';
import type { SlurmResources } from '../../src/learn/machine.js';
import { LazyLocalContext, LocalContext, type TransferContext } from '../../src/learn/transfer.js';
import { jobState, slurmAvailable, waitFor } from '../helpers/slurm.js';

const HAVE_SLURM = slurmAvailable('Slurm back end tests');

const RES: SlurmResources = {
  numberNode: 1,
  cpuPerNode: 1,
  gpuPerNode: 0,
  queueName: '',
  customFlags: ['#SBATCH --time=00:10:00'],
  sourceList: [],
  envs: { DPMD_SLURM_TEST: 'yes it is' },
};

function backend(context: TransferContext = new LazyLocalContext(), log?: (l: string) => void): SlurmBackend {
  return new SlurmBackend({ resources: RES, context, slots: 4, pollMs: 200, log });
}

/**
 * A task whose command counts its runs in runs.txt, sleeps `sleepFirst` s in its first run, and
 * exits 1 until run `okFrom` (never when 0); it records the variable the job script exports.
 */
function counting(root: string, name: string, okFrom: number, sleepFirst = 0): Task {
  const cwd = join(root, name);
  mkdirSync(cwd, { recursive: true });
  const js =
    `const fs=require('fs');const n=(fs.existsSync('runs.txt')?Number(fs.readFileSync('runs.txt','utf8')):0)+1;` +
    `fs.writeFileSync('runs.txt',String(n));fs.writeFileSync('env.txt',process.env.DPMD_SLURM_TEST||'');` +
    `const go=()=>{if(${okFrom}>0&&n>=${okFrom}){fs.writeFileSync('out.txt','ok '+process.env.SLURM_JOB_ID);}else{console.error('fail '+n);process.exit(1);}};` +
    `if(n===1&&${sleepFirst}>0)setTimeout(go,${sleepFirst}*1000);else go();`;
  return { name, cwd, argv: [process.execPath, '-e', js], outputs: ['out.txt'] };
}
const runs = (t: Task) => Number(readFileSync(join(t.cwd, 'runs.txt'), 'utf8'));
const stateFiles = (d: string) =>
  readdirSync(d)
    .filter((f) => /^job\.[0-9a-f]{12}\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(d, f), 'utf8')) as { job_id: string; job_name: string; tasks: string[] });

describe('Slurm back end', () => {
  it('groups tasks into sbatch jobs, retries a failing task, reports what never finished', async () => {
    if (!HAVE_SLURM) return;
    const root = mkdtempSync(join(tmpdir(), 'dpmd-slurm-'));
    const ok = [0, 1, 2].map((k) => counting(root, `ok${k}`, 1));
    const flaky = counting(root, 'flaky', 2);
    const bad = counting(root, 'bad', 0);
    const logs: string[] = [];
    const b = backend(undefined, (l) => logs.push(l));
    const r = await runTasks([...ok, flaky, bad], b, { groupSize: 2, retries: 3, log: (l) => logs.push(l) });
    expect(r.finished.map((t) => t.name).sort()).toEqual(['flaky', 'ok0', 'ok1', 'ok2']);
    expect(r.failed.map((f) => [f.task.name, f.attempts])).toEqual([['bad', 4]]);
    expect(ok.map(runs)).toEqual([1, 1, 1]);
    expect(runs(flaky)).toBe(2);
    expect(runs(bad)).toBe(4);
    expect(existsSync(join(bad.cwd, FINISHED_TAG))).toBe(false);
    expect(readFileSync(join(bad.cwd, 'task.log'), 'utf8')).toMatch(/fail 1\n[\s\S]*fail 4\n/);
    // every task ran inside a Slurm job (SLURM_JOB_ID set) that squeue knows under the state file's name
    const jobs = stateFiles(root);
    for (const t of [...ok, flaky]) {
      const id = readFileSync(join(t.cwd, 'out.txt'), 'utf8').split(' ')[1];
      const j = jobs.find((s) => s.job_id === id);
      expect(j?.tasks).toContain(t.cwd);
      // COMPLETED, or FAILED where a task of the same job failed (the script's exit status counts them)
      const st = jobState(id);
      expect(st?.name).toBe(j!.job_name);
      const allOk = j!.tasks.every(
        (c) => existsSync(join(c, 'out.txt')) && readFileSync(join(c, 'out.txt'), 'utf8') === `ok ${id}`,
      );
      expect(st?.state).toBe(allOk ? 'COMPLETED' : 'FAILED');
      expect(readFileSync(join(t.cwd, 'env.txt'), 'utf8')).toBe('yes it is');
    }
    // groups of 2: [ok0 ok1] [ok2 flaky] [bad]; then the unfinished ones alone
    const sub = readdirSync(root).filter((f) => f.endsWith('.sub'));
    const script = readFileSync(join(root, sub[0]), 'utf8');
    expect(script).toMatch(/^#!\/bin\/bash\n#SBATCH --job-name=dpmd\.[0-9a-f]{12}\n#SBATCH --nodes=1\n/);
    expect(script).toContain('#SBATCH --ntasks-per-node=1\n');
    expect(script).toContain('#SBATCH --time=00:10:00\n');
    expect(script).toContain("export DPMD_SLURM_TEST='yes it is'\n");
    expect(logs.filter((l) => /resubmitting/.test(l))).toHaveLength(4); // [ok2 flaky] once, bad 3 times
    expect(logs.some((l) => /slurm job \d+ .*: FAILED/.test(l))).toBe(true);
  });

  it('a job cancelled from outside (scancel) is resubmitted and finishes', async () => {
    if (!HAVE_SLURM) return;
    const root = mkdtempSync(join(tmpdir(), 'dpmd-slurm-'));
    const t = counting(root, 'slow', 1, 300);
    const logs: string[] = [];
    const done = runTasks(
      [t],
      backend(undefined, (l) => logs.push(l)),
      { log: (l) => logs.push(l) },
    );
    await waitFor('the job to run', () => {
      const j = stateFiles(root)[0];
      return j !== undefined && jobState(j.job_id)?.state === 'RUNNING' && existsSync(join(t.cwd, 'runs.txt'));
    });
    const first = stateFiles(root)[0].job_id;
    expect(spawnSync('scancel', [first]).status).toBe(0);
    const r = await done;
    expect(r.finished).toHaveLength(1);
    expect(runs(t)).toBe(2); // the cancelled run, then the resubmitted one
    expect(jobState(first)?.state).toBe('CANCELLED');
    expect(logs.some((l) => l.includes(`slurm job ${first} (slow): CANCELLED`))).toBe(true);
    const second = readFileSync(join(t.cwd, 'out.txt'), 'utf8').split(' ')[1];
    expect(second).not.toBe(first);
  });

  it('a new back end (a restarted dpmd learn) finds the queued job instead of submitting it again', async () => {
    if (!HAVE_SLURM) return;
    const root = mkdtempSync(join(tmpdir(), 'dpmd-slurm-'));
    const t = counting(root, 'queued', 1, 3);
    // the first process submits and dies without cancelling (as after SIGKILL)
    const first = backend();
    const id = await first.submit({ name: 'queued', tasks: [t] });
    expect(['PENDING', 'RUNNING', 'CONFIGURING']).toContain(jobState(id)?.state);
    const logs: string[] = [];
    const r = await runTasks([t], backend(), { log: (l) => logs.push(l) });
    expect(logs).toContain(`job queued: found in the queue as ${id}; not submitted again`);
    expect(r.finished).toHaveLength(1);
    expect(runs(t)).toBe(1);
    expect(stateFiles(root).map((s) => s.job_id)).toEqual([id]);
    expect(readFileSync(join(t.cwd, 'out.txt'), 'utf8')).toBe(`ok ${id}`);
    // a job that has ended is not adopted: its tasks are submitted afresh
    expect(await backend().adopt({ name: 'queued', tasks: [t] })).toBeNull();
  });

  it('a regrouped resume cancels the earlier job holding its task and waits for it to end before submitting', async () => {
    if (!HAVE_SLURM) return;
    const root = mkdtempSync(join(tmpdir(), 'dpmd-slurm-'));
    const a = counting(root, 'a', 1);
    const b = counting(root, 'b', 1, 300);
    // the first process submits [a, b] as one job and dies (as after SIGKILL) while b runs
    const old = await backend().submit({ name: 'a+b', tasks: [a, b] });
    await waitFor(
      'a to finish and b to run',
      () => existsSync(join(a.cwd, FINISHED_TAG)) && existsSync(join(b.cwd, 'runs.txt')),
    );
    // the resumed process submits [b] alone: another job (another hash), so not adopted
    const atSubmit: (string | undefined)[] = [];
    const logs: string[] = [];
    const resumed = new SlurmBackend({
      resources: RES,
      context: new LazyLocalContext(),
      slots: 4,
      pollMs: 200,
      log: (l) => logs.push(l),
      run: (argv, cwd) => {
        if (argv[0] === 'sbatch') atSubmit.push(jobState(old)?.state);
        return runSlurmCommand(argv, cwd);
      },
    });
    const r = await runTasks([a, b], resumed, { log: (l) => logs.push(l) });
    expect(r.finished).toHaveLength(2);
    expect(logs.some((l) => l.startsWith(`job ${old} (`) && l.endsWith('holds some of these tasks: scancel'))).toBe(
      true,
    );
    // the old job had ended (no task of it still writing) when the new one was submitted
    expect(atSubmit).toEqual(['CANCELLED']);
    expect(runs(a)).toBe(1);
    expect(runs(b)).toBe(2);
  });

  it('killAll cancels the jobs it submitted', async () => {
    if (!HAVE_SLURM) return;
    const root = mkdtempSync(join(tmpdir(), 'dpmd-slurm-'));
    const b = backend();
    const ids = [
      await b.submit({ name: 'a', tasks: [counting(root, 'a', 1, 300)] }),
      await b.submit({ name: 'b', tasks: [counting(root, 'b', 1, 300)] }),
    ];
    b.killAll();
    await waitFor('both jobs cancelled', () => ids.every((id) => jobState(id)?.state === 'CANCELLED'), 30_000);
  });

  it('context Local: inputs copied to remote_root (with ../ paths resolving), outputs copied back', async () => {
    if (!HAVE_SLURM) return;
    const local = mkdtempSync(join(tmpdir(), 'dpmd-slurm-local-'));
    const remote = mkdtempSync(join(tmpdir(), 'dpmd-slurm-remote-'));
    mkdirSync(join(local, 'data'));
    writeFileSync(join(local, 'data', 'shared.txt'), 'shared input');
    const tasks = [0, 1].map((k) => {
      const cwd = join(local, 'stage', `task.${k}`);
      mkdirSync(cwd, { recursive: true });
      writeFileSync(join(cwd, 'in.txt'), `input ${k}`);
      const js =
        `const fs=require('fs');fs.writeFileSync('out.txt',fs.readFileSync('in.txt','utf8')+' + '+` +
        `fs.readFileSync('../../data/shared.txt','utf8')+' in '+process.cwd());`;
      return { name: `task.${k}`, cwd, argv: [process.execPath, '-e', js], outputs: ['out.txt'] };
    });
    const r = await runTasks(tasks, backend(new LocalContext(local, remote)), { groupSize: 2 });
    expect(r.finished).toHaveLength(2);
    for (const [k, t] of tasks.entries()) {
      // the job ran in the remote copy; the result is back in the local task directory
      expect(readFileSync(join(t.cwd, 'out.txt'), 'utf8')).toBe(
        `input ${k} + shared input in ${join(remote, 'stage', `task.${k}`)}`,
      );
      expect(existsSync(join(t.cwd, FINISHED_TAG))).toBe(true);
      expect(existsSync(join(remote, 'stage', `task.${k}`, 'out.txt'))).toBe(true);
    }
    expect(readdirSync(join(remote, 'stage')).some((f) => f.endsWith('.sub'))).toBe(true);
    expect(readdirSync(join(local, 'stage')).some((f) => f.endsWith('.sub'))).toBe(false);
    expect(stateFiles(join(local, 'stage'))).toHaveLength(1);
  });
});
