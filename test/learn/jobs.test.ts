/**
 * The task -> job layer with the local back end: grouping, retries of a failed job (up to 3 more
 * submissions), failures reported after that, and resumption (tasks with task_tag_finished are not run).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTasks, FINISHED_TAG } from '../../src/learn/jobs.js';
import { LocalBackend } from '../../src/learn/backend_local.js';
import type { Task } from '../../src/learn/backend.js';

/** A task whose command counts its runs in runs.txt and exits 1 until run `okFrom` (never when 0). */
function counting(root: string, name: string, okFrom: number, output = 'out.txt'): Task {
  const cwd = join(root, name);
  mkdirSync(cwd, { recursive: true });
  const js =
    `const fs=require('fs');const n=(fs.existsSync('runs.txt')?Number(fs.readFileSync('runs.txt','utf8')):0)+1;` +
    `fs.writeFileSync('runs.txt',String(n));if(${okFrom}>0&&n>=${okFrom}){fs.writeFileSync('${output}','ok');}else{console.error('fail '+n);process.exit(1);}`;
  return { name, cwd, argv: [process.execPath, '-e', js], outputs: [output] };
}
const runs = (t: Task) => Number(readFileSync(join(t.cwd, 'runs.txt'), 'utf8'));

describe('jobs (local back end)', () => {
  it('runs grouped tasks, retries failed jobs, reports what never finished', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-jobs-'));
    const ok = [0, 1, 2, 3].map((k) => counting(root, `ok${k}`, 1));
    const flaky = counting(root, 'flaky', 3);
    const bad = counting(root, 'bad', 0);
    const done: string[] = [];
    const r = await runTasks([...ok, flaky, bad], new LocalBackend(2), {
      groupSize: 2,
      retries: 3,
      onTaskDone: (t) => done.push(t.name),
    });
    expect(r.finished.map((t) => t.name).sort()).toEqual(['flaky', 'ok0', 'ok1', 'ok2', 'ok3']);
    expect(r.failed.map((f) => [f.task.name, f.attempts])).toEqual([['bad', 4]]);
    expect(ok.map(runs)).toEqual([1, 1, 1, 1]);
    expect(runs(flaky)).toBe(3); // failed twice, the third submission finished it
    expect(runs(bad)).toBe(4); // the first submission and 3 retries
    expect(existsSync(join(bad.cwd, FINISHED_TAG))).toBe(false);
    expect(readFileSync(join(bad.cwd, 'task.log'), 'utf8')).toMatch(/fail 1\n[\s\S]*fail 4\n/);
    expect(done.sort()).toEqual(['flaky', 'ok0', 'ok1', 'ok2', 'ok3']);
    // resume: finished tasks are not run again; the failed one gets a fresh set of attempts
    const again = await runTasks([...ok, flaky, bad], new LocalBackend(2), { retries: 0 });
    expect(ok.map(runs)).toEqual([1, 1, 1, 1]);
    expect(runs(flaky)).toBe(3);
    expect(runs(bad)).toBe(5);
    expect(again.failed.map((f) => f.task.name)).toEqual(['bad']);
  });
  it('a task without its declared output is not finished; a missing program fails the job', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-jobs-'));
    const t = counting(root, 'nooutput', 1);
    t.outputs = ['other.txt'];
    const missing: Task = { name: 'missing', cwd: root, argv: [join(root, 'no-such-program')], outputs: [] };
    const r = await runTasks([t, missing], new LocalBackend(1), { retries: 1 });
    expect(r.failed.map((f) => f.task.name).sort()).toEqual(['missing', 'nooutput']);
    expect(runs(t)).toBe(2);
    expect(readFileSync(join(root, 'task.log'), 'utf8')).toMatch(/cannot start .*no-such-program/);
  });
});
