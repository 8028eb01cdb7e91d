/**
 * Run `node ARGS...` as a child process with a wall-time limit and capped output, for the fuzzing
 * scripts: a mutant that hangs is killed (SIGKILL) and reported as timed out, and one that prints
 * without end cannot fill memory.
 */
import { spawn } from 'node:child_process';

export interface CappedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the time limit killed the child. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** Spawn Node with args in cwd; kill it after timeoutS seconds; keep at most cap characters per stream. */
export function spawnCapped(
  args: string[],
  opts: { cwd: string; timeoutS: number; cap: number; env?: NodeJS.ProcessEnv },
): Promise<CappedRun> {
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '',
      stderr = '',
      timedOut = false;
    child.stdout.on('data', (d) => {
      if (stdout.length < opts.cap) stdout += d;
    });
    child.stderr.on('data', (d) => {
      if (stderr.length < opts.cap) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, timedOut, stdout, stderr });
    });
  });
}
