/**
 * Deep BSDE accuracy/speed benchmark: for each selected config, trains with seeds 1..S, prints
 * equation, d, reference, mean +- std of Y0, relative error of the mean (and mean of per-seed errors),
 * mean wall time, and the published numbers (Han, Jentzen & E 2018 / E's 2020 review: HJB 0.17% after 330 s,
 * default-risk 0.46% after 617 s). Appends one JSON line per run to --log (default bench_bsde.jsonl in cwd)
 * so a long run can be inspected while it goes.
 *
 * Usage: npx tsx scripts/bench_bsde.ts [--seeds 5] [--only hjb_lq_d100,pricing_default_risk_d100]
 *                                      [--iterations name=N,...] [--seeds-for name=S,...] [--threads N|auto]
 *                                      [--seed-list 2,4] [--log FILE] [--resume] [--report]
 * --threads: threads for the subnetworks (default auto: 2 on a machine with 2+ cores; results do not depend on it).
 * --seed-list: run only these seeds (default 1..S); e.g. two single-thread processes on seeds 2,4 and 3,5 use two
 * cores better than one two-thread process, and a last call with --report prints the table of all S seeds.
 * --resume reuses runs already in the log with the same config name, seed and iterations (runs are deterministic
 * per seed and bit-identical for any thread count, test/bsde_threads.test.ts, so this only saves time; reused
 * lines are marked 'from log' with the thread count they ran on; log lines without one are single-thread runs).
 * --report: train nothing; print the table from the runs in the log (seeds not in it are listed as missing).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { execSync } from 'node:child_process';
import { loadBsdeConfig } from '../src/bsde/config.js';
import { makeEquation } from '../src/bsde/equation_registry.js';
import { plannedThreads, trainDeepBsde } from '../src/bsde/solver.js';

const PUBLISHED: Record<string, string> = {
  HJBLQ: '0.17% after 330 s',
  // the published number is the paper's; the tuned config is held to every seed <= 0.2% within those 330 s
  PricingDefaultRisk: '0.46% after 617 s',
};
const ALL = [
  'hjb_lq_d100',
  'hjb_lq_d100_tuned',
  'allencahn_d100',
  'pricing_default_risk_d100',
  'pricing_diffrate_d100',
  'burgers_type_d50',
  'quad_grad_d100',
  'reaction_diffusion_d100',
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seeds = Number(arg('seeds') ?? 5);
const only = (arg('only') ?? ALL.join(',')).split(',').filter(Boolean);
const iterOverride = new Map<string, number>();
for (const kv of (arg('iterations') ?? '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=');
  iterOverride.set(k, Number(v));
}
const logFile = arg('log') ?? 'bench_bsde.jsonl';
const threadsArg = arg('threads') ?? 'auto';
const threads: number | 'auto' = threadsArg === 'auto' ? 'auto' : Number(threadsArg);
if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1))
  throw new Error(`--threads: expected a positive integer or 'auto', got '${threadsArg}'`);
const seedsFor = new Map<string, number>();
for (const kv of (arg('seeds-for') ?? '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=');
  seedsFor.set(k, Number(v));
}
const seedList = arg('seed-list')?.split(',').filter(Boolean).map(Number);
if (seedList?.some((v) => !(Number.isInteger(v) && v >= 1)))
  throw new Error(`--seed-list: expected positive integers, got '${arg('seed-list')}'`);
interface LogRow {
  name: string;
  seed: number;
  iterations: number;
  y0: number;
  wall_seconds: number;
  threads?: number;
}
const reportOnly = process.argv.includes('--report');
const previous: LogRow[] =
  (reportOnly || process.argv.includes('--resume')) && existsSync(logFile)
    ? readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogRow)
    : [];
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch {
  /* not a repo */
}
console.log(
  `# machine: ${hostname()}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, commit ${commit}, threads ${threads}`,
);

