/**
 * How task directories reach the place a batch job runs in, and its outputs come back
 * (dpdispatcher's contexts). Kept as an explicit step of every job so a remote (SSH) context only
 * has to implement these three calls:
 *   remoteDir(dir)   where the job sees local directory `dir`
 *   upload(dir)      make the task directory `dir` (inputs) available there, before submission
 *   download(dir)    bring the task directory's outputs (task_tag_finished, task.log, results) back,
 *                    after the job has ended
 *
 * lazy-local: the job runs in the task directories themselves (a file system shared with the nodes);
 *             nothing moves.
 * local:      remote_root mirrors local_root on another local or mounted file system. The task
 *             directory is copied there; every directory above it is a real directory whose other
 *             entries are links to the originals, so the paths a task reaches with '..' (training
 *             data, the models of an earlier iteration) resolve as they do locally. After the job,
 *             the task directory is copied back.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export interface TransferContext {
  readonly kind: 'lazy-local' | 'local';
  remoteDir(dir: string): string;
  upload(dir: string): void;
  download(dir: string): void;
}

export class LazyLocalContext implements TransferContext {
  readonly kind = 'lazy-local';
  remoteDir(dir: string): string {
    return dir;
  }
  upload(): void {}
  download(): void {}
}

const isLink = (p: string): boolean => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};
const present = (p: string): boolean => isLink(p) || existsSync(p);
const inside = (root: string, p: string): boolean => {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

export class LocalContext implements TransferContext {
  readonly kind = 'local';
  constructor(
    readonly localRoot: string,
    readonly remoteRoot: string,
  ) {
    if (inside(localRoot, remoteRoot) || inside(remoteRoot, localRoot))
      throw new Error(
        `machine: remote_root ${remoteRoot} and local_root ${localRoot} must not contain each other (context_type Local copies between them)`,
      );
  }

  private rel(dir: string): string {
    const r = relative(this.localRoot, dir);
    if (r.startsWith('..') || isAbsolute(r))
      throw new Error(`${dir}: not under local_root ${this.localRoot} (context_type Local mirrors local_root only)`);
    return r;
  }

  remoteDir(dir: string): string {
    return join(this.remoteRoot, this.rel(dir));
  }

  /** Make remote directory r a real directory whose missing entries link to local directory l's. */
  private materialize(l: string, r: string): void {
    if (isLink(r)) unlinkSync(r);
    mkdirSync(r, { recursive: true });
    for (const e of readdirSync(l)) if (!present(join(r, e))) symlinkSync(join(l, e), join(r, e));
  }

  upload(dir: string): void {
    const rel = this.rel(dir);
    let l = this.localRoot,
      r = this.remoteRoot;
    for (const part of rel === '' ? [] : rel.split(sep)) {
      this.materialize(l, r);
      l = join(l, part);
      r = join(r, part);
    }
    if (isLink(r)) unlinkSync(r);
    rmSync(r, { recursive: true, force: true });
    cpSync(l, r, { recursive: true });
  }

  download(dir: string): void {
    const r = this.remoteDir(dir);
    if (existsSync(r) && !isLink(r)) cpSync(r, dir, { recursive: true, force: true });
  }
}
