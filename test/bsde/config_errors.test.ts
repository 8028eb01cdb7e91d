/**
 * dpmd bsde / dpmd control on bad input, through the real CLI (node dist/src/cli.js; build with tsc first):
 * exit 1, one `ERROR:` line naming the file and key, no stack trace; and the solvers stop at the first
 * non-finite loss instead of reporting NaN.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBsdeConfig } from '../../src/bsde/config.js';
import { NonFiniteLossError, trainDeepBsde } from '../../src/bsde/solver.js';
import type { Equation } from '../../src/bsde/equation.js';
import { brownianPaths, sampleBrownianIncrements } from '../../src/bsde/equation.js';
import { parseControlConfig } from '../../src/control/config.js';

const dir = mkdtempSync(join(tmpdir(), 'bsde-config-errors-'));
const hjb = () => JSON.parse(readFileSync('configs/bsde/hjb_lq_d100.json', 'utf8'));
const lqg = () => JSON.parse(readFileSync('configs/control/lqg_d100.json', 'utf8'));

function dpmd(args: string[]) {
  const r = spawnSync(process.execPath, ['dist/src/cli.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function withConfig(name: string, cfg: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(cfg));
  return p;
}

describe('dpmd bsde / control: bad configs', () => {
  it('exit 1 with ERROR naming the file and key path, no stack trace', () => {
    const cases: [string, (c: any) => void, RegExp][] = [
      [
        'proto.json',
        (c) => {
          c.eqn_config.eqn_name = 'toString';
        },
        /eqn_config\.eqn_name: unknown equation 'toString'; known: HJBLQ/,
      ],
      [
        'neg.json',
        (c) => {
          c.net_config.batch_size = -1;
        },
        /net_config\.batch_size: must be >= 1, got -1/,
      ],
      [
        'frac.json',
        (c) => {
          c.eqn_config.num_time_interval = 2.5;
        },
        /eqn_config\.num_time_interval: expected an integer, got 2\.5/,
      ],
      [
        'hidden.json',
        (c) => {
          c.net_config.num_hiddens = [110, 'x'];
        },
        /net_config\.num_hiddens\[1\]: expected a number/,
      ],
      [
        'typo.json',
        (c) => {
          c.net_config.batch_sise = 64;
        },
        /unknown key 'net_config\.batch_sise'/,
      ],
      [
        'zero_lr.json',
        (c) => {
          c.net_config.lr_values = [0, 1e-2];
        },
        /net_config\.lr_values\[0\]: must be > 0/,
      ],
      [
        'huge.json',
        (c) => {
          c.eqn_config.dim = 10_000;
          c.net_config.batch_size = 100_000;
        },
        /eqn_config\.num_time_interval \(20\) x net_config\.batch_size \(100000\) x eqn_config\.dim \(10000\) = 2\.000e\+10 exceeds the bound 1\.0e\+8/,
      ],
    ];
    for (const [name, edit, msg] of cases) {
      const c = hjb();
      edit(c);
      const r = dpmd(['bsde', withConfig(name, c), '--iterations', '1']);
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toMatch(new RegExp(`^ERROR: .*${name}: `));
      expect(r.stderr, name).toMatch(msg);
      expect(r.stderr, name).not.toMatch(/\n\s+at /);
    }
    const c = lqg();
    c.problem_config.problem_name = 'constructor';
    const r = dpmd(['control', withConfig('ctl.json', c)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/problem_config\.problem_name: expected one of 'LQG', 'EnergyStorage', got 'constructor'/);
  });

  it('bad options exit 1; --help exits 0; unknown top-level commands are not prototype members', () => {
    expect(dpmd(['bsde', '--help']).status).toBe(0);
    expect(dpmd(['control', '--help']).stdout).toMatch(/usage: dpmd control/);
    const bad = dpmd(['control', 'configs/control/lqg_d100.json', '--iterations', '0']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^ERROR: --iterations: must be >= 1, got 0/);
    const proto = dpmd(['toString']);
    expect(proto.status).toBe(1);
    expect(proto.stderr).toMatch(/^ERROR: unknown command 'toString'/);
  });

  it('an unwritable --out fails before training', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const r = dpmd(['bsde', 'configs/bsde/hjb_lq_d100.json', '--out', join(file, 'sub')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--out: cannot write to directory/);
    expect(r.stdout).not.toMatch(/step:/);
  });
});

describe('non-finite losses stop the solvers', () => {
  it('Deep BSDE: an overflowing terminal condition stops at step 0 with the step named', () => {
    const cfg = parseBsdeConfig(
      {
        eqn_config: { eqn_name: 'HJBLQ', total_time: 1, dim: 2, num_time_interval: 2 },
        net_config: {
          y_init_range: [0, 1],
          num_hiddens: [4],
          lr_values: [1e-2],
          lr_boundaries: [],
          num_iterations: 3,
          batch_size: 4,
          valid_size: 4,
          logging_frequency: 1,
        },
      },
      'inline',
    );
    // g overflows to +Infinity: the squared terminal mismatch is not finite
    const eq: Equation = {
      name: 'Overflow',
      dim: 2,
      totalTime: 1,
      numTimeInterval: 2,
      deltaT: 0.5,
      sample(rng, batch, dw, x) {
        sampleBrownianIncrements(rng, this, batch, dw);
        brownianPaths(this, batch, 0, 1, dw, x);
      },
      f(_t, _x, _o, _y, _z, batch, fOut, fy, fz) {
        fOut.fill(0, 0, batch);
        fy.fill(0, 0, batch);
        fz.fill(0, 0, 2 * batch);
      },
      g(_x, _o, batch, gOut) {
        gOut.fill(Infinity, 0, batch);
      },
      reference: () => null,
    };
    expect(() => trainDeepBsde(eq, cfg, { seed: 1, threads: 1 })).toThrow(NonFiniteLossError);
    expect(() => trainDeepBsde(eq, cfg, { seed: 1, threads: 1 })).toThrow(/loss is Infinity at step 0/);
  });

  it('control configs bound the energy-storage rates that make the Euler steps unstable', () => {
    const c = JSON.parse(readFileSync('configs/control/energy_storage_n30.json', 'utf8'));
    c.problem_config.price_kappa = 3;
    expect(() => parseControlConfig(c, 'es.json')).toThrow(
      /problem_config\.price_kappa: price_kappa x total_time \/ num_time_interval = 3 > 2/,
    );
  });
});