const rows: string[] = [];
for (const name of only) {
  const cfg = loadBsdeConfig(`configs/bsde/${name}.json`);
  const eq = makeEquation(cfg.eqn_config);
  const ref = eq.reference();
  const iters = iterOverride.get(name) ?? cfg.net_config.num_iterations;
  const ys: number[] = [],
    ts: number[] = [],
    threadsUsed = new Set<number>();
  const nSeeds = seedsFor.get(name) ?? seeds;
  const nThreads = plannedThreads(eq, cfg, threads);
  const runSeeds = seedList ?? Array.from({ length: nSeeds }, (_, i) => i + 1);
  for (const s of runSeeds) {
    // the latest matching line (same result on any thread count; its wall time is the most recent measurement)
    const old = previous.filter((p) => p.name === name && p.seed === s && p.iterations === iters).at(-1);
    if (old) {
      ys.push(old.y0);
      ts.push(old.wall_seconds);
      threadsUsed.add(old.threads ?? 1);
      const relOld = ref ? Math.abs(old.y0 - ref.value) / Math.abs(ref.value) : NaN;
      console.log(
        `${name} seed ${s}: Y0 ${old.y0.toFixed(5)}  rel.err ${(100 * relOld).toFixed(3)}%  ${old.wall_seconds.toFixed(1)} s  (${iters} iterations, ${old.threads ?? 1} threads, from log)`,
      );
      continue;
    }
    if (reportOnly) {
      console.log(`${name} seed ${s}: missing from ${logFile}`);
      continue;
    }
    // process CPU seconds of the run (all threads): under load the wall time is meaningless, the CPU time
    // predicts the idle machine's wall time on one thread
    const cpu0 = process.cpuUsage();
    const r = trainDeepBsde(eq, cfg, { seed: s, numIterations: iters, threads: nThreads });
    const cpuUsed = process.cpuUsage(cpu0);
    const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
    ys.push(r.y0);
    ts.push(r.wallSeconds);
    threadsUsed.add(r.threads);
    const rel = ref ? Math.abs(r.y0 - ref.value) / Math.abs(ref.value) : NaN;
    console.log(
      `${name} seed ${s}: Y0 ${r.y0.toFixed(5)}  rel.err ${(100 * rel).toFixed(3)}%  ${r.wallSeconds.toFixed(1)} s  cpu ${cpuSeconds.toFixed(1)} s  (${iters} iterations, ${r.threads} threads)`,
    );
    appendFileSync(
      logFile,
      `${JSON.stringify({
        name,
        eqn: eq.name,
        seed: s,
        iterations: iters,
        y0: r.y0,
        reference: ref?.value ?? null,
        rel_error: rel,
        wall_seconds: r.wallSeconds,
        cpu_seconds: cpuSeconds,
        threads: r.threads,
      })}\n`,
    );
  }
  if (ys.length === 0) continue;
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const std = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, ys.length - 1));
  const tMean = ts.reduce((a, b) => a + b, 0) / ts.length;
  const tMax = Math.max(...ts);
  const relMean = ref ? Math.abs(mean - ref.value) / Math.abs(ref.value) : NaN;
  const rels = ys.map((y) => (ref ? Math.abs(y - ref.value) / Math.abs(ref.value) : NaN));
  const relEach = rels.reduce((a, b) => a + b, 0) / rels.length;
  const relRange = `${(100 * Math.min(...rels)).toFixed(3)}–${(100 * Math.max(...rels)).toFixed(3)}%`;
  rows.push(
    `| ${eq.name} (${name}) | ${eq.dim} | ${ref ? ref.value.toFixed(5) : 'n/a'} (${ref?.kind ?? '-'}) | ${mean.toFixed(5)} ± ${ys.length > 1 ? std.toFixed(5) : 'n/a'} (${ys.length}) | ${(100 * relMean).toFixed(3)}% | ${(100 * relEach).toFixed(3)}% (${relRange}) | ${tMean.toFixed(1)} s, max ${tMax.toFixed(1)} s (${[...threadsUsed].sort().join('/')} thr.) | ${iters} | ${PUBLISHED[eq.name] ?? '-'} |`,
  );
}
console.log(
  '\n| equation (config) | d | reference | Y0 mean ± std (seeds) | rel. error of mean | mean rel. error per seed (range) | wall time / run | iterations | published |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
