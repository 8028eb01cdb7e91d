import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, strOption, UsageError, type CommandSpec } from '../cli_args.js';
import { Rng } from '../nn/rng.js';
import { writeLinePlot } from '../plot/line_plot.js';
import { ensureWritableDir } from '../train/output_files.js';
import { GradClosure } from './closure.js';
import { loadSolveConfig, loadTrainConfig } from './config.js';
import { generateData } from './dataset.js';
import { evaluateModels, runKinetic, type Evaluation } from './evaluate.js';
import { LearnedClosure } from './learned_closure.js';
import { writeSnapshotFile } from './snapshot_file.js';
import { trainClosure } from './train_closure.js';

const USAGE = `usage: dpmd kinetic CONFIG.json --out DIR [--quiet]     generate BGK data, train the learned closure, evaluate
       dpmd kinetic solve CONFIG.json --out DIR              kinetic (BGK) solver only
  CONFIG.json   see docs/kinetic.md (configs/kinetic/*.json)
  --out DIR     train: DIR/result.json, DIR/profiles_<eps>.csv/.png, DIR/model.json, DIR/data.kin
                solve: DIR/profiles.csv, DIR/solve.json`;

const SPEC: CommandSpec = {
  usage: USAGE,
  options: { out: { type: 'string' }, quiet: { type: 'boolean' } },
  positionals: { min: 1, max: 2, names: 'CONFIG.json' },
};

/** Entry point of `dpmd kinetic`. */
export async function kineticMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, ({ values, positionals }) => {
    const out = strOption(values, 'out');
    if (!out) throw new UsageError('--out DIR is required');
    const quiet = values.quiet === true;
    if (positionals[0] === 'solve') {
      if (positionals.length !== 2) throw new UsageError('dpmd kinetic solve needs CONFIG.json');
      return solve(positionals[1], out);
    }
    if (positionals.length !== 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    return trainAndEvaluate(positionals[0], out, quiet);
  });
}

