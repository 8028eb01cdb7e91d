import { appendFileSync, writeFileSync } from 'node:fs';

/** A progress indicator for one run; silent unless the screen is a terminal. */
export interface Progress {
  tick(step: number): void;
  done(): void;
}

/**
 * Where a simulation's text goes: the screen (stdout) and the log file, as LAMMPS's screen/logfile.
 * Progress bars go to stderr only when it is a terminal, so logs and pipes stay clean.
 */
export class Output {
  private logPath: string | null = null;
  private logBuffer: string[] = [];
  screen = true;
  /** Captured lines (for tests and the API); null disables capture. */
  captured: string[] | null = null;

  constructor(opts: { log?: string | null; screen?: boolean; capture?: boolean } = {}) {
    if (opts.screen === false) this.screen = false;
    if (opts.capture) this.captured = [];
    if (opts.log) this.openLog(opts.log, false);
  }

  /** Start logging to path (truncated unless append); an unwritable path is an error naming it, and the old log stays open. */
  openLog(path: string, append: boolean): void {
    this.flush();
    try {
      if (append) appendFileSync(path, '');
      else writeFileSync(path, '');
    } catch (e) {
      throw new Error(`Cannot open logfile ${path}: ${systemReason(e)}`);
    }
    this.logPath = path;
  }

  /** Stop logging (log none). */
  closeLog(): void {
    this.flush();
    this.logPath = null;
  }

  /** True while a progress bar occupies the terminal's last line. */
  private barShown = false;

  print(line: string): void {
    if (this.barShown) {
      process.stderr.write('\r\x1b[K');
      this.barShown = false;
    }
    if (this.screen) process.stdout.write(`${line}\n`);
    if (this.captured) this.captured.push(line);
    if (this.logPath) {
      this.logBuffer.push(line);
      if (this.logBuffer.length > 200) this.flush();
    }
  }

  /** A line for the log file only (LAMMPS echoes input lines to the log by default). */
  logOnly(line: string): void {
    if (this.logPath) {
      this.logBuffer.push(line);
      if (this.logBuffer.length > 200) this.flush();
    }
  }

  /** A line for the screen only. */
  screenOnly(line: string): void {
    if (this.barShown) {
      process.stderr.write('\r\x1b[K');
      this.barShown = false;
    }
    if (this.screen) process.stdout.write(`${line}\n`);
    if (this.captured) this.captured.push(line);
  }

  warn(msg: string): void {
    this.print(`WARNING: ${msg}`);
  }

  /** Write buffered log lines. A log that can no longer be written (disk full, removed) is closed with a warning, never a crash. */
  flush(): void {
    if (this.logPath && this.logBuffer.length) {
      const lines = this.logBuffer;
      this.logBuffer = [];
      try {
        appendFileSync(this.logPath, `${lines.join('\n')}\n`);
      } catch (e) {
        process.stderr.write(`WARNING: cannot write logfile ${this.logPath} (${systemReason(e)}): logging stopped\n`);
        this.logPath = null;
      }
    }
  }

  progress(total: number): Progress {
    const tty = this.screen && process.stderr.isTTY === true && total >= 100;
    if (!tty) return { tick() {}, done() {} };
    const t0 = performance.now();
    let last = 0;
    const self = this;
    return {
      tick(step: number) {
        const now = performance.now();
        if (now - last < 250 && step !== total) return;
        last = now;
        const frac = step / total;
        const width = 30;
        const filled = Math.round(frac * width);
        const elapsed = (now - t0) / 1000;
        const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : 0;
        self.barShown = true;
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  step ${step}/${total}  ${elapsed.toFixed(1)} s elapsed, ${eta.toFixed(1)} s left `,
        );
      },
      done() {
        if (self.barShown) process.stderr.write('\r\x1b[K');
        self.barShown = false;
      },
    };
  }
}

/** The OS reason of a file error without Node's code prefix: "No such file or directory". */
export function systemReason(e: unknown): string {
  const m = /^[A-Z]+: ([^,]+)/.exec((e as Error).message ?? '');
  const r = m ? m[1] : String((e as Error).message ?? e);
  return r.charAt(0).toUpperCase() + r.slice(1);
}
