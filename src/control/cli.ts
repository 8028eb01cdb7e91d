import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadControlConfig, makeControlProblem } from './config.js';
import { meanStdErr, trainDeepControl, type ControlHistoryRow } from './trainer.js';
import { LqgControl } from './lqg.js';
import { EnergyStorage, idlePolicyCosts, thresholdPolicyCosts } from './energy_storage.js';
import { writeLinePlot } from '../plot/line_plot.js';
import { intOption, runCommand, strOption, type CommandSpec } from '../cli_args.js';
import { ensureWritableDir } from '../train/output_files.js';
import { LIMITS } from '../bsde/net_config.js';

const USAGE = `usage: dpmd control CONFIG.json [--seed S] [--out DIR] [--iterations N] [--quiet]
  CONFIG.json     {problem_config: {problem_name: "LQG" | "EnergyStorage", ...}, net_config: {num_hiddens, lr_values,
                  lr_boundaries, num_iterations, batch_size, valid_size, logging_frequency, dtype, output_scale?, eval_size?}}
  --seed S        random seed (default 1)
  --out DIR       write DIR/history.csv, DIR/cost.png and DIR/result.json
  --iterations N  override net_config.num_iterations
  --quiet         do not print the per-step log`;

/** Result of evaluating a trained policy on fresh samples. */
export interface ControlEvaluation {
  problem: string;
  cost: number;
  cost_std_error: number;
  /** LQG: the continuous-time optimal cost (= HJBLQ value) by Hopf-Cole. */
  reference?: number;
  rel_error?: number;
  /** EnergyStorage: baseline and idle policies on the same samples. */
  baseline_cost?: number;
  baseline_band?: [number, number];
  idle_cost?: number;
  /** (idle - policy) / (idle - baseline): value of storage captured relative to the baseline. */
  savings_ratio_vs_baseline?: number;
}

const SPEC: CommandSpec = {
  usage: USAGE,
  options: {
    seed: { type: 'string' },
    out: { type: 'string' },
    iterations: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1, names: 'CONFIG.json' },
};

/** Entry point of `dpmd control`. argv: arguments after "control". Returns the exit status (1 on any error). */
export async function controlMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, ({ values, positionals }) =>
    runControl(
      positionals[0],
      strOption(values, 'out'),
      intOption(values, 'seed') ?? 1,
      intOption(values, 'iterations', { min: 1, max: LIMITS.iterations }),
      values.quiet === true,
    ),
  );
}

