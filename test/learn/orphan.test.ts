/**
 * Issue 12 hardening: a `dpmd learn` killed with `kill -9` (its PID alone) must not leave tasks
 * running that a resume runs again in the same directory. Real processes throughout: a driver
 * (node, the compiled job layer and local back end, as `dpmd learn` uses them) runs one task, a
 * shell script (not node: any program) that writes three lines, and in its first run waits in a
 * grandchild `sleep 300`; the driver is killed with SIGKILL while it waits.
 *   - the orphan (the shell and its sleep) is still running after the kill (the hazard is real);
 *   - the resumed driver stops it ("killed orphaned task ... pid N") before the task runs again:
 *     the rerun itself sees the orphan's sleep gone; the output equals the uninterrupted run's;
 *   - a record whose pid is alive but with another start time (a recycled pid) is not killed;
 *   - a record whose loop is still alive (two loops on one directory) is an error, nothing killed;
 *   - a record whose child died but left a grandchild in its process group: the grandchild is stopped;
 *   - SIGTERM to the driver is passed on to the task's process group (detached children do not get
 *     the loop's signals otherwise).
 */
import { describe, it, expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Task } from '../../src/learn/backend.js';
import { LocalBackend } from '../../src/learn/backend_local.js';
import { FINISHED_TAG, runTasks } from '../../src/learn/jobs.js';
import { RUNNING_FILE, recordRunning } from '../../src/learn/task_process.js';
import { REPO_ROOT } from '../helpers/golden.js';

const DIST = join(REPO_ROOT, 'dist/src/learn');

/**
 * The task: three lines into out.txt; a first run started with the file `slow` present waits 300 s
 * after line 1 in a grandchild sleep (its pid in sleep.pid). Each run first notes whether an earlier
 * run's sleep still runs (/proc state; a zombie counts as gone).
 */
const SCRIPT = [
  'n=$(( $(cat runs 2>/dev/null || echo 0) + 1 )); echo $n > runs',
  'if [ -f sleep.pid ]; then st=$(cut -d" " -f3 /proc/$(cat sleep.pid)/stat 2>/dev/null)',
  '  case "$st" in ""|Z) echo gone >> checks;; *) echo "alive $st" >> checks;; esac; fi',
  'd=0.05; if [ -f slow ]; then rm slow; d=300; fi',
  ': > out.txt',
  'for i in 1 2 3; do echo "step $i $(cat input)" >> out.txt',
  '  if [ $i -eq 1 ]; then sleep $d & echo $! > sleep.pid; wait $!; fi; done',
].join('\n');

function taskDir(root: string, name: string, slow: boolean): Task {
  const cwd = join(root, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'input'), 'Al 4.05\n');
  if (slow) writeFileSync(join(cwd, 'slow'), '');
  return { name, cwd, argv: ['/bin/sh', '-c', SCRIPT], outputs: ['out.txt'] };
}

const DRIVER = `
const { runTasks } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'jobs.js')).href)});
const { LocalBackend } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'backend_local.js')).href)});
const task = JSON.parse(process.argv[2]);
const r = await runTasks([task], new LocalBackend(1, { graceMs: 2000 }), { retries: 0 });
console.log('finished ' + r.finished.length);
`;

interface Driver {
  proc: ChildProcess;
  done: Promise<{ status: number | null; signal: string | null; stdout: string }>;
}

