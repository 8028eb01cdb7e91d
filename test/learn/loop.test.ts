/**
 * `dpmd learn` end to end on the miniature Al-Mg problem (mini_setup.ts: 2 iterations, 2 tiny
 * models, 200-step explorations of 32-atom cells, the eam labeler):
 *   - DP-GEN's layout, the record, the table, data appended per iteration;
 *   - the selection counts equal a recomputation from every model_devi.out, the labelled frames are
 *     the chosen trajectory frames;
 *   - killed (SIGKILL, DPMD_LEARN_KILL_AT) in every stage in turn and resumed, it ends with the same
 *     labelled data and the same model deviations as the uninterrupted run;
 *   - killed with SIGKILL of its own PID alone (DPMD_LEARN_KILL_ALONE: its running tasks go on as
 *     orphans; the test freezes them with SIGSTOP so they are surely there at the resume) in every
 *     run stage, with two tasks per job: each resume stops every orphan before its task runs again,
 *     and the data equal the uninterrupted run's (test/learn/orphan.test.ts: the mechanism in detail);
 *   - a labeler that fails on every frame stops with exit 1 naming the task; finished work is kept
 *     and the rerun resumes at the labelling.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import {
  copyFileSync,
  cpSync,
  existsSync,
  rmSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { loadSystem } from '../../src/train/data.js';
import { readDump } from '../../src/learn/structure.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { ALMG, TYPE_MAP, writeMiniProblem } from './mini_setup.js';

const CLI = join(REPO_ROOT, 'dist/src/cli.js');
let dir = '',
  param = '';

interface Ran {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** `dpmd learn p --out out` as a child process (asynchronous: the test worker stays responsive). */
function learn(out: string, env: Record<string, string> = {}, p = param, extra: string[] = []): Promise<Ran> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, 'learn', p, '--out', out, ...extra], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    let stdout = '',
      stderr = '';
    c.stdout.on('data', (b) => {
      stdout += b;
    });
    c.stderr.on('data', (b) => {
      stderr += b;
    });
    c.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Every file under root (relative paths), sorted. */
function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** What must not depend on kills: labelled data, model deviations, selections, the table. */
function outcome(out: string): Record<string, string> {
  const r: Record<string, string> = {};
  for (const f of files(out)) {
    if (
      /02\.fp\/data\/.*\.(npy|raw)$/.test(f) ||
      /model_devi\.out$/.test(f) ||
      /selection\.json$/.test(f) ||
      f === 'learn_table.txt'
    ) {
      r[f] = readFileSync(join(out, f)).toString('base64');
    }
  }
  return r;
}

/** Alive and not a zombie (read from /proc, independently of the code under test). */
function alive(pid: number): boolean {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dpmd-learn-'));
  param = await writeMiniProblem(dir);
});