function runControl(
  configPath: string,
  outDir: string | undefined,
  seed: number,
  iterations: number | undefined,
  quiet: boolean,
): number {
  // config and output directory are validated before anything is allocated or trained
  const cfg = loadControlConfig(configPath);
  const problem = makeControlProblem(cfg);
  if (outDir) ensureWritableDir(outDir, '--out');
  console.log(
    `# ${problem.name} state dim ${problem.stateDim}, control dim ${problem.controlDim}, N=${problem.numSteps}, seed=${seed}`,
  );
  const res = trainDeepControl(
    problem,
    cfg.net_config,
    seed,
    quiet
      ? undefined
      : (r: ControlHistoryRow) =>
          console.log(
            `step: ${String(r.step).padStart(5)},  cost: ${r.cost.toPrecision(6)},  elapsed time: ${r.elapsed.toFixed(1)}`,
          ),
    iterations,
  );
  const ev = evaluatePolicy(res.model, problem, cfg.net_config.eval_size, res.rng);
  if (!Number.isFinite(ev.cost) || !Number.isFinite(ev.cost_std_error)) {
    throw new Error(
      `policy cost on the evaluation samples is ${ev.cost} (± ${ev.cost_std_error}): the trained policy diverged`,
    );
  }
  if (ev.reference !== undefined && !Number.isFinite(ev.reference)) {
    throw new Error(
      `${configPath}: the Hopf-Cole reference cost is ${ev.reference} for this problem_config (lambd, total_time)`,
    );
  }
  let line = `policy cost = ${ev.cost.toPrecision(6)} ± ${ev.cost_std_error.toPrecision(2)} (${cfg.net_config.eval_size} fresh samples)`;
  if (ev.reference !== undefined)
    line += `  optimal (Hopf-Cole) = ${ev.reference.toPrecision(6)}  relative error = ${(100 * ev.rel_error!).toFixed(3)}%`;
  if (ev.baseline_cost !== undefined) {
    line +=
      `  baseline (price band ${ev.baseline_band!.join('/')}) = ${ev.baseline_cost.toPrecision(6)}  idle = ${ev.idle_cost!.toPrecision(6)}` +
      `  savings vs baseline = ${ev.savings_ratio_vs_baseline === undefined ? 'n/a (the baseline saves nothing over idling)' : `${ev.savings_ratio_vs_baseline.toFixed(3)}x`}`;
  }
  console.log(`${line}  wall time = ${res.wallSeconds.toFixed(1)} s`);
  if (outDir) {
    writeFileSync(
      join(outDir, 'history.csv'),
      `${['step,cost,elapsed_seconds', ...res.history.map((r) => `${r.step},${r.cost},${r.elapsed}`)].join('\n')}\n`,
    );
    const series = [{ x: res.history.map((r) => r.step), y: res.history.map((r) => r.cost) }];
    const ref = ev.reference ?? ev.baseline_cost;
    writeLinePlot(
      join(outDir, 'cost.png'),
      ref !== undefined ? [...series, { x: [0], y: [ref], hline: true }] : series,
    );
    writeFileSync(
      join(outDir, 'result.json'),
      `${JSON.stringify({ config: configPath, seed, ...ev, wall_seconds: res.wallSeconds }, null, 2)}\n`,
    );
  }
  return 0;
}

/**
 * Evaluate the trained policy (BN in eval mode) on `size` fresh samples; for energy storage also the idle policy
 * and the price-band baseline, whose band is tuned on a separate set of `size` samples over a small grid.
 */
export function evaluatePolicy(
  model: import('./deep_control_model.js').DeepControlModel,
  problem: import('./problem.js').ControlProblem,
  size: number,
  rng: import('../nn/rng.js').Rng,
): ControlEvaluation {
  model.sample(rng, size, 'eval');
  model.forward(size, false, 'eval');
  const c = meanStdErr(model.lastCosts(), size);
  const ev: ControlEvaluation = { problem: problem.name, cost: c.mean, cost_std_error: c.stdErr };
  if (problem instanceof LqgControl) {
    ev.reference = problem.optimalCost();
    ev.rel_error = Math.abs(c.mean - ev.reference) / ev.reference;
  }
  if (problem instanceof EnergyStorage) {
    const tune = new Float64Array(problem.numSteps * size * problem.noiseDim);
    problem.sampleNoise(rng, size, tune);
    let best = Infinity,
      band: [number, number] = [0, 0];
    for (const low of [30, 35, 40, 45, 50])
      for (const high of [50, 55, 60, 65, 70]) {
        if (high < low) continue;
        const m = meanStdErr(thresholdPolicyCosts(problem, tune, size, low, high)).mean;
        if (m < best) {
          best = m;
          band = [low, high];
        }
      }
    const noise = model.noise(size, 'eval');
    const base = meanStdErr(thresholdPolicyCosts(problem, noise, size, band[0], band[1])).mean;
    const idle = meanStdErr(idlePolicyCosts(problem, noise, size)).mean;
    ev.baseline_cost = base;
    ev.baseline_band = band;
    ev.idle_cost = idle;
    // undefined (printed n/a) when the baseline saves nothing over idling: the ratio has no meaning then
    const ratio = (idle - c.mean) / (idle - base);
    if (Number.isFinite(ratio)) ev.savings_ratio_vs_baseline = ratio;
  }
  return ev;
}
