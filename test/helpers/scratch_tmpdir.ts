/**
 * Global setup of both test projects: point TMPDIR (and so `os.tmpdir()`) at one scratch folder per
 * `npm test` run and remove it when the run ends. Many tests make scratch directories for decks, models
 * and peer-program runs; without this each run would leave thousands of them in the system temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): (() => void) | undefined {
  // Both projects run this setup in one process: the first creates the folder, the second reuses it.
  if (process.env.DPMD_TEST_SCRATCH) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-tests-'));
  process.env.DPMD_TEST_SCRATCH = dir;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
