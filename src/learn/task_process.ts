/**
 * The running-task record of the local back end, and the resume-side check that stops what a killed
 * `dpmd learn` left running.
 *
 * Why: the local back end runs each task as a child process. A `kill -9` of the loop's PID alone
 * (or an OOM kill of it) leaves that child, and whatever the child started (mpirun ranks, a shell's
 * pipeline), running as orphans. A resumed loop submits every task without `task_tag_finished`
 * again, so without this check it would run the same task in the same directory at the same time as
 * the orphan: two writers of one directory.
 *
 * How: while a task runs, `task_running.json` in its directory names the child (pid, process group,
 * start time, host, boot id, the loop's pid). The child leads its own process group (spawned
 * detached), so the group holds everything it started. Before a task is submitted again,
 * `stopOrphan` reads that file; when the recorded child is still alive (same pid AND same start time
 * on the same boot of the same host, so a recycled pid is never touched) its process group gets
 * SIGTERM, then SIGKILL after a grace period, and is waited for. When the child itself is gone but
 * members of its group live on (Linux: found in /proc by their process group and a start time not
 * before the child's), those are stopped the same way.
 *
 * Start times: Linux /proc/<pid>/stat field 22 (clock ticks since boot, set at fork, unchanged by
 * exec); elsewhere `ps -o lstart=` (to the second). Group members are found through /proc on Linux;
 * elsewhere only the group as a whole is signalled (kill(-pgid)) and waited for.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic_file.js';

export const RUNNING_FILE = 'task_running.json';

export interface RunningRecord {
  /** The child's pid; it leads its own process group, so also the group id. */
  pid: number;
  pgid: number;
  /** The child's start time (see procStart); compared as a string. */
  start: string;
  host: string;
  /** Linux boot id ('' elsewhere): after a reboot nothing recorded can still run. */
  boot: string;
  /** The loop (or other program) that started it, and that process's start time. */
  parent: number;
  parentStart: string;
  argv: string[];
  started: string;
}

const IS_LINUX = process.platform === 'linux';

function bootId(): string {
  if (!IS_LINUX) return '';
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

interface ProcStat {
  state: string;
  pgrp: number;
  /** Field 22, starttime, in clock ticks since boot. */
  start: string;
}

/** /proc/<pid>/stat, or null when there is no such process. The comm field may hold spaces and ')'. */
function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // fields after "pid (comm) ": state(3) ppid(4) pgrp(5) ... starttime(22)
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: f[0], pgrp: Number(f[2]), start: f[19] };
}

/** The start time of a live (not zombie) process, or null. */
export function procStart(pid: number): string | null {
  if (IS_LINUX) {
    const s = procStat(pid);
    return s && s.state !== 'Z' ? s.start : null;
  }
  const r = spawnSync('ps', ['-o', 'stat=,lstart=', '-p', String(pid)], { encoding: 'utf8' });
  const line = r.status === 0 ? r.stdout.trim() : '';
  if (!line || line.startsWith('Z')) return null;
  return line.slice(line.indexOf(' ') + 1).trim();
}

/**
 * Live members of process group `pgid` started no earlier than `notBefore` ticks (Linux only; the
 * start bound keeps a later group that reuses the number out).
 */
function groupMembers(pgid: number, notBefore: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const s = procStat(Number(e));
    if (s && s.pgrp === pgid && s.state !== 'Z' && Number(s.start) >= notBefore) out.push(Number(e));
  }
  return out;
}

/** Send `sig` to process group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false;
  }
}

let ownStart: string | null = null;
const selfStart = (): string => {
  ownStart ??= procStart(process.pid) ?? '';
  return ownStart;
};

/** Writes the record of a child just spawned (synchronously, before it can have been reaped). */
export function recordRunning(cwd: string, pid: number, argv: string[]): void {
  const rec: RunningRecord = {
    pid,
    pgid: pid,
    // a child that already exited (a zombie until reaped) keeps its start time: its group may live on
    start: (IS_LINUX ? procStat(pid)?.start : procStart(pid)) ?? '',
    host: hostname(),
    boot: bootId(),
    parent: process.pid,
    parentStart: selfStart(),
    argv,
    started: new Date().toISOString(),
  };
  writeFileAtomic(join(cwd, RUNNING_FILE), `${JSON.stringify(rec)}\n`);
}

