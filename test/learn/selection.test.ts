/** DP-GEN's selection: the trust interval [lo, hi), the seeded shuffle, fp_task_max and fp_task_min. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classify, readModelDevi, select, shuffle } from '../../src/learn/selection.js';
import { modelDeviHeader, modelDeviLine } from '../../src/deepmd/model_devi.js';

describe('selection', () => {
  it('classifies with lo inclusive and hi exclusive; NaN is failed', () => {
    expect([0.049, 0.05, 0.149, 0.15, 2, NaN].map((v) => classify(v, 0.05, 0.15))).toEqual([
      'accurate',
      'candidate',
      'candidate',
      'failed',
      'failed',
      'failed',
    ]);
  });
  it('reads max_devi_f from model_devi.out as pair_style deepmd writes it', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'dpmd-sel-')), 'model_devi.out');
    const devs = [0.01, 0.07, 0.2, 0.1];
    writeFileSync(
      f,
      `${[
        modelDeviHeader(false),
        ...devs.map((d, k) => modelDeviLine(10 * k, { maxV: 1, minV: 0, avgV: 0.5, maxF: d, minF: 0, avgF: d / 2 })),
      ].join('\n')}\n`,
    );
    expect(readModelDevi(f)).toEqual(devs.map((d, k) => ({ step: 10 * k, maxDeviF: Number(d.toExponential(6)) })));
    writeFileSync(f, 'garbage line here\n');
    expect(() => readModelDevi(f)).toThrow(/model_devi\.out:1: not a model_devi\.out line/);
  });
  it('shuffles with a seed, caps at fp_task_max, labels none below fp_task_min', () => {
    const rows = Array.from({ length: 40 }, (_, k) => ({ step: k, maxDeviF: (k % 4) * 0.05 })); // 0, .05, .1, .15
    const s = select(
      [
        { task: 'a', rows },
        { task: 'b', rows: rows.slice(0, 8) },
      ],
      0.05,
      0.15,
      7,
      0,
      3,
    );
    expect([s.accurate.length, s.candidate.length, s.failed.length]).toEqual([12, 24, 12]);
    expect(s.chosen).toHaveLength(7);
    for (const c of s.chosen) expect(s.candidate).toContainEqual(c);
    expect(new Set(s.chosen.map((c) => `${c.task}:${c.step}`)).size).toBe(7);
    expect(
      select(
        [
          { task: 'a', rows },
          { task: 'b', rows: rows.slice(0, 8) },
        ],
        0.05,
        0.15,
        7,
        0,
        3,
      ).chosen,
    ).toEqual(s.chosen);
    expect(select([{ task: 'a', rows }], 0.05, 0.15, 7, 0, 4).chosen).not.toEqual(
      select([{ task: 'a', rows }], 0.05, 0.15, 7, 0, 3).chosen,
    );
    expect(select([{ task: 'a', rows: rows.slice(0, 8) }], 0.05, 0.15, 10, 5, 3).chosen).toEqual([]); // 4 candidates < fp_task_min 5
    const p = shuffle([1, 2, 3, 4, 5, 6], 9);
    expect([...p].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
