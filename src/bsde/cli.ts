import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBsdeConfig } from './config.js';
import { makeEquation } from './equation_registry.js';
import { trainDeepBsde, type HistoryRow } from './solver.js';
import { writeLinePlot } from '../plot/line_plot.js';
import { countOrAuto, intOption, runCommand, strOption, type CommandSpec } from '../cli_args.js';
import { ensureWritableDir } from '../train/output_files.js';
import { LIMITS } from './net_config.js';

const USAGE = `usage: dpmd bsde CONFIG.json [--seed S] [--out DIR] [--iterations N] [--threads N|auto] [--quiet]
  CONFIG.json  reference DeepBSDE layout: {eqn_config: {eqn_name, total_time, dim, num_time_interval},
               net_config: {y_init_range, num_hiddens, lr_values, lr_boundaries, num_iterations, batch_size,
               valid_size, logging_frequency, dtype}}
  --seed S          random seed (default 1); runs are reproducible for a given seed
  --out DIR         write DIR/history.csv, DIR/y0.png, DIR/rel_error.png, DIR/result.json
  --iterations N    override net_config.num_iterations
  --threads N|auto  threads for the subnetworks (default auto: 2 when the machine has 2+ cores);
                    results are bit-identical for any thread count
  --quiet           do not print the per-step log`;

const SPEC: CommandSpec = {
  usage: USAGE,
  options: {
    seed: { type: 'string' },
    out: { type: 'string' },
    iterations: { type: 'string' },
    threads: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1, names: 'CONFIG.json' },
};

/** Entry point of `dpmd bsde`. argv: arguments after "bsde". Returns the exit status (1 on any error). */
export async function bsdeMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, ({ values, positionals }) => {
    const seed = intOption(values, 'seed') ?? 1;
    const iterations = intOption(values, 'iterations', { min: 1, max: LIMITS.iterations });
    const threads = countOrAuto(values, 'threads') ?? 'auto';
    return runBsde(positionals[0], strOption(values, 'out'), seed, iterations, threads, values.quiet === true);
  });
}

function runBsde(
  configPath: string,
  outDir: string | undefined,
  seed: number,
  iterations: number | undefined,
  threads: number | 'auto',
  quiet: boolean,
): number {
  // everything is validated (config, output directory) before the first allocation of the run
  const cfg = loadBsdeConfig(configPath);
  const eq = makeEquation(cfg.eqn_config);
  if (outDir) ensureWritableDir(outDir, '--out');
  const ref = eq.reference();
  if (ref && !Number.isFinite(ref.value))
    throw new Error(`${configPath}: the reference value of ${eq.name} is not finite for this eqn_config`);
  console.log(
    `# ${eq.name} d=${eq.dim} T=${eq.totalTime} N=${eq.numTimeInterval} seed=${seed}` +
      (ref ? `  reference ${ref.value.toPrecision(6)} (${ref.kind}: ${ref.source})` : ''),
  );
  const verbose = cfg.net_config.verbose && !quiet;
  const res = trainDeepBsde(eq, cfg, {
    seed,
    numIterations: iterations,
    threads,
    onLog: verbose
      ? (r: HistoryRow) =>
          console.log(
            `step: ${String(r.step).padStart(5)},  loss: ${r.loss.toExponential(4)},  Y0: ${r.y0.toExponential(4)},  elapsed time: ${r.elapsed.toFixed(1)}`,
          )
      : undefined,
  });
  const rel = ref ? Math.abs(res.y0 - ref.value) / Math.abs(ref.value) : null;
  console.log(
    `Y0 = ${res.y0.toPrecision(6)}` +
      (cfg.net_config.y0_average_last
        ? ` (mean of the last ${Math.min(cfg.net_config.y0_average_last, res.y0Trace.length)} steps)`
        : '') +
      (ref ? `  reference = ${ref.value.toPrecision(6)}  relative error = ${(100 * rel!).toFixed(3)}%` : '') +
      `  wall time = ${res.wallSeconds.toFixed(1)} s  threads = ${res.threads}`,
  );
  if (outDir) {
    const lines = [`step,loss,y0,elapsed_seconds${ref ? ',rel_error' : ''}`];
    for (const r of res.history) {
      lines.push(
        `${r.step},${r.loss},${r.y0},${r.elapsed}` +
          (ref ? `,${Math.abs(r.y0 - ref.value) / Math.abs(ref.value)}` : ''),
      );
    }
    writeFileSync(join(outDir, 'history.csv'), `${lines.join('\n')}\n`);
    const steps = res.history.map((r) => r.step);
    const y0s = res.history.map((r) => r.y0);
    writeLinePlot(
      join(outDir, 'y0.png'),
      ref
        ? [
            { x: steps, y: y0s },
            { x: [0], y: [ref.value], hline: true },
          ]
        : [{ x: steps, y: y0s }],
    );
    if (ref) {
      writeLinePlot(
        join(outDir, 'rel_error.png'),
        [{ x: steps, y: y0s.map((v) => Math.abs(v - ref.value) / Math.abs(ref.value)) }],
        { logY: true },
      );
    }
    writeFileSync(
      join(outDir, 'result.json'),
      `${JSON.stringify(
        {
          equation: eq.name,
          dim: eq.dim,
          config: configPath,
          seed,
          iterations: res.history[res.history.length - 1]?.step ?? 0,
          y0: res.y0,
          reference: ref?.value ?? null,
          reference_kind: ref?.kind ?? null,
          reference_source: ref?.source ?? null,
          rel_error: rel,
          wall_seconds: res.wallSeconds,
          threads: res.threads,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`wrote ${join(outDir, 'history.csv')}, y0.png${ref ? ', rel_error.png' : ''}, result.json`);
  }
  return 0;
}