export function clearRunning(cwd: string): void {
  rmSync(join(cwd, RUNNING_FILE), { force: true });
}

export interface StopOptions {
  /** ms between SIGTERM and SIGKILL (default 5000). */
  graceMs?: number;
  log: (line: string) => void;
  /** Pids this process runs itself: never orphans. */
  own?: ReadonlySet<number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops what an earlier, killed process left running in task directory `cwd` (see the file comment)
 * and removes the record. Resolves once nothing of it runs; throws when that cannot be established
 * (a record from another host; a group that survives SIGKILL).
 */
export async function stopOrphan(cwd: string, o: StopOptions): Promise<void> {
  const file = join(cwd, RUNNING_FILE);
  if (!existsSync(file)) return;
  let rec: RunningRecord;
  try {
    rec = JSON.parse(readFileSync(file, 'utf8')) as RunningRecord;
  } catch {
    clearRunning(cwd); // written atomically, so unreadable means not ours to interpret
    return;
  }
  if (o.own?.has(rec.pid)) return;
  if (rec.host !== hostname())
    throw new Error(
      `${file}: this task was started on host ${rec.host} (pid ${rec.pid}) by an earlier dpmd learn; ` +
        `from ${hostname()} it cannot be told whether it still runs: stop it there, delete the file and rerun`,
    );
  if (rec.boot !== bootId()) {
    clearRunning(cwd); // rebooted since it started
    return;
  }
  // the loop that started it still runs: not an orphan but a second loop on one directory
  if (rec.parent !== process.pid && rec.parentStart !== '' && procStart(rec.parent) === rec.parentStart)
    throw new Error(
      `${file}: this task is being run by another dpmd learn (pid ${rec.parent}), which is still running; ` +
        'two loops must not share one output directory',
    );
  const leaderAlive = rec.start !== '' && procStart(rec.pid) === rec.start;
  // The pid now names another process (another start time): recycled. The kernel does not hand out
  // a number still used as a process group id, so nothing of the recorded group is left.
  const st = IS_LINUX ? procStat(rec.pid) : null;
  const recycled = st !== null && st.start !== rec.start;
  // without the leader, survivors of its group (Linux): started no earlier than it
  const stragglers = () => (IS_LINUX && rec.start !== '' ? groupMembers(rec.pgid, Number(rec.start)) : []);
  let targets = leaderAlive || recycled ? [] : stragglers();
  if (!leaderAlive && targets.length === 0) {
    clearRunning(cwd); // ended with its loop, or a recycled pid: nothing to stop
    return;
  }
  const signal = (sig: NodeJS.Signals) => {
    if (leaderAlive) signalGroup(rec.pgid, sig);
    else
      for (const p of targets)
        try {
          process.kill(p, sig);
        } catch {
          // already gone
        }
  };
  const gone = (): boolean => {
    if (IS_LINUX) {
      targets = stragglers();
      return targets.length === 0;
    }
    return !signalGroup(rec.pgid, 0);
  };
  const waitGone = async (ms: number): Promise<boolean> => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (gone()) return true;
    return gone();
  };
  signal('SIGTERM');
  signal('SIGCONT'); // a stopped (suspended) process acts on SIGTERM only once continued
  let how = 'SIGTERM';
  if (!(await waitGone(o.graceMs ?? 5000))) {
    signal('SIGKILL');
    how = 'SIGKILL';
    if (!(await waitGone(10_000)))
      throw new Error(`cannot stop process group ${rec.pgid} (${rec.argv.join(' ')}) running in ${cwd}`);
  }
  o.log(
    `killed orphaned task ${cwd}: pid ${rec.pid} (${rec.argv[0]}${leaderAlive ? '' : ', what its process group left'}) ` +
      `left by an earlier dpmd learn (pid ${rec.parent}), with ${how}`,
  );
  clearRunning(cwd);
}
