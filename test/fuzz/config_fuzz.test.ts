/**
 * Seeded config fuzzing in-process: a few hundred mutants of the shipped bsde/control configs and a small
 * training input.json (scripts/fuzz_configs.ts makes them; it also runs them through the real CLI).
 * Every mutant must either be accepted, with sizes inside the limits and (for a sample) a finite result
 * of a 1-2 iteration run or a clean non-finite-loss stop, or be refused with a ConfigError whose message
 * names the mutated key. Any other exception fails the test.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutants, writeTinySystem, type Mutant } from '../../scripts/fuzz_configs.js';
import { ConfigError } from '../../src/config_reader.js';
import { parseBsdeConfig } from '../../src/bsde/config.js';
import { LIMITS } from '../../src/bsde/net_config.js';
import { makeEquation } from '../../src/bsde/equation_registry.js';
import { NonFiniteLossError, trainDeepBsde } from '../../src/bsde/solver.js';
import { makeControlProblem, parseControlConfig } from '../../src/control/config.js';
import { trainDeepControl } from '../../src/control/trainer.js';
import { parseInput } from '../../src/train/input.js';
import { train } from '../../src/train/trainer.js';
import { DataError } from '../../src/train/data.js';

let dir = '',
  sys = '',
  list: Mutant[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dpmd-config-fuzz-'));
  sys = join(dir, 'sys');
  writeTinySystem(sys);
  list = mutants(process.cwd(), sys, 300, 7);
});

/** Refused cleanly: a ConfigError naming the key (deleted, renamed, added or set to a bad value). */
function expectCleanRefusal(m: Mutant, e: unknown): void {
  if (!(e instanceof ConfigError))
    throw new Error(`${m.base} ${m.op} ${m.path}: not a ConfigError: ${(e as Error).stack}`);
  expect(e.message, `${m.base} ${m.op} ${m.path}`).toContain(m.key);
}

describe('config fuzz (300 seeded mutants)', () => {
  it('each mutant is valid and runs finite, or is refused naming the key', async () => {
    let accepted = 0,
      refused = 0,
      ran = 0,
      stoppedNonFinite = 0;
    for (const m of list) {
      if (m.kind === 'bsde') {
        let cfg: ReturnType<typeof parseBsdeConfig>;
        try {
          cfg = parseBsdeConfig(m.config, 'fuzz.json');
        } catch (e) {
          expectCleanRefusal(m, e);
          refused++;
          continue;
        }
        accepted++;
        const { eqn_config: e, net_config: n } = cfg;
        expect(e.dim * e.num_time_interval * Math.max(n.batch_size, n.valid_size)).toBeLessThanOrEqual(
          LIMITS.workspace,
        );
        const eq = makeEquation(e);
        if (accepted % 3 === 1) {
          ran++;
          try {
            const r = trainDeepBsde(eq, cfg, { seed: 1, numIterations: 2, threads: 1 });
            expect(Number.isFinite(r.y0)).toBe(true);
          } catch (err) {
            if (!(err instanceof NonFiniteLossError)) throw err;
            stoppedNonFinite++;
          }
        }
      } else if (m.kind === 'control') {
        let cfg: ReturnType<typeof parseControlConfig>;
        try {
          cfg = parseControlConfig(m.config, 'fuzz.json');
        } catch (e) {
          expectCleanRefusal(m, e);
          refused++;
          continue;
        }
        accepted++;
        const problem = makeControlProblem(cfg);
        if (accepted % 3 === 1) {
          ran++;
          try {
            const r = trainDeepControl(problem, cfg.net_config, 1, undefined, 2);
            expect(r.history.every((h) => Number.isFinite(h.cost))).toBe(true);
          } catch (err) {
            if (!(err instanceof NonFiniteLossError)) throw err;
            stoppedNonFinite++;
          }
        }
      } else {
        let inp: ReturnType<typeof parseInput>;
        try {
          inp = parseInput(JSON.stringify(m.config), 'input.json', '.');
        } catch (e) {
          expectCleanRefusal(m, e);
          refused++;
          continue;
        }
        accepted++;
        expect(inp.training.numbSteps).toBeGreaterThanOrEqual(1);
        expect(inp.model.neuron.length).toBeGreaterThanOrEqual(1);
        // a sample of accepted inputs trains 2 steps into a scratch directory (paths the mutant did not touch)
        if (accepted % 4 === 1 && !/disp_file|save_ckpt|systems/.test(m.path)) {
          ran++;
          const d = mkdtempSync(join(dir, 't'));
          const t = {
            ...inp.training,
            numbSteps: Math.min(2, inp.training.numbSteps),
            dispFile: join(d, 'lcurve.out'),
            saveCkpt: join(d, 'model.ckpt'),
          };
          try {
            const r = await train({ ...inp, training: t }, { output: join(d, 'model.yaml'), log: () => {} });
            expect(r.model.flat.every((x) => Number.isFinite(x))).toBe(true);
          } catch (err) {
            // data that do not fit the mutated model are refused naming the key (type_map, sel...)
            if (err instanceof DataError) {
              expect(err.message).toContain(m.key);
              continue;
            }
            if (!/not finite|is NaN|is Infinity|-Infinity/.test((err as Error).message)) throw err;
            stoppedNonFinite++;
          }
        }
      }
    }
    console.log(
      `config fuzz: ${list.length} mutants, ${refused} refused naming the key, ${accepted} accepted, ${ran} run (${stoppedNonFinite} stopped at a non-finite loss)`,
    );
    // the mix must exercise both sides: many refusals, a fair number of accepted mutants, some runs
    expect(refused).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(20);
    expect(ran).toBeGreaterThan(8);
    expect(stoppedNonFinite).toBeLessThanOrEqual(ran);
  });

  it('prototype names are not registry entries', () => {
    const base = list.find((m) => m.kind === 'bsde')!.config as { eqn_config: Record<string, unknown> };
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const c = JSON.parse(JSON.stringify(base));
      c.eqn_config.eqn_name = name;
      expect(() => parseBsdeConfig(c, 'p.json')).toThrow(/eqn_config\.eqn_name: unknown equation/);
    }
    expect(() =>
      parseBsdeConfig(JSON.parse('{"__proto__": {"x": 1}, "eqn_config": {}, "net_config": {}}'), 'p.json'),
    ).toThrow(/unknown key '__proto__'/);
  });
});
