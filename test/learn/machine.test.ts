/**
 * machine.json (dpdispatcher's keys) as read by `dpmd learn`: the shipped Slurm machine, group sizes from
 * resources.group_size with per-stage overrides, clear errors naming the key; the job script the Slurm
 * back end writes from the resources (no cluster needed).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobScript, shellWord } from '../../src/learn/backend_slurm.js';
import { readMachine } from '../../src/learn/machine.js';
import { REPO_ROOT } from '../helpers/golden.js';

const dir = mkdtempSync(join(tmpdir(), 'dpmd-machine-'));
function machine(o: unknown): string {
  const p = join(dir, `m${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(o));
  return p;
}

describe('machine.json', () => {
  it('reads the shipped Slurm machine', () => {
    const m = readMachine(join(REPO_ROOT, 'systems/almg/machine-slurm.json'));
    expect(m.batchType).toBe('slurm');
    expect(m.groupSize).toEqual({ train: 1, model_devi: 2, fp: 5 });
    expect(m.slurm?.context).toBe('lazy-local');
    expect(m.slurm?.resources.customFlags).toEqual(['#SBATCH --time=02:00:00']);
    expect(m.slurm?.pollMs).toBe(2000);
  });
  it('dpdispatcher spellings, group_size as the default of every stage, Local context roots', () => {
    const m = readMachine(
      machine({
        batch_type: 'Slurm',
        context_type: 'LocalContext',
        local_root: '/tmp/a',
        remote_root: '/scratch/b',
        resources: { cpu_per_node: 4, queue_name: 'cpu', group_size: 3, envs: { OMP_NUM_THREADS: 4 } },
        fp_group_size: 10,
      }),
    );
    expect(m.groupSize).toEqual({ train: 3, model_devi: 3, fp: 10 });
    expect(m.slurm).toMatchObject({ context: 'local', localRoot: '/tmp/a', remoteRoot: '/scratch/b' });
    expect(m.slurm?.resources).toMatchObject({ cpuPerNode: 4, queueName: 'cpu', envs: { OMP_NUM_THREADS: '4' } });
  });
  it('errors name the file and the key', () => {
    const err = (o: unknown) => {
      const p = machine(o);
      try {
        readMachine(p);
      } catch (e) {
        return (e as Error).message.replace(p, 'FILE');
      }
      return 'no error';
    };
    expect(err({ batch_type: 'PBS' })).toBe(
      "FILE: batch_type: expected one of 'local', 'Local', 'Shell', 'Slurm', 'slurm', got 'PBS'",
    );
    expect(err({ batch_type: 'Slurm', context_type: 'Local' })).toMatch(
      /^FILE: remote_root: context_type Local copies/,
    );
    expect(err({ batch_type: 'local', context_type: 'Local' })).toMatch(
      /^FILE: context_type: only for batch_type "Slurm"/,
    );
    expect(err({ batch_type: 'Slurm', resources: { cpus: 2 } })).toBe("FILE: unknown key 'resources.cpus'");
    expect(err({ batch_type: 'Slurm', resources: { envs: { 'A B': 'x' } } })).toMatch(
      /resources\.envs\.A B: not a valid/,
    );
  });
  it('writes #SBATCH lines from the resources and quotes task commands for bash', () => {
    const s = jobScript(
      'dpmd.0123456789ab',
      'task.000+task.001',
      {
        numberNode: 1,
        cpuPerNode: 2,
        gpuPerNode: 1,
        queueName: 'gpu',
        customFlags: ['#SBATCH --mem=1G'],
        sourceList: ['/opt/env.sh'],
        envs: { A: "it's" },
      },
      '/w/job.out',
      [{ dir: '/w/task 0', argv: ['prog', '-x', 'a b'] }],
    );
    expect(s.split('\n').slice(0, 10)).toEqual([
      '#!/bin/bash',
      '#SBATCH --job-name=dpmd.0123456789ab',
      '#SBATCH --nodes=1',
      '#SBATCH --ntasks-per-node=2',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --partition=gpu',
      '#SBATCH --output=/w/job.out',
      '#SBATCH --mem=1G',
      '# dpmd learn job: task.000+task.001',
      'source /opt/env.sh',
    ]);
    expect(s).toContain(`export A='it'\\''s'\n`);
    expect(s).toContain(
      "( cd '/w/task 0' && rm -f task_tag_finished && prog -x 'a b' >> task.log 2>&1 && touch task_tag_finished ) || failed=$((failed + 1))",
    );
    expect(shellWord("a'b")).toBe(`'a'\\''b'`);
  });
});
