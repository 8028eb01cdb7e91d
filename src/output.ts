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

  openLog(path: string, append: boolean): void {
    this.flush();
    this.logPath = path;
    if (!append) writeFileSync(path, '');
  }

  /** True while a progress bar occupies the terminal's last line. */
  private barShown = false;

  print(line: string): void {
    if (this.barShown) { process.stderr.write('\r\x1b[K'); this.barShown = false; }
    if (this.screen) process.stdout.write(line + '\n');
    if (this.captured) this.captured.push(line);
    if (this.logPath) {
      this.logBuffer.push(line);
      if (this.logBuffer.length > 200) this.flush();
    }
  }

  warn(msg: string): void {
    this.print(`WARNING: ${msg}`);
  }

  flush(): void {
    if (this.logPath && this.logBuffer.length) {
      appendFileSync(this.logPath, this.logBuffer.join('\n') + '\n');
      this.logBuffer = [];
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
        const eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
        self.barShown = true;
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  step ${step}/${total}  ${elapsed.toFixed(1)} s elapsed, ${eta.toFixed(1)} s left `);
      },
      done() {
        if (self.barShown) process.stderr.write('\r\x1b[K');
        self.barShown = false;
      },
    };
  }
}
