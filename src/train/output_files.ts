/**
 * Output files of long runs (training, solvers): the directories are checked before step 0, so that a
 * typo in an output path fails at once rather than after hours of training, and files that hold
 * results (checkpoints, models, learning curves) are replaced atomically (temp file + rename), so a
 * crash mid-write never leaves a truncated file where a good one was.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** Create `dir` if needed and prove it writable with a probe file; `what` names the option or key. */
export function ensureWritableDir(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.dpmd-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new Error(
      `${what}: cannot write to directory '${dir}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** The directory of `file` (created if needed) must be writable. */
export function ensureWritableFileDir(file: string, what: string): void {
  ensureWritableDir(dirname(file), what);
}

/** A sibling temp name that keeps the extension (writers choose the format by it). */
export function tempNameFor(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `.${basename(path, ext)}.tmp-${process.pid}${ext}`);
}

/** Write `data` to a temp file beside `path`, then rename it over `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempNameFor(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
