/**
 * Alanine dipeptide φ/ψ free energy at 300 K (vacuum, amber99sb): reinforced dynamics against a
 * reference by well-tempered metadynamics, both through `dpmd run` with `fix plumed` on the deck of
 * systems/ala2/rid.json (same force field, fix langevin 300 K with 100 fs damping, dt as its
 * ExploreMDConfig).
 *
 *   1. Reference: `--ref-runs` independent METAD runs (seeds differ) of `--ref-ns` ns each, two at a time:
 *      METAD ARG=phi,psi SIGMA=0.35,0.35 HEIGHT=1.2 PACE=500 BIASFACTOR=6 TEMP=300 on a 150² grid.
 *      F = −γ/(γ−1) V_bias from each HILLS file (fes_analysis.ts); the reference is their mean, the spread
 *      between runs and ΔF(C7ax − C7eq) every fifth of the run are the convergence check.
 *   2. RiD: `dpmd rid systems/ala2/rid.json --out OUT/rid` (wall time, labels, MD time from its log).
 *   3. Scores: RMSE of RiD against the reference where the reference is below 25 kJ/mol (best constant
 *      shift), basins C7eq/C5/C7ax and ΔF(C7ax − C7eq) (lowest grid point of each basin box), the barrier
 *      of F(φ) from C7eq to C7ax; OUT/bench.json, OUT/ref/fes.csv + fes.png, printed as a Markdown table,
 *      and every iteration's models.json scored the same way (RMSE and ΔF per iteration: stability).
 *
 * Usage: npx tsx scripts/bench_rid_ala2.ts --out DIR [--ref-ns 20] [--ref-runs 2]
 *          [--ref-dirs d1,d2,...  reuse finished METAD runs (their HILLS)] [--skip-rid  score DIR/rid as it is]
 * The machine is shared: record `uptime` next to the numbers (the script prints it before and after).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readHills } from '../src/plumed/hills_file.js';
import {
  basinMinima,
  fesFromHills,
  fesRmseBelow,
  type HillRow,
  phiBarrier,
  phiProfile,
} from '../src/rid/fes_analysis.js';
import { Ensemble } from '../src/rid/ensemble.js';
import { ensembleFes, FES_N, writeFes } from '../src/rid/fes_output.js';
import { mdDeck } from '../src/rid/md_decks.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt?: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const repo = resolve(new URL('..', import.meta.url).pathname);
const out = resolve(opt('out') ?? 'bench_rid_ala2');
const refNs = Number(opt('ref-ns', '20'));
const refRuns = Number(opt('ref-runs', '2'));
const cli = join(repo, 'dist/src/cli.js');
const cfgPath = join(repo, 'systems/ala2/rid.json');
const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
const KT = 0.0083144626 * cfg.ExploreMDConfig.temperature; // kJ/mol (R T)
const dtFs = cfg.ExploreMDConfig.dt * 1000;
mkdirSync(out, { recursive: true });
const uptime = () => execFileSync('uptime').toString().trim();
console.log(`uptime before: ${uptime()}`);

function run(args: string[], cwd: string, log: string): Promise<number> {
  const t0 = Date.now();
  return new Promise((ok, fail) => {
    const c = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    c.stdout.on('data', (b: Buffer) => {
      text += b;
    });
    c.stderr.on('data', (b: Buffer) => {
      text += b;
    });
    c.on('close', (code) => {
      writeFileSync(log, text);
      if (code === 0) ok((Date.now() - t0) / 1000);
      else fail(new Error(`${args.join(' ')} in ${cwd} failed (${code}); see ${log}`));
    });
  });
}

const METAD =
  'metad: METAD ARG=phi,psi SIGMA=0.35,0.35 HEIGHT=1.2 PACE=500 BIASFACTOR=6 TEMP=300 ' +
  'GRID_MIN=-pi,-pi GRID_MAX=pi,pi GRID_BIN=150,150 FILE=HILLS';

async function references(): Promise<string[]> {
  const given = opt('ref-dirs');
  if (given) return given.split(',').map((d) => resolve(d));
  const dirs = Array.from({ length: refRuns }, (_, r) => join(out, `ref.${r}`));
  const nsteps = Math.round((refNs * 1e6) / dtFs);
  await Promise.all(
    dirs.map(async (dir, r) => {
      mkdirSync(dir, { recursive: true });
      copyFileSync(resolve(repo, 'systems/ala2', cfg.md.data), join(dir, 'ala2.data'));
      writeFileSync(
        join(dir, 'plumed.dat'),
        `phi: TORSION ATOMS=5,7,9,15\npsi: TORSION ATOMS=7,9,15,17\n${METAD}\nPRINT STRIDE=500 ARG=phi,psi,metad.bias FILE=COLVAR\n`,
      );
      writeFileSync(
        join(dir, 'in.ref'),
        mdDeck({
          settings: cfg.md.settings.join('\n'),
          data: 'ala2.data',
          postData: cfg.md.post_data.join('\n'),
          temperature: cfg.ExploreMDConfig.temperature,
          tdamp: cfg.md.tdamp,
          dt: dtFs,
          nsteps,
          seed: 71231 + 1000 * r,
          newVelocities: true,
          plumed: 'plumed.dat',
          plumedLog: 'plumed.log',
          dump: null,
          dumpEvery: 1,
          writeData: null,
        }),
      );
      const wall = await run(['run', 'in.ref'], dir, join(dir, 'screen.log'));
      console.log(`reference ${r}: ${refNs} ns (${nsteps} steps of ${dtFs} fs) in ${wall.toFixed(0)} s`);
    }),
  );
  return dirs;
}

const hillsOf = (dir: string): HillRow[] =>
  readHills(join(dir, 'HILLS'), ['phi', 'psi']).map((h) => ({
    time: h.time,
    center: Array.from(h.center),
    sigma: Array.from(h.sigma),
    height: h.height,
  }));

function readFesCsv(file: string): Float64Array {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  if (rows.length !== FES_N * FES_N) throw new Error(`${file}: ${rows.length} rows, expected ${FES_N * FES_N}`);
  return Float64Array.from(rows, (l) => Number(l.split(',')[2]));
}

function describe(fes: Float64Array) {
  const b = basinMinima(fes);
  const p = phiBarrier(phiProfile(fes, KT));
  return { basins: b, dF: b.C7ax.F - b.C7eq.F, barrier: p.barrier, barrierPhi: p.phi };
}

const refDirs = await references();
const refFes = new Float64Array(FES_N * FES_N);
const perRun = refDirs.map((dir) => {
  const h = hillsOf(dir);
  const T = h[h.length - 1].time;
  const evolution = [0.2, 0.4, 0.6, 0.8, 1].map((f) => ({
    ns: (f * T) / 1000,
    dF: describe(fesFromHills(h, f * T)).dF,
  }));
  const fes = fesFromHills(h);
  for (let k = 0; k < fes.length; k++) refFes[k] += fes[k] / refDirs.length;
  return { dir, ns: T / 1000, evolution, ...describe(fes) };
});
const m0 = Math.min(...refFes);
for (let k = 0; k < refFes.length; k++) refFes[k] -= m0;
mkdirSync(join(out, 'ref'), { recursive: true });
writeFes(join(out, 'ref'), refFes, 'ala2 reference: well-tempered METAD (kJ/mol)');
const ref = describe(refFes);

let ridWall = Number.NaN;
const ridOut = join(out, 'rid');
if (!argv.includes('--skip-rid')) {
  ridWall = await run(['rid', cfgPath, '--out', ridOut], repo, join(out, 'rid.log'));
  writeFileSync(join(out, 'rid_wall_s'), `${ridWall}\n`);
} else if (existsSync(join(out, 'rid_wall_s'))) ridWall = Number(readFileSync(join(out, 'rid_wall_s'), 'utf8'));
const ridFes = readFesCsv(join(ridOut, 'fes.csv'));
const rid = describe(ridFes);
const log = readFileSync(join(ridOut, 'rid_log.csv'), 'utf8').trim().split('\n');
const head = log[0].split(',');
const last = log[log.length - 1].split(',');
const iters = log.length - 1;
const labels = Number(last[head.indexOf('labels_total')]);
const exploreNs = (iters * cfg.numb_walkers * cfg.ExploreMDConfig.nsteps * cfg.ExploreMDConfig.dt) / 1000;
const labelNs = (labels * cfg.LabelMDConfig.nsteps * cfg.LabelMDConfig.dt) / 1000;
const { rmse, points } = fesRmseBelow(ridFes, refFes, 25);
// every iteration's ensemble scored against the reference: stability is the last iterations agreeing
const perIter = log.slice(1).map((line) => {
  const v = line.split(',');
  const it = Number(v[0]);
  const models = join(ridOut, `iter.${String(it).padStart(6, '0')}`, '03.train/models.json');
  const fes = ensembleFes(Ensemble.fromJSON(JSON.parse(readFileSync(models, 'utf8')).ensemble));
  const d = describe(fes);
  return {
    iter: it,
    labels: Number(v[head.indexOf('labels_total')]),
    mean_std: Number(v[head.indexOf('mean_std_kJ_mol_rad')]),
    max_std: Number(v[head.indexOf('max_std_kJ_mol_rad')]),
    label_error: Number(v[head.indexOf('label_error_kJ_mol_rad')]),
    train_rmse: Number(v[head.indexOf('train_rmse_kJ_mol_rad')]),
    dF_points: Number(v[head.length - 1]),
    rmse_vs_ref: fesRmseBelow(fes, refFes, 25).rmse,
    dF: d.dF,
  };
});
const result = {
  uptime_after: uptime(),
  per_iteration: perIter,
  reference: { runs: perRun, ns_total: perRun.reduce((a, r) => a + r.ns, 0), ...ref },
  rid: { iterations: iters, labels, explore_ns: exploreNs, label_ns: labelNs, wall_s: ridWall, ...rid },
  rmse_below_25: rmse,
  rmse_points: points,
  dF_error: rid.dF - ref.dF,
};
writeFileSync(join(out, 'bench.json'), `${JSON.stringify(result, null, 1)}\n`);
const f = (x: number) => x.toFixed(2);
console.log(`| | reference (WT-METAD, ${result.reference.ns_total.toFixed(0)} ns) | RiD |`);
console.log('|---|---|---|');
for (const b of ['C7eq', 'C5', 'C7ax'] as const)
  console.log(
    `| ${b} (φ, ψ)°: F kJ/mol | (${ref.basins[b].phi}, ${ref.basins[b].psi}): ${f(ref.basins[b].F)} | (${rid.basins[b].phi}, ${rid.basins[b].psi}): ${f(rid.basins[b].F)} |`,
  );
console.log(`| ΔF(C7ax − C7eq) kJ/mol | ${f(ref.dF)} | ${f(rid.dF)} |`);
console.log(
  `| barrier of F(φ) C7eq→C7ax kJ/mol (at φ°) | ${f(ref.barrier)} (${ref.barrierPhi}) | ${f(rid.barrier)} (${rid.barrierPhi}) |`,
);
console.log(`| RMSE vs reference, F_ref < 25 kJ/mol (${points} points) | | ${f(rmse)} |`);
console.log(
  `| MD time | ${result.reference.ns_total.toFixed(0)} ns | ${f(exploreNs + labelNs)} ns (explore ${f(exploreNs)}, labels ${f(labelNs)}) |`,
);
console.log(`| labels, iterations, wall | | ${labels}, ${iters}, ${ridWall.toFixed(0)} s |`);
console.log(
  '\n| iter | labels | σ mean / max (kJ/mol/rad) | label error | train RMSE | ΔF(points) | RMSE vs ref | ΔF (basins) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of perIter)
  console.log(
    `| ${r.iter} | ${r.labels} | ${f(r.mean_std)} / ${f(r.max_std)} | ${f(r.label_error)} | ${f(r.train_rmse)} | ${f(r.dF_points)} | ${f(r.rmse_vs_ref)} | ${f(r.dF)} |`,
  );
for (const r of perRun)
  console.log(
    `reference ${r.dir}: ΔF over time ${r.evolution.map((e) => `${e.ns.toFixed(1)} ns ${f(e.dF)}`).join(', ')}`,
  );
console.log(`uptime after: ${result.uptime_after}`);
