/**
 * Al-Mg concurrent-learning benchmark (issue 12), the parts implemented so far:
 *   1. `dpmd learn PARAM --out RUN` (skipped with --no-learn when RUN already holds a finished run),
 *      timed;
 *   2. the review's Fig. 2 table: per exploration system (structure type, composition) the frames
 *      explored and labelled over all iterations and the labelled share;
 *   3. the final model (iteration's model 000) against the labeler on an independent test set:
 *      labeler-driven MD (the eam/fs file through `dpmd run`) at 300, 600, 900 K from every
 *      configuration, frames every 200 steps, labelled again by the labeler; energy RMSE (meV/atom),
 *      force RMSE and max error (eV/Å).
 * Not yet: the property comparison (lattice constants, elastic constants, vacancy and surface
 * energies) and the random-selection baseline.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/bench_learn_almg.js [--param systems/almg/param-quick.json]
 *        [--run out/almg-quick] [--no-learn] [--test-steps 2000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readParam } from '../src/learn/param.js';
import { readDump, readLammpsData, lammpsDataText } from '../src/learn/structure.js';
import { makeLabeler } from '../src/learn/labeler.js';
import { labelFrames } from '../src/learn/label_frames.js';
import { LocalBackend } from '../src/learn/backend_local.js';
import { writeLabeledData, type Labeled } from '../src/learn/labeled_data.js';
import { DeepPot } from '../src/deepmd/deep_pot.js';
import { testSystem } from '../src/train/test_model.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist/src/cli.js');
const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : def;
};
const paramFile = resolve(opt('--param', join(root, 'systems/almg/param-quick.json')));
const run = resolve(opt('--run', 'out/almg-quick'));
const testSteps = Number(opt('--test-steps', '2000'));
const param = readParam(paramFile);

// 1. the loop
let learnWall = NaN;
if (!args.includes('--no-learn')) {
  const t0 = Date.now();
  execFileSync(process.execPath, [cli, 'learn', paramFile, '--out', run], { stdio: 'inherit' });
  learnWall = (Date.now() - t0) / 1000;
}
const iters = readdirSync(run)
  .filter((e) => /^iter\.\d{6}$/.test(e))
  .sort();
if (iters.length === 0) throw new Error(`${run}: no iterations (run dpmd learn first, or drop --no-learn)`);

// 2. Fig. 2 table: explored = frames in every model_devi.out of the system; labelled = frames in 02.fp/data
const sysName = (s: number) => {
  const f = param.sysConfigs[s][0];
  return basename(dirname(f)) === 'init' ? basename(f) : `${basename(dirname(f))}/${basename(f)}`;
};
const composition = (s: number) => {
  const types = new Set(Array.from(readLammpsData(param.sysConfigs[s][0], param.typeMap.length).types));
  return [...types]
    .sort()
    .map((t) => param.typeMap[t])
    .join('-');
};
const explored = new Array(param.sysConfigs.length).fill(0),
  labelled = new Array(param.sysConfigs.length).fill(0);
for (const it of iters) {
  const dev = join(run, it, '01.model_devi');
  if (existsSync(join(dev, 'selection.json'))) {
    for (const t of readdirSync(dev).filter((e) => e.startsWith('task.'))) {
      const s = Number(t.split('.')[1]);
      explored[s] += readFileSync(join(dev, t, 'model_devi.out'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#')).length;
    }
  }
  const fp = join(run, it, '02.fp');
  if (existsSync(join(fp, 'failed.txt'))) {
    const failed = new Set(
      readFileSync(join(fp, 'failed.txt'), 'utf8')
        .split('\n')
        .filter((l) => l),
    );
    for (const t of readdirSync(fp).filter((e) => e.startsWith('task.') && !failed.has(e)))
      labelled[Number(t.split('.')[1])]++;
  }
}
const lines: string[] = [];
const say = (l: string) => {
  lines.push(l);
  console.log(l);
};
say(`# Al-Mg concurrent learning: ${paramFile.replace(`${root}/`, '')}, ${iters.length} iteration(s), run ${run}`);
say(
  `# machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; dpmd learn wall ${Number.isNaN(learnWall) ? 'not timed (--no-learn)' : `${learnWall.toFixed(0)} s`}`,
);
say('| system | composition | explored | labelled | labelled share |');
say('|---|---|---|---|---|');
for (let s = 0; s < param.sysConfigs.length; s++) {
  say(
    `| ${sysName(s)} | ${composition(s)} | ${explored[s]} | ${labelled[s]} | ${explored[s] ? `${((100 * labelled[s]) / explored[s]).toFixed(3)}%` : '-'} |`,
  );
}
const te = explored.reduce((a, b) => a + b, 0),
  tl = labelled.reduce((a, b) => a + b, 0);
say(`| all | | ${te} | ${tl} | ${te ? `${((100 * tl) / te).toFixed(3)}%` : '-'} |`);

// 3. test set from labeler-driven MD, never used in training
const fp = param.fp;
if (fp.style !== 'eam') throw new Error('the test set needs the eam labeler');
const testDir = join(run, 'bench', 'test');
const frames = [];
for (let s = 0; s < param.sysConfigs.length; s++) {
  for (const T of [300, 600, 900]) {
    const d = join(testDir, 'md', `sys${s}-${T}K`);
    mkdirSync(d, { recursive: true });
    if (!existsSync(join(d, 'traj.dump'))) {
      const conf = readLammpsData(param.sysConfigs[s][0], param.typeMap.length);
      writeFileSync(join(d, 'conf.lmp'), lammpsDataText(conf, param.massMap));
      const coeff =
        fp.eam.pairStyle === 'eam'
          ? fp.eam.potFiles.map((f, k) => `pair_coeff ${k + 1} ${k + 1} ${f}`)
          : [`pair_coeff * * ${fp.eam.potFiles[0]} ${param.typeMap.join(' ')}`];
      writeFileSync(
        join(d, 'in.md'),
        [
          'units metal',
          'atom_style atomic',
          'read_data conf.lmp',
          `pair_style ${fp.eam.pairStyle}`,
          ...coeff,
          `velocity all create ${T} ${1000 + s * 10 + T / 100} mom yes dist gaussian`,
          `fix 1 all nvt temp ${T} ${T} 0.1`,
          'timestep 0.002',
          'dump 1 all custom 200 traj.dump id type x y z',
          'dump_modify 1 sort id format float %.15g',
          'thermo 500',
          `run ${testSteps}`,
          '',
        ].join('\n'),
      );
      execFileSync(process.execPath, [cli, 'run', 'in.md', '-log', 'log.md', '-screen', 'none'], { cwd: d });
    }
    frames.push(
      ...readDump(join(d, 'traj.dump'))
        .filter((f) => f.step > 0)
        .map((f) => f.frame),
    );
  }
}
const lab = await labelFrames(
  frames,
  makeLabeler(fp, param.typeMap, param.massMap),
  join(testDir, 'label'),
  new LocalBackend(),
);
const data = writeLabeledData(
  join(testDir, 'data'),
  lab.filter((l): l is Labeled => l !== null),
  param.typeMap,
);
// the newest iteration whose training finished (a run stopped mid-way still has one)
const last = [...iters].reverse().find((it) => existsSync(join(run, it, '00.train', '000', 'model.yaml')));
if (!last) throw new Error(`${run}: no trained model yet`);
const modelPath = join(run, last, '00.train', '000', 'model.yaml');
const dp = await DeepPot.load(modelPath);
let se = 0,
  ne = 0,
  sf = 0,
  nf = 0,
  fmax = 0;
for (const sys of data) {
  const e = testSystem(dp, sys, Infinity);
  se += e.rmseEPerAtom ** 2 * e.nframes;
  ne += e.nframes;
  for (let k = 0; k < e.fRef.length; k++) {
    const d = e.fPred[k] - e.fRef[k];
    sf += d * d;
    nf++;
    fmax = Math.max(fmax, Math.abs(d));
  }
}
say(
  `# test set: ${ne} frames from eam/fs MD at 300/600/900 K on every system; model ${modelPath.replace(`${run}/`, '')}`,
);
say(
  `energy RMSE ${(1000 * Math.sqrt(se / ne)).toFixed(2)} meV/atom, force RMSE ${Math.sqrt(sf / nf).toFixed(4)} eV/Å, force max error ${fmax.toFixed(4)} eV/Å`,
);
writeFileSync(join(run, 'bench', 'report.md'), `${lines.join('\n')}\n`);
