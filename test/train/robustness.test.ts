/**
 * dpmd train / dpmd test never write garbage: non-finite losses stop training before anything is written,
 * output locations are checked before step 0, checkpoints are validated before a restart replays them,
 * and unusable inputs (numb_btch 0, empty neuron, zero-frame systems) are refused naming the key.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpySystem, smallInput } from '../helpers/train_data.js';
import { parseInput, InputError } from '../../src/train/input.js';
import { train } from '../../src/train/trainer.js';
import { testMain } from '../../src/train/cli.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dpmd-train-robust-'));
  writeNpySystem(join(dir, 'B'), 9, 5, 2, { virial: true });
});

const input = (d: string, edit?: (j: any) => void) => {
  const j = smallInput([join(dir, 'B')], null, { dir: d, numb_steps: 2, save_freq: 1 }) as any;
  edit?.(j);
  return parseInput(JSON.stringify(j), 'in.json');
};

describe('training input ranges', () => {
  it('numb_btch 0, empty neuron, numb_steps 0, zero learning rate are errors naming the key', () => {
    const bad: [(j: any) => void, RegExp][] = [
      [
        (j) => {
          j.training.validation_data = { systems: ['x'], numb_btch: 0 };
        },
        /training\.validation_data\.numb_btch: must be >= 1, got 0/,
      ],
      [
        (j) => {
          j.model.descriptor.neuron = [];
        },
        /model\.descriptor\.neuron: expected at least 1 entry/,
      ],
      [
        (j) => {
          j.training.numb_steps = 0;
        },
        /training\.numb_steps: must be >= 1, got 0/,
      ],
      [
        (j) => {
          j.learning_rate.start_lr = 0;
        },
        /learning_rate\.start_lr: must be > 0/,
      ],
      [
        (j) => {
          j.training.training_data.systems = ['a', 7];
        },
        /training\.training_data\.systems\[1\]: expected a string/,
      ],
      [
        (j) => {
          j.model.descriptor.sel = [6, 1e12];
        },
        /model\.descriptor\.sel\[1\]: must be <= 10000/,
      ],
    ];
    for (const [edit, msg] of bad) {
      expect(() => input(dir, edit)).toThrow(InputError);
      expect(() => input(dir, edit)).toThrow(msg);
    }
  });

  it('a missing or zero-frame system is named by its key', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'set.000'), { recursive: true });
    writeFileSync(join(empty, 'type.raw'), '0 1 1\n');
    writeFileSync(join(empty, 'set.000', 'coord.npy'), Buffer.from('')); // replaced below by a 0-frame array
    const { npyBytes } = await import('../helpers/train_data.js');
    writeFileSync(join(empty, 'set.000', 'coord.npy'), npyBytes(new Float64Array(0), [0, 9]));
    writeFileSync(join(empty, 'set.000', 'box.npy'), npyBytes(new Float64Array(0), [0, 9]));
    const d = mkdtempSync(join(dir, 'z'));
    await expect(
      train(
        input(d, (j) => {
          j.training.training_data.systems = [join(dir, 'B'), empty];
        }),
        { log: () => {}, output: join(d, 'm.yaml') },
      ),
    ).rejects.toThrow(/training\.training_data\.systems\[1\]: .*empty: no frames/);
    await expect(
      train(
        input(d, (j) => {
          j.training.training_data.systems = [join(dir, 'nope')];
        }),
        { log: () => {}, output: join(d, 'm.yaml') },
      ),
    ).rejects.toThrow(/training\.training_data\.systems\[0\]: .*nope: data system not found/);
  });
});

describe('training writes nothing non-finite and checks outputs first', () => {
  it('an infinite loss (energies of +-1e300) stops at step 0 naming the step; no model or checkpoint is written', async () => {
    const huge = join(dir, 'huge');
    writeNpySystem(huge, 9, 5, 2, { virial: true });
    const { npyBytes } = await import('../helpers/train_data.js');
    writeFileSync(join(huge, 'set.000', 'energy.npy'), npyBytes([1e300, -1e300, 1e300, -1e300, 1e300], [5]));
    const d = mkdtempSync(join(dir, 'inf'));
    const inp = input(d, (j) => {
      j.training.training_data.systems = [huge];
    });
    await expect(train(inp, { log: () => {}, output: join(d, 'model.yaml') })).rejects.toThrow(
      /training loss is Infinity at step 0/,
    );
    expect(existsSync(join(d, 'model.yaml'))).toBe(false);
    expect(existsSync(join(d, 'model.ckpt.json'))).toBe(false);
  });

  it('an unwritable save_ckpt directory fails before step 0', async () => {
    const d = mkdtempSync(join(dir, 'ro'));
    const file = join(d, 'plain');
    writeFileSync(file, 'x');
    const inp = input(d, (j) => {
      j.training.save_ckpt = join(file, 'ck', 'model.ckpt');
    });
    const lines: string[] = [];
    await expect(train(inp, { log: (s) => lines.push(s), output: join(d, 'model.yaml') })).rejects.toThrow(
      /training\.save_ckpt: cannot write to directory/,
    );
    expect(lines).toEqual([]); // nothing loaded, no step taken
    expect(existsSync(join(d, 'lcurve.out'))).toBe(false);
  });

  it('a checkpoint with wrong field types or impossible draw counts is refused before replay', async () => {
    const d = mkdtempSync(join(dir, 'ck'));
    await train(input(d), { log: () => {}, output: join(d, 'model.yaml') });
    const ck = JSON.parse(readFileSync(join(d, 'model.ckpt.json'), 'utf8'));
    const edits: [string, (c: any) => void, RegExp][] = [
      [
        'draws.json',
        (c) => {
          c.trainDraws = 1e12;
        },
        /checkpoint field 'trainDraws': 1000000000000 draws at step 2/,
      ],
      [
        'step.json',
        (c) => {
          c.step = '2';
        },
        /checkpoint field 'step': expected a non-negative integer/,
      ],
      [
        'params.json',
        (c) => {
          c.params = 12;
        },
        /checkpoint field 'params': expected base64 float64 data/,
      ],
      [
        'short.json',
        (c) => {
          c.params = c.params.slice(0, 32);
          c.adam.m = c.adam.m.slice(0, 32);
          c.adam.v = c.adam.v.slice(0, 32);
        },
        /checkpoint field 'params': \d+ values, the model of input.json has \d+/,
      ],
    ];
    for (const [name, edit, msg] of edits) {
      const c = JSON.parse(JSON.stringify(ck));
      edit(c);
      writeFileSync(join(d, name), JSON.stringify(c));
      const inp = input(d, (j) => {
        j.training.numb_steps = 4;
      });
      await expect(
        train(inp, { restart: join(d, name), log: () => {}, output: join(d, 'again.yaml') }),
        name,
      ).rejects.toThrow(msg);
    }
    expect(existsSync(join(d, 'again.yaml'))).toBe(false);
  });
});

describe('dpmd test validates before writing', () => {
  it('a bad learning curve fails before any plot is rewritten', async () => {
    const d = mkdtempSync(join(dir, 'dt'));
    await train(input(d), { log: () => {}, output: join(d, 'model.yaml') });
    const prefix = join(d, 'old');
    writeFileSync(`${prefix}.e.png`, 'previous plot');
    writeFileSync(join(d, 'bad.lcurve'), 'not a learning curve\n');
    const err: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    (process.stderr as any).write = (s: string) => {
      err.push(s);
      return true;
    };
    let rc = 0;
    try {
      rc = await testMain([
        '-m',
        join(d, 'model.yaml'),
        '-s',
        join(dir, 'B'),
        '-d',
        prefix,
        '--lcurve',
        join(d, 'bad.lcurve'),
      ]);
    } finally {
      (process.stderr as any).write = orig;
    }
    expect(rc).toBe(1);
    expect(err.join('')).toMatch(/^ERROR: .*bad\.lcurve: no lcurve header/);
    expect(readFileSync(`${prefix}.e.png`, 'utf8')).toBe('previous plot');
  });
});