function solve(path: string, out: string): number {
  const cfg = loadSolveConfig(path);
  ensureWritableDir(out, '--out');
  const { profiles: p, wall, steps } = runKinetic(cfg.initial, cfg.eps, { ...cfg.grid, tEnd: cfg.tEnd });
  const rows = ['x,rho_kinetic,u_kinetic,T_kinetic'];
  for (let i = 0; i < p.x.length; i++) rows.push(`${p.x[i]},${p.rho[i]},${p.u[i]},${p.T[i]}`);
  writeFileSync(join(out, 'profiles.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(out, 'solve.json'),
    `${JSON.stringify({ gamma: 3, t_end: cfg.tEnd, eps: cfg.eps, steps, wall_seconds: wall }, null, 2)}\n`,
  );
  console.log(`kinetic solve: ${steps} steps to t=${cfg.tEnd} (eps=${cfg.eps}) in ${wall.toFixed(2)} s`);
  return 0;
}

function trainAndEvaluate(path: string, out: string, quiet: boolean): number {
  const cfg = loadTrainConfig(path);
  ensureWritableDir(out, '--out');
  const log = quiet ? undefined : (s: string) => console.log(s);
  const model = new LearnedClosure(cfg.model);
  model.init(new Rng(cfg.training.seed));
  const t0 = performance.now();
  const data = generateData({ ...cfg.grid, ...cfg.data }, cfg.model.order, model.xi);
  const dataWall = (performance.now() - t0) / 1000;
  log?.(`data: ${data.snapshots.length} snapshots, ${data.samples.count} samples in ${dataWall.toFixed(1)} s`);
  writeSnapshotFile(
    join(out, 'data.kin'),
    {
      config: {
        grid: { nx: cfg.grid.nx, nv: cfg.grid.grid.nv, v_max: cfg.grid.grid.vMax, cfl: cfg.grid.cfl },
        data: cfg.data,
      },
      nx: cfg.grid.nx,
      nv: cfg.grid.grid.nv,
      v_max: cfg.grid.grid.vMax,
      length: cfg.grid.length,
      snapshots: data.snapshots,
    },
    data.f,
  );
  const report = trainClosure(model, data.samples, cfg.training, new Rng(cfg.training.seed + 1), log);
  writeFileSync(join(out, 'model.json'), JSON.stringify(model.toJSON()));
  const ev = evaluateModels(
    { ...cfg.grid, ...cfg.evaluation },
    {
      learned: model,
      euler: new GradClosure(2),
      moments: new GradClosure(cfg.evaluation.momentsOrder),
      // Grad's closure at the learned model's order: what the network must beat
      grad_same_order: new GradClosure(cfg.model.order),
    },
    log,
  );
  writeResults(out, ev, { data: dataWall, training: report.wallSeconds }, report);
  for (const [name, r] of Object.entries(ev.models))
    console.log(
      `${name.padEnd(8)} rel L2: ${r.relL2.map((e) => e.toExponential(2)).join('  ')}   wall ${r.wall.toFixed(2)} s`,
    );
  console.log(`kinetic  wall ${ev.kineticWall.toFixed(2)} s   (eps: ${ev.eps.join(', ')})`);
  return 0;
}

function writeResults(
  out: string,
  ev: Evaluation,
  walls: { data: number; training: number },
  report: ReturnType<typeof trainClosure>,
): void {
  const m = ev.models;
  const json = {
    eps: ev.eps,
    rel_l2: {
      learned: m.learned.relL2,
      euler: m.euler.relL2,
      moments: m.moments.relL2,
      grad_same_order: m.grad_same_order.relL2,
    },
    rel_l2_fields: {
      learned: m.learned.fields,
      euler: m.euler.fields,
      moments: m.moments.fields,
      grad_same_order: m.grad_same_order.fields,
    },
    orders: { learned: ev.orders.learned, moments: ev.orders.moments, grad_same_order: ev.orders.grad_same_order },
    moment_solver: { flux: ev.flux, eigen_every: ev.eigenEvery },
    wall_seconds: {
      kinetic: ev.kineticWall,
      learned: m.learned.wall,
      euler: m.euler.wall,
      moments: m.moments.wall,
      grad_same_order: m.grad_same_order.wall,
      data_generation: walls.data,
      training: walls.training,
    },
    cpu_seconds: {
      kinetic: ev.kineticCpu,
      learned: m.learned.cpu,
      euler: m.euler.cpu,
      moments: m.moments.cpu,
      grad_same_order: m.grad_same_order.cpu,
    },
    speedup_learned_over_kinetic: ev.kineticWall / m.learned.wall,
    speedup_learned_over_kinetic_cpu: ev.kineticCpu / m.learned.cpu,
    hyperbolicity: { learned: m.learned.hyperbolicity, moments: m.moments.hyperbolicity },
    failures: {
      learned: m.learned.failures,
      euler: m.euler.failures,
      moments: m.moments.failures,
      grad_same_order: m.grad_same_order.failures,
    },
    training: report,
  };
  // JSON has no Infinity: a failed run is reported as null with its message under failures
  writeFileSync(
    join(out, 'result.json'),
    `${JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  ev.eps.forEach((eps, k) => {
    const P = ev.profiles[k],
      kin = P.kinetic;
    const cols = ['learned', 'euler'] as const;
    const rows = ['x,rho_kinetic,u_kinetic,T_kinetic,rho_learned,u_learned,T_learned,rho_euler,u_euler,T_euler'];
    for (let i = 0; i < kin.x.length; i++) {
      const parts = [kin.x[i], kin.rho[i], kin.u[i], kin.T[i]].map(String);
      for (const c of cols) {
        const p = P.models[c];
        parts.push(...(p ? [p.rho[i], p.u[i], p.T[i]].map(String) : ['nan', 'nan', 'nan']));
      }
      rows.push(parts.join(','));
    }
    writeFileSync(join(out, `profiles_${eps}.csv`), `${rows.join('\n')}\n`);
    for (const field of ['rho', 'u', 'T'] as const) {
      const series = [
        { x: kin.x, y: kin[field], label: 'kinetic (BGK)', color: [0, 0, 0] as [number, number, number] },
      ];
      const colors: Record<string, [number, number, number]> = {
        learned: [214, 39, 40],
        euler: [31, 119, 180],
        moments: [44, 160, 44],
        grad_same_order: [148, 103, 189],
      };
      for (const [n, p] of Object.entries(P.models))
        if (p) series.push({ x: p.x, y: p[field], label: n, color: colors[n] });
      writeLinePlot(join(out, `profiles_${eps}_${field}.png`), series, {
        title: `${field} at t_end, eps = ${eps}`,
        xLabel: 'x',
        yLabel: field,
      });
    }
  });
}