function driver(root: string, t: Task): Driver {
  const file = join(root, 'driver.mjs');
  writeFileSync(file, DRIVER);
  const proc = spawn(process.execPath, [file, JSON.stringify(t)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  proc.stdout!.on('data', (b) => {
    stdout += b;
  });
  const done = new Promise<{ status: number | null; signal: string | null; stdout: string }>((resolve) =>
    proc.on('close', (status, signal) => resolve({ status, signal, stdout })),
  );
  return { proc, done };
}

/** Alive and not a zombie (read independently of the code under test). */
function alive(pid: number): boolean {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

const readRecord = (t: Task) => JSON.parse(readFileSync(join(t.cwd, RUNNING_FILE), 'utf8'));
/** A pid the script wrote to `file` in dir (0 until written in full). */
const pidIn = (dir: string, file: string): number =>
  existsSync(join(dir, file)) ? Number(readFileSync(join(dir, file), 'utf8').trim() || 0) : 0;
const sleepPid = (t: Task) => pidIn(t.cwd, 'sleep.pid');

describe('orphaned tasks of a killed dpmd learn (local back end)', () => {
  it('kill -9 of the loop alone mid-task: the resume stops the orphan first; same data as uninterrupted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-orphan-'));
    const u = taskDir(root, 'uninterrupted', false);
    const ru = await driver(root, u).done;
    expect(ru.status).toBe(0);
    expect(ru.stdout).toContain('finished 1');
    const expected = readFileSync(join(u.cwd, 'out.txt'), 'utf8');
    expect(expected).toBe('step 1 Al 4.05\nstep 2 Al 4.05\nstep 3 Al 4.05\n');
    expect(existsSync(join(u.cwd, RUNNING_FILE))).toBe(false);

    const k = taskDir(root, 'killed', true);
    const first = driver(root, k);
    await waitFor('the first run to wait in its sleep', () => sleepPid(k) > 0);
    const rec = readRecord(k);
    const sleeper = sleepPid(k);
    expect(rec.pgid).toBe(rec.pid);
    expect(rec.argv).toEqual(k.argv);
    expect(alive(rec.pid) && alive(sleeper)).toBe(true);
    first.proc.kill('SIGKILL'); // the loop's PID alone
    expect((await first.done).signal).toBe('SIGKILL');
    // the hazard: the task's shell and its sleep outlive the loop
    expect(alive(rec.pid)).toBe(true);
    expect(alive(sleeper)).toBe(true);
    expect(existsSync(join(k.cwd, FINISHED_TAG))).toBe(false);

    const rk = await driver(root, k).done;
    expect(rk.status).toBe(0);
    expect(rk.stdout).toContain(
      `killed orphaned task ${k.cwd}: pid ${rec.pid} (/bin/sh) left by an earlier dpmd learn`,
    );
    expect(rk.stdout).toContain('finished 1');
    // the rerun (run 2) found the orphan's sleep gone when it started
    expect(readFileSync(join(k.cwd, 'runs'), 'utf8').trim()).toBe('2');
    expect(readFileSync(join(k.cwd, 'checks'), 'utf8')).toBe('gone\n');
    expect(alive(rec.pid)).toBe(false);
    expect(alive(sleeper)).toBe(false);
    expect(readFileSync(join(k.cwd, 'out.txt'), 'utf8')).toBe(expected);
    expect(existsSync(join(k.cwd, RUNNING_FILE))).toBe(false);
  });

  it('a recorded pid that is alive with another start time (recycled) is not killed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-orphan-'));
    const t = taskDir(root, 'recycled', false);
    // an unrelated process leading its own group, standing in for the pid's new owner
    const other = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const pid = other.pid!;
    try {
      recordRunning(t.cwd, pid, ['dpmd', 'run']);
      const rec = readRecord(t);
      expect(rec.start).not.toBe('');
      writeFileSync(join(t.cwd, RUNNING_FILE), JSON.stringify({ ...rec, start: String(Number(rec.start) - 1) }));
      const logs: string[] = [];
      const r = await runTasks([t], new LocalBackend(1, { log: (l) => logs.push(l), graceMs: 500 }), { retries: 0 });
      expect(r.finished).toHaveLength(1);
      expect(logs).toEqual([]);
      expect(alive(pid)).toBe(true);
      expect(existsSync(join(t.cwd, RUNNING_FILE))).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('a record whose loop is still running (a second loop on one directory) is an error; nothing is killed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-orphan-'));
    const t = taskDir(root, 'shared', false);
    // stand-ins: a live "loop" and its live task child
    const loop = spawn('sleep', ['60'], { stdio: 'ignore' });
    const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    try {
      recordRunning(t.cwd, child.pid!, ['dpmd', 'run']);
      const stat = readFileSync(`/proc/${loop.pid}/stat`, 'utf8');
      const loopStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      writeFileSync(
        join(t.cwd, RUNNING_FILE),
        JSON.stringify({ ...readRecord(t), parent: loop.pid, parentStart: loopStart }),
      );
      await expect(runTasks([t], new LocalBackend(1, { graceMs: 500 }), { retries: 0 })).rejects.toThrow(
        new RegExp(`this task is being run by another dpmd learn \\(pid ${loop.pid}\\), which is still running`),
      );
      expect(alive(child.pid!)).toBe(true);
      expect(existsSync(join(t.cwd, 'runs'))).toBe(false);
    } finally {
      loop.kill('SIGKILL');
      child.kill('SIGKILL');
    }
  });

  it('a record whose child died but left a grandchild in its process group: the grandchild is stopped', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-orphan-'));
    const t = taskDir(root, 'straggler', false);
    // a task's shell leading its own group, with a grandchild sleep; then the shell alone is killed
    const sh = spawn('/bin/sh', ['-c', 'sleep 300 & echo $! > gc.pid; wait'], {
      cwd: t.cwd,
      detached: true,
      stdio: 'ignore',
    });
    recordRunning(t.cwd, sh.pid!, ['/bin/sh', '-c', '...']);
    await waitFor('the grandchild', () => pidIn(t.cwd, 'gc.pid') > 0);
    const gc = pidIn(t.cwd, 'gc.pid');
    sh.kill('SIGKILL');
    await waitFor('the shell to die', () => !alive(sh.pid!));
    expect(alive(gc)).toBe(true);
    const logs: string[] = [];
    const r = await runTasks([t], new LocalBackend(1, { log: (l) => logs.push(l), graceMs: 2000 }), { retries: 0 });
    expect(r.finished).toHaveLength(1);
    expect(alive(gc)).toBe(false);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(`killed orphaned task ${t.cwd}: pid ${sh.pid} (/bin/sh, what its process group left)`);
  });

  it('SIGTERM to the loop is passed on to its detached tasks', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dpmd-orphan-'));
    const t = taskDir(root, 'terminated', true);
    const d = driver(root, t);
    await waitFor('the task to wait in its sleep', () => sleepPid(t) > 0);
    const rec = readRecord(t);
    const sleeper = sleepPid(t);
    d.proc.kill('SIGTERM');
    expect((await d.done).signal).toBe('SIGTERM');
    await waitFor('the task group to end', () => !alive(rec.pid) && !alive(sleeper), 10_000);
  });
});
