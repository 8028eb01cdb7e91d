import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * An output file of the PLUMED input (COLVAR, HILLS), written line by line so that it is complete
 * whenever the run stops. As PLUMED's OFile does, an existing file is kept as `bck.N.NAME` (the
 * first free N) unless the input restarts, in which case new lines are appended.
 */
export class PlumedOutputFile {
  private fd: number;

  constructor(
    readonly path: string,
    append: boolean,
  ) {
    if (!append && existsSync(path)) {
      let n = 0;
      let bck: string;
      do bck = join(dirname(path), `bck.${n++}.${basename(path)}`);
      while (existsSync(bck));
      renameSync(path, bck);
    }
    this.fd = openSync(path, append ? 'a' : 'w');
  }

  write(text: string): void {
    if (this.fd < 0) throw new Error(`PLUMED output file ${this.path} is closed`);
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** A periodic domain bound as PLUMED writes it in `#! SET min_x` lines ("-pi", "pi", or the number). */
export function domainText(x: number): string {
  if (x === Math.PI) return 'pi';
  if (x === -Math.PI) return '-pi';
  return String(x);
}
