import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBsdeConfig } from './config.js';
import { makeEquation } from './equation_registry.js';
import { trainDeepBsde, type HistoryRow } from './solver.js';
import { writeLinePlot } from '../plot/line_plot.js';

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

/** Entry point of `dpmd bsde`. argv: arguments after "bsde". Returns the exit status. */
export async function bsdeMain(argv: string[]): Promise<number> {
  let configPath: string | undefined, outDir: string | undefined, iterations: number | undefined;
  let seed = 1, quiet = false;
  let threads: number | 'auto' = 'auto';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--seed') seed = parseIntStrict(value(), a);
      else if (a === '--out') outDir = value();
      else if (a === '--iterations') iterations = parseIntStrict(value(), a);
      else if (a === '--threads') threads = parseThreads(value());
      else if (a === '--quiet') quiet = true;
      else if (a === '-h' || a === '--help') { console.log(USAGE); return 0; }
      else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
      else if (configPath === undefined) configPath = a;
      else throw new Error(`unexpected argument ${a}`);
    } catch (err) {
      console.error(`dpmd bsde: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
  }
  if (!configPath) {
    console.error(USAGE);
    return 2;
  }
  let cfg, eq;
  try {
    cfg = loadBsdeConfig(configPath);
    eq = makeEquation(cfg.eqn_config);
  } catch (err) {
    console.error(`dpmd bsde: ${(err as Error).message}`);
    return 2;
  }
  const ref = eq.reference();
  console.log(`# ${eq.name} d=${eq.dim} T=${eq.totalTime} N=${eq.numTimeInterval} seed=${seed}` +
    (ref ? `  reference ${ref.value.toPrecision(6)} (${ref.kind}: ${ref.source})` : ''));
  const verbose = cfg.net_config.verbose && !quiet;
  const res = trainDeepBsde(eq, cfg, {
    seed, numIterations: iterations, threads,
    onLog: verbose ? (r: HistoryRow) => console.log(`step: ${String(r.step).padStart(5)},  loss: ${r.loss.toExponential(4)},  Y0: ${r.y0.toExponential(4)},  elapsed time: ${r.elapsed.toFixed(1)}`) : undefined,
  });
  const rel = ref ? Math.abs(res.y0 - ref.value) / Math.abs(ref.value) : null;
  console.log(`Y0 = ${res.y0.toPrecision(6)}` + (ref ? `  reference = ${ref.value.toPrecision(6)}  relative error = ${(100 * rel!).toFixed(3)}%` : '') +
    `  wall time = ${res.wallSeconds.toFixed(1)} s  threads = ${res.threads}`);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    const lines = ['step,loss,y0,elapsed_seconds' + (ref ? ',rel_error' : '')];
    for (const r of res.history) {
      lines.push(`${r.step},${r.loss},${r.y0},${r.elapsed}` + (ref ? `,${Math.abs(r.y0 - ref.value) / Math.abs(ref.value)}` : ''));
    }
    writeFileSync(join(outDir, 'history.csv'), lines.join('\n') + '\n');
    const steps = res.history.map((r) => r.step);
    const y0s = res.history.map((r) => r.y0);
    writeLinePlot(join(outDir, 'y0.png'), ref ? [{ x: steps, y: y0s }, { x: [0], y: [ref.value], hline: true }] : [{ x: steps, y: y0s }]);
    if (ref) {
      writeLinePlot(join(outDir, 'rel_error.png'), [{ x: steps, y: y0s.map((v) => Math.abs(v - ref.value) / Math.abs(ref.value)) }], { logY: true });
    }
    writeFileSync(join(outDir, 'result.json'), JSON.stringify({
      equation: eq.name, dim: eq.dim, config: configPath, seed,
      iterations: res.history[res.history.length - 1]?.step ?? 0,
      y0: res.y0, reference: ref?.value ?? null, reference_kind: ref?.kind ?? null, reference_source: ref?.source ?? null,
      rel_error: rel, wall_seconds: res.wallSeconds, threads: res.threads,
    }, null, 2) + '\n');
    console.log(`wrote ${join(outDir, 'history.csv')}, y0.png${ref ? ', rel_error.png' : ''}, result.json`);
  }
  return 0;
}

function parseThreads(s: string): number | 'auto' {
  if (s === 'auto') return 'auto';
  const v = Number(s);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--threads: expected a positive integer or 'auto', got '${s}'`);
  return v;
}

function parseIntStrict(s: string, what: string): number {
  const v = Number(s);
  if (!Number.isInteger(v)) throw new Error(`${what}: expected an integer, got '${s}'`);
  return v;
}