describe('dpmd learn (miniature Al-Mg loop)', () => {
  let uninterrupted: Record<string, string> = {};

  it('runs 2 iterations end to end: layout, record, table, selection recomputed from model_devi.out', async () => {
    const out = join(dir, 'A');
    const r = await learn(out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const i of ['000000', '000001']) {
      for (const k of ['000', '001']) expect(existsSync(join(out, `iter.${i}/00.train/${k}/model.yaml`))).toBe(true);
      expect(existsSync(join(out, `iter.${i}/01.model_devi/task.001.000000/model_devi.out`))).toBe(true);
    }
    expect(readFileSync(join(out, 'record.dpmd'), 'utf8').trim().split('\n').at(-1)).toBe('1 8');
    const table = readFileSync(join(out, 'learn_table.txt'), 'utf8').trim().split('\n');
    expect(table).toHaveLength(3);
    expect(r.stdout).toContain(table[1]);
    const p = JSON.parse(readFileSync(param, 'utf8'));
    let trainFrames = 6;
    for (const i of [0, 1]) {
      const it = join(out, `iter.00000${i}`);
      const stats = JSON.parse(readFileSync(join(it, 'stats.json'), 'utf8'));
      const sel = JSON.parse(readFileSync(join(it, '01.model_devi/selection.json'), 'utf8'));
      // recompute from the files: columns of DeePMD-kit's model_devi.out, DP-GEN's rule
      const count = { accurate: 0, candidate: 0, failed: 0 };
      const cands = new Set<string>();
      // a job's own trust levels (iteration 1 has them) replace the top-level ones
      const lo = p.model_devi_jobs[i].model_devi_f_trust_lo ?? p.model_devi_f_trust_lo;
      const hi = p.model_devi_jobs[i].model_devi_f_trust_hi ?? p.model_devi_f_trust_hi;
      expect([sel.trustLo, sel.trustHi]).toEqual(i === 0 ? [0.02, 0.3] : [0.03, 0.25]);
      for (const t of readdirSync(join(it, '01.model_devi')).filter((e) => e.startsWith('task.'))) {
        const lines = readFileSync(join(it, '01.model_devi', t, 'model_devi.out'), 'utf8')
          .split('\n')
          .filter((l) => l.trim() && !l.startsWith('#'));
        expect(lines).toHaveLength(p.model_devi_jobs[i].nsteps / p.model_devi_jobs[i].trj_freq + 1);
        for (const l of lines) {
          const w = l.trim().split(/\s+/).map(Number);
          const f = w[4];
          if (f < lo) count.accurate++;
          else if (f < hi) {
            count.candidate++;
            cands.add(`${t}:${w[0]}`);
          } else count.failed++;
        }
      }
      expect({ accurate: stats.accurate, candidate: stats.candidate, failed: stats.failed }).toEqual(count);
      expect(stats.explored).toBe(count.accurate + count.candidate + count.failed);
      expect(stats.trainFrames).toBe(trainFrames);
      // warm-started models (iteration 1) train for training_reuse_numb_steps from training_reuse_start_lr
      const input = JSON.parse(readFileSync(join(it, '00.train/000/input.json'), 'utf8'));
      expect([input.training.numb_steps, input.learning_rate.start_lr, input.loss.start_pref_f]).toEqual(
        i === 0 ? [150, 0.005, 100] : [60, 0.002, 20],
      );
      let chosen = 0;
      for (const s of sel.systems) {
        expect(s.chosen.length).toBe(Math.min(p.fp_task_max, s.candidate));
        for (const c of s.chosen) expect(cands.has(`${c.task}:${c.step}`)).toBe(true);
        chosen += s.chosen.length;
      }
      expect(stats.chosen).toBe(chosen);
      expect(stats.labelled).toBe(chosen);
      // the labelled data are the chosen trajectory frames, with the labeler's energies
      const data = join(it, '02.fp/data');
      const systems = existsSync(data) ? readdirSync(data).map((s) => loadSystem(join(data, s), TYPE_MAP)) : [];
      expect(systems.reduce((a, s) => a + s.nframes, 0)).toBe(chosen);
      if (chosen > 0) {
        const first = sel.systems.find((s: { chosen: unknown[] }) => s.chosen.length > 0).chosen[0];
        const dump = readDump(join(it, '01.model_devi', first.task, 'traj.dump')).find(
          (d) => d.step === first.step,
        )!.frame;
        const all = systems.flatMap((s) =>
          Array.from({ length: s.nframes }, (_, k) => s.coord.subarray(3 * s.natoms * k, 3 * s.natoms * (k + 1))),
        );
        expect(
          all.some((c) => c.length === dump.coord.length && c.every((x, k) => Math.abs(x - dump.coord[k]) < 1e-9)),
        ).toBe(true);
        for (const s of systems) for (const e of s.energy!) expect(Number.isFinite(e)).toBe(true);
      }
      trainFrames += chosen;
    }
    uninterrupted = outcome(out);
    expect(Object.keys(uninterrupted).length).toBeGreaterThan(10);
  });

  it('killed in every stage in turn and resumed, it ends with the same data as the uninterrupted run', async () => {
    expect(Object.keys(uninterrupted).length).toBeGreaterThan(0);
    const out = join(dir, 'B');
    const kills = ['0.0', '0.1.1', '0.2', '0.3', '0.4.1', '0.5', '0.6', '0.7.2', '0.8', '1.1.1', '1.4.1', '1.7.1'];
    for (const k of kills) {
      const r = await learn(out, { DPMD_LEARN_KILL_AT: k });
      expect(r.signal, `kill at ${k}: ${r.stderr}`).toBe('SIGKILL');
    }
    const r = await learn(out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/resuming at iteration 1, stage 7 \(run_fp\)/);
    expect(readFileSync(join(out, 'record.dpmd'), 'utf8').trim().split('\n')).toHaveLength(18); // no stage recorded twice
    expect(outcome(out)).toEqual(uninterrupted);
  });

  it('kill -9 of its PID alone (running tasks left going) in every run stage: the resume stops the orphans, same data', async () => {
    expect(Object.keys(uninterrupted).length).toBeGreaterThan(0);
    const out = join(dir, 'D');
    // two tasks per job: when the first one's end triggers the kill, the second has just started
    const machine = join(dir, 'machine-groups.json');
    writeFileSync(
      machine,
      JSON.stringify({
        batch_type: 'local',
        slots: 2,
        train_group_size: 2,
        model_devi_group_size: 2,
        fp_group_size: 2,
      }),
    );
    const orphanLines = (s: string) => (s.match(/killed orphaned task .* left by an earlier dpmd learn/g) ?? []).length;
    let frozen: number[] = [];
    let total = 0;
    for (const k of ['0.1.1', '0.4.1', '0.7.1', '1.1.1', '1.4.1', '1.7.1', '']) {
      const env: Record<string, string> = k ? { DPMD_LEARN_KILL_AT: k, DPMD_LEARN_KILL_ALONE: '1' } : {};
      const r = await learn(out, env, param, ['--machine', machine]);
      // every orphan of the previous kill (kept alive by SIGSTOP) was stopped before its task reran
      expect(orphanLines(r.stdout), `run ending at ${k || 'the end'}: ${r.stdout}`).toBe(frozen.length);
      for (const pid of frozen) expect(alive(pid)).toBe(false);
      if (!k) {
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        break;
      }
      expect(r.signal, `kill at ${k}: ${r.stderr}`).toBe('SIGKILL');
      // the orphans: tasks still running after the loop died; frozen so they are still there at the resume
      frozen = [];
      for (const f of files(out).filter((x) => x.endsWith('task_running.json'))) {
        const rec = JSON.parse(readFileSync(join(out, f), 'utf8'));
        if (!alive(rec.pid)) continue;
        try {
          process.kill(-rec.pgid, 'SIGSTOP');
        } catch {
          continue; // ended just now
        }
        if (alive(rec.pid)) frozen.push(rec.pid);
      }
      total += frozen.length;
    }
    expect(total).toBeGreaterThanOrEqual(2); // at least the two trainings' second models
    expect(files(out).filter((f) => f.endsWith('task_running.json'))).toEqual([]);
    expect(readFileSync(join(out, 'record.dpmd'), 'utf8').trim().split('\n')).toHaveLength(18);
    expect(outcome(out)).toEqual(uninterrupted);
  });

  it('a labeler failing on every frame: exit 1 naming the task, work kept, the rerun resumes at labelling', async () => {
    const p = JSON.parse(readFileSync(param, 'utf8'));
    const pot = join(dir, 'broken.eam.fs');
    writeFileSync(pot, 'not a potential\n');
    p.fp_params.pot_file = pot;
    p.model_devi_jobs = p.model_devi_jobs.slice(0, 1);
    const pf = join(dir, 'param-broken.json');
    writeFileSync(pf, JSON.stringify(p));
    // start from the uninterrupted run's iteration 0 up to its selection (stages 0-5), so only the
    // labelling runs again
    const out = join(dir, 'C');
    cpSync(join(dir, 'A', 'iter.000000'), join(out, 'iter.000000'), { recursive: true });
    rmSync(join(out, 'iter.000000', '02.fp'), { recursive: true, force: true });
    writeFileSync(join(out, 'record.dpmd'), [0, 1, 2, 3, 4, 5].map((k) => `0 ${k}\n`).join(''));
    const machine = join(dir, 'machine-noretry.json');
    writeFileSync(machine, JSON.stringify({ batch_type: 'local', retry_count: 0 }));
    const r = await learn(out, {}, pf, ['--machine', machine]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^ERROR: the labeler \(fp_style eam\) failed on every frame of iteration 0, e\.g\. iter\.000000\/02\.fp\/task\.\d{3}\.\d{6}: Invalid EAM potential file .*broken\.eam\.fs/,
    );
    expect(readFileSync(join(out, 'record.dpmd'), 'utf8').trim().split('\n').at(-1)).toBe('0 6');
    expect(existsSync(join(out, 'iter.000000/00.train/001/model.yaml'))).toBe(true);
    copyFileSync(ALMG, pot);
    const again = await learn(out, {}, pf);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/resuming at iteration 0, stage 7 \(run_fp\)/);
    expect(outcome(out)['iter.000000/02.fp/data/sys.000/set.000/energy.npy']).toBe(
      uninterrupted['iter.000000/02.fp/data/sys.000/set.000/energy.npy'],
    );
  });
});
