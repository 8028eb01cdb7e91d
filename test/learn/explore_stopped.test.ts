/**
 * An exploration that stopped part-way (atoms lost, NaN) is examined up to its last dumped frame, as
 * DP-GEN's examine step reads what a crashed LAMMPS run left: examinableRows keeps every row of a
 * finished task and, of an unfinished one, only the rows whose frame reached traj.dump.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelDeviHeader, modelDeviLine } from '../../src/deepmd/model_devi.js';
import { FINISHED_TAG } from '../../src/learn/jobs.js';
import { examinableRows } from '../../src/learn/stage_model_devi.js';

function dumpFrame(step: number): string {
  return [
    'ITEM: TIMESTEP',
    String(step),
    'ITEM: NUMBER OF ATOMS',
    '1',
    'ITEM: BOX BOUNDS pp pp pp',
    '0 5',
    '0 5',
    '0 5',
    'ITEM: ATOMS id type x y z',
    '1 1 1 1 1',
    '',
  ].join('\n');
}

describe('examinable rows of an exploration task', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-explore-'));
  const task = { name: 'task.000.000000', cwd: join(dir, 'task'), argv: [], outputs: [] };
  mkdirSync(task.cwd);
  // deviations written at steps 0, 5, 10, 15 (C printf's nan and inf once it blew up; those frames never reached
  // the dump)
  const devs = [0.01, 0.3, Number.NaN, Number.POSITIVE_INFINITY];
  writeFileSync(
    join(task.cwd, 'model_devi.out'),
    `${[modelDeviHeader(false), ...devs.map((d, k) => modelDeviLine(5 * k, { maxV: 0, minV: 0, avgV: 0, maxF: d, minF: 0, avgF: d }))].join('\n')}\n`,
  );
  writeFileSync(join(task.cwd, 'traj.dump'), dumpFrame(0) + dumpFrame(5));

  it('keeps only the rows with a dumped frame while the task is unfinished, and applies model_devi_skip', () => {
    expect(examinableRows(task, 0).map((r) => r.step)).toEqual([0, 5]);
    expect(examinableRows(task, 5).map((r) => r.step)).toEqual([5]);
  });
  it('keeps every row of a finished task', () => {
    writeFileSync(join(task.cwd, FINISHED_TAG), '');
    const rows = examinableRows(task, 0);
    expect(rows.map((r) => r.step)).toEqual([0, 5, 10, 15]);
    expect(Number.isNaN(rows[2].maxDeviF)).toBe(true);
    expect(rows[3].maxDeviF).toBe(Number.POSITIVE_INFINITY);
    rmSync(join(task.cwd, FINISHED_TAG));
  });
  it('has no rows when the task wrote no model_devi.out', () => {
    rmSync(join(task.cwd, 'model_devi.out'));
    expect(examinableRows(task, 0)).toEqual([]);
  });
});
