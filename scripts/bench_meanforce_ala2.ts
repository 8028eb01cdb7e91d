/**
 * Mean force of alanine dipeptide's φ two ways, and thermodynamic integration against well-tempered
 * metadynamics (issue 13 item 4; results in docs/freeenergy.md). systems/ala2 (AMBER ff99SB, vacuum),
 * 300 K, fix langevin (damp 100 fs) + fix nve, timestep 1 fs, φ = atoms 5-7-9-15.
 *
 * Parts (run them as separate processes, then `report`):
 *   compare  at each φ₀ of --points: bring φ to φ₀ with a soft then a stiff RESTRAINT, a restrained
 *            production run (κ = --kappa kJ/mol/rad², COLVAR every step) → dA/dφ = κ·wrap(φ₀ − ⟨φ⟩);
 *            then the same configuration under fix cv/constraint at φ₀ → blue-moon dA/dφ.
 *   ti       restrained mean forces on a φ grid (every --ti-step degrees), integrated (trapezoid)
 *            around the circle; the closure is reported and removed linearly.
 *   metad    1-D well-tempered METAD on φ; F(φ) = −(sum of the HILLS file's heights, which PLUMED writes
 *            scaled by γ/(γ−1)), with the profile at half time for the convergence check.
 *   report   the table, RMSE of TI vs METAD where F ≤ 25 kJ/mol, the plot; writes --out/report.json
 *            and (with --docs) docs/freeenergy/*.png and results.json.
 * Errors: block averages (src/freeenergy/block_average.ts), block size from the plateau.
 *
 * Usage: npx tsx scripts/bench_meanforce_ala2.ts --part compare|ti|metad|report [--out DIR]
 *   [--points -150,-90,-60,60,90] [--steps 200000] [--kappa 2000] [--ti-step 15] [--ti-steps 50000]
 *   [--metad-steps 2000000] [--docs]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blueMoonMeanForce } from '../src/freeenergy/blue_moon.js';
import { wrapPi } from '../src/freeenergy/constraint_cv.js';
import { restrainedMeanForce, umbrellaIntegrationMeanForce } from '../src/freeenergy/restrained_mean_force.js';
import { runDeckIn } from '../src/freeenergy/run_deck.js';
import { integratePeriodic } from '../src/freeenergy/thermodynamic_integration.js';
import { writeLinePlot } from '../src/plot/line_plot.js';
import { readColvar } from '../src/rid/colvar_mean_force.js';

const argv = process.argv.slice(2);
const opt = (k: string, d: string) => {
  const i = argv.indexOf(`--${k}`);
  return i >= 0 ? argv[i + 1] : d;
};
const part = opt('part', 'report');
const out = opt('out', '/tmp/meanforce_ala2');
const points = opt('points', '-150,-90,-60,60,90').split(',').map(Number);
const steps = Number(opt('steps', '200000'));
const kappa = Number(opt('kappa', '2000'));
const tiStep = Number(opt('ti-step', '15'));
const tiSteps = Number(opt('ti-steps', '50000'));
const metadSteps = Number(opt('metad-steps', '2000000'));
const repo = new URL('..', import.meta.url).pathname;
const KCAL = 4.184; // kJ per kcal
const T = 300;
const kTkJ = (0.0019872067 * KCAL * T) as number; // LAMMPS real boltz, kJ/mol
mkdirSync(out, { recursive: true });

const SETTINGS = `units real
atom_style full
boundary f f f
pair_style lj/cut/coul/cut 50.0
pair_modify mix arithmetic
bond_style harmonic
angle_style harmonic
dihedral_style charmm
read_data ala2.data
special_bonds lj 0.0 0.0 0.5 coul 0.0 0.0 0.833333
neighbor 2.0 bin
neigh_modify delay 0 every 1 check yes
timestep 1.0
`;

const rad = (deg: number) => (deg * Math.PI) / 180;

function dirFor(name: string): string {
  const d = join(out, name);
  mkdirSync(d, { recursive: true });
  copyFileSync(join(repo, 'systems/ala2/ala2.data'), join(d, 'ala2.data'));
  return d;
}

/** Deck lines that take the molecule from its data file to φ₀ (soft restraint 20 ps, stiff 10 ps). */
function approach(phi0: number, seed: number): { deck: string; files: Record<string, string> } {
  const res = (k: number, file: string) =>
    `phi: TORSION ATOMS=5,7,9,15\nres: RESTRAINT ARG=phi AT=${rad(phi0)} KAPPA=${k}\nPRINT ARG=phi STRIDE=1 FILE=${file}\n`;
  return {
    deck: `${SETTINGS}velocity all create ${T} ${seed} mom yes rot yes dist gaussian
fix 1 all nve
fix 2 all langevin ${T} ${T} 100 ${seed} zero yes
fix 3 all plumed plumedfile soft.dat outfile soft.log
thermo 100000
run 20000
unfix 3
fix 3 all plumed plumedfile stiff.dat outfile stiff.log
run 10000
`,
    files: { 'soft.dat': res(100, 'COLVAR.soft'), 'stiff.dat': res(kappa, 'COLVAR.stiff') },
  };
}

function restrainedAt(dir: string, phi0: number) {
  const c = readColvar(readFileSync(join(dir, 'COLVAR.prod'), 'utf8'), ['phi'], 'COLVAR.prod');
  return restrainedMeanForce(c.s, rad(phi0), kappa);
}

if (part === 'compare') {
  const rows = [];
  for (const [k, phi0] of points.entries()) {
    const t0 = performance.now();
    const dir = dirFor(`compare_${phi0}`);
    const a = approach(phi0, 1000 + k);
    const deck = `${a.deck}unfix 3
fix 3 all plumed plumedfile prod.dat outfile prod.log
run ${steps}
unfix 3
unfix 1
unfix 2
fix 1 all nve
fix 2 all langevin ${T} ${T} 100 ${2000 + k} zero yes
fix 4 all cv/constraint torsion 5 7 9 15 temp ${T} target ${phi0} file lambda.txt every 1
run ${steps}
`;
    const files = {
      ...a.files,
      'prod.dat': `phi: TORSION ATOMS=5,7,9,15\nres: RESTRAINT ARG=phi AT=${rad(phi0)} KAPPA=${kappa}\nPRINT ARG=phi STRIDE=1 FILE=COLVAR.prod\n`,
    };
    runDeckIn(dir, deck, files);
    const r = restrainedAt(dir, phi0);
    const lam = readFileSync(join(dir, 'lambda.txt'), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(' ').map(Number));
    // λ, G in kcal/mol/rad and 1/rad; Z in rad²/(Å² g/mol): the ratio estimator is unit-free in Z
    const bm = blueMoonMeanForce(
      lam.map((x) => x[2] * KCAL),
      lam.map((x) => x[3]),
      lam.map((x) => x[4]),
      kTkJ,
    );
    const row = {
      phi0,
      restrained: { dAdphi: r.dAdphi, error: r.error, blockSize: r.blockSize, plateau: r.plateau, samples: r.samples },
      constrained: {
        dAdphi: bm.meanForce,
        error: bm.error,
        plainLambda: bm.plainLambda,
        correction: bm.correction,
        blockSize: bm.blockSize,
        plateau: bm.plateau,
        samples: bm.samples,
      },
      seconds: (performance.now() - t0) / 1000,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    writeFileSync(join(out, 'compare.json'), JSON.stringify({ kappa, steps, rows }, null, 1));
  }
} else if (part === 'ti') {
  const grid: number[] = [];
  for (let p = -180; p < 180 - 1e-9; p += tiStep) grid.push(p);
  const rows = [];
  for (const [k, phi0] of grid.entries()) {
    const t0 = performance.now();
    const dir = dirFor(`ti_${phi0}`);
    const a = approach(phi0, 3000 + k);
    const deck = `${a.deck}unfix 3
fix 3 all plumed plumedfile prod.dat outfile prod.log
run ${tiSteps}
`;
    const files = {
      ...a.files,
      'prod.dat': `phi: TORSION ATOMS=5,7,9,15\nres: RESTRAINT ARG=phi AT=${rad(phi0)} KAPPA=${kappa}\nPRINT ARG=phi STRIDE=1 FILE=COLVAR.prod\n`,
    };
    runDeckIn(dir, deck, files);
    const r = restrainedAt(dir, phi0);
    rows.push({
      phi0,
      dAdphi: r.dAdphi,
      error: r.error,
      blockSize: r.blockSize,
      plateau: r.plateau,
      seconds: (performance.now() - t0) / 1000,
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
    writeFileSync(join(out, 'ti.json'), JSON.stringify({ kappa, tiSteps, tiStep, rows }, null, 1));
  }
} else if (part === 'metad') {
  const t0 = performance.now();
  const dir = dirFor('metad');
  const deck = `${SETTINGS}velocity all create ${T} 4242 mom yes rot yes dist gaussian
fix 1 all nve
fix 2 all langevin ${T} ${T} 100 4242 zero yes
fix 3 all plumed plumedfile metad.dat outfile metad.log
thermo 100000
run ${metadSteps}
`;
  const plumed = `phi: TORSION ATOMS=5,7,9,15
m: METAD ARG=phi SIGMA=0.35 HEIGHT=1.2 PACE=500 BIASFACTOR=8 TEMP=${T} GRID_MIN=-pi GRID_MAX=pi GRID_BIN=200 FILE=HILLS
PRINT ARG=phi,m.bias STRIDE=500 FILE=COLVAR
`;
  runDeckIn(dir, deck, { 'metad.dat': plumed });
  writeFileSync(join(out, 'metad.json'), JSON.stringify({ metadSteps, seconds: (performance.now() - t0) / 1000 }));
  console.log('metad done', (performance.now() - t0) / 1000, 's');
} else if (part === 'report') {
  report();
} else throw new Error(`unknown --part ${part}`);

/** −F(φ) up to a constant from HILLS (written heights already scaled by γ/(γ−1)), hills with time ≤ tmax. */
function metadProfile(phis: number[], tmax: number): number[] {
  const rows = readFileSync(join(out, 'metad/HILLS'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number));
  return phis.map((p) => {
    let v = 0;
    for (const [t, c, s, h] of rows) {
      if (t > tmax) continue;
      const u = wrapPi(p - c) / s;
      const dp2 = 0.5 * u * u;
      if (dp2 < 6.25) v += h * Math.exp(-dp2); // PLUMED's truncated Gaussian (metad_grid.ts)
    }
    return -v;
  });
}

function shiftMin(y: number[]): number[] {
  const m = Math.min(...y);
  return y.map((v) => v - m);
}

function report(): void {
  const cmp = existsSync(join(out, 'compare.json'))
    ? JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'))
    : null;
  const ti = JSON.parse(readFileSync(join(out, 'ti.json'), 'utf8'));
  const phiDeg: number[] = ti.rows.map((r: { phi0: number }) => r.phi0);
  const tiStep0: number = ti.tiStep;
  const colvar = (name: string) => readColvar(readFileSync(join(out, name, 'COLVAR.prod'), 'utf8'), ['phi']).s;
  // umbrella integration at the window centres (restrained_mean_force.ts), the estimator used for TI
  const ui = phiDeg.map((p) => umbrellaIntegrationMeanForce(colvar(`ti_${p}`), rad(p), kTkJ));
  const forces = ui.map((u) => u.dAdphi);
  const errors = ui.map((u) => u.error);
  const plainForces: number[] = ti.rows.map((r: { dAdphi: number }) => r.dAdphi);
  const plainErrors: number[] = ti.rows.map((r: { error: number }) => r.error);
  const integ = integratePeriodic(phiDeg.map(rad), plainForces, plainErrors);
  const integPlain = integratePeriodic(phiDeg.map(rad), forces, errors); // umbrella integration variant
  const hills = readFileSync(join(out, 'metad/HILLS'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const tEnd = Number(hills[hills.length - 1].trim().split(/\s+/)[0]);
  const fm = shiftMin(metadProfile(phiDeg.map(rad), tEnd));
  const fmHalf = shiftMin(metadProfile(phiDeg.map(rad), tEnd / 2));
  // align TI to METAD by the mean over the region below 25 kJ/mol of both (least squares shift)
  const region = phiDeg.map((_, i) => i).filter((i) => fm[i] <= 25);
  const fti0 = integ.free;
  const shift = region.reduce((a, i) => a + (fm[i] - fti0[i]), 0) / region.length;
  const fti = fti0.map((v) => v + shift);
  const rmse = Math.sqrt(region.reduce((a, i) => a + (fti[i] - fm[i]) ** 2, 0) / region.length);
  const shiftP = region.reduce((a, i) => a + (fm[i] - integPlain.free[i]), 0) / region.length;
  const rmsePlain = Math.sqrt(
    region.reduce((a, i) => a + (integPlain.free[i] + shiftP - fm[i]) ** 2, 0) / region.length,
  );
  const rmseHalf = Math.sqrt(region.reduce((a, i) => a + (fmHalf[i] - fm[i]) ** 2, 0) / region.length);
  const res = {
    kappa: ti.kappa,
    tiStepDeg: ti.tiStep,
    tiStepsPerWindow: ti.tiSteps,
    closure: integ.closure,
    closureError: integ.closureError,
    metadTimePs: tEnd,
    rmseTiVsMetad: rmse,
    rmseUmbrellaTiVsMetad: rmsePlain,
    closureUmbrella: integPlain.closure,
    rmseMetadHalfVsFull: rmseHalf,
    regionPoints: region.length,
    grid: phiDeg.map((p, i) => ({
      phi: p,
      dAdphi: plainForces[i],
      error: plainErrors[i],
      dAdphiUmbrella: forces[i],
      fTi: fti[i],
      fMetad: fm[i],
      fMetadHalf: fmHalf[i],
    })),
    compare: cmp,
  };
  console.log(
    JSON.stringify(
      {
        closure: integ.closure,
        closureError: integ.closureError,
        rmse,
        rmseUmbrella: rmsePlain,
        closureUmbrella: integPlain.closure,
        rmseHalf,
        tEnd,
      },
      null,
      1,
    ),
  );
  /** A″ at φ (deg) from the TI windows: central difference on a grid point, else the interval's slope. */
  const slopeAt = (p: number): number => {
    const n = phiDeg.length;
    const h = rad(tiStep0);
    const x = (p - phiDeg[0]) / tiStep0;
    const k = Math.floor(x + 1e-9);
    const at = (j: number) => plainForces[((j % n) + n) % n];
    if (Math.abs(x - Math.round(x)) < 1e-9) return (at(k + 1) - at(k - 1)) / (2 * h);
    return (at(k + 1) - at(k)) / h;
  };
  if (cmp) {
    console.log(
      '| φ₀ (deg) | restrained κ(φ₀−⟨φ⟩) | φ₀−⟨φ⟩ (deg) | moved to φ₀ with A″ | umbrella integration at φ₀ | constrained (blue moon) | plain ⟨λ⟩ | (moved − blue moon)/σ | (κ − blue moon)/σ |',
    );
    for (const r of cmp.rows) {
      const u = umbrellaIntegrationMeanForce(colvar(`compare_${r.phi0}`), rad(r.phi0), kTkJ);
      r.umbrella = u;
      // κ(φ₀−⟨φ⟩) is dA/dφ at ⟨φ⟩ (first order); A″ from the TI windows' mean forces moves it to φ₀
      const off = r.restrained.dAdphi / kappa; // φ₀ − ⟨φ⟩, rad
      const moved = r.restrained.dAdphi + slopeAt(r.phi0) * off;
      r.movedToPhi0 = moved;
      const sg = Math.hypot(r.restrained.error, r.constrained.error);
      const f = (x: number) => x.toFixed(2);
      console.log(
        `| ${r.phi0} | ${f(r.restrained.dAdphi)} ± ${f(r.restrained.error)} | ${f((off * 180) / Math.PI)} | ${f(moved)} | ${f(u.dAdphi)} ± ${f(u.error)} | ${f(r.constrained.dAdphi)} ± ${f(r.constrained.error)} | ${f(r.constrained.plainLambda)} | ${f((moved - r.constrained.dAdphi) / sg)} | ${f((r.restrained.dAdphi - r.constrained.dAdphi) / sg)} |`,
      );
    }
  }
  writeFileSync(join(out, 'report.json'), JSON.stringify(res, null, 1));
  const dest = argv.includes('--docs') ? join(repo, 'docs/freeenergy') : out;
  mkdirSync(dest, { recursive: true });
  const xs = phiDeg.concat([180]);
  const close = (y: number[]) => y.concat([y[0]]);
  writeLinePlot(
    join(dest, 'ala2_phi_ti_vs_metad.png'),
    [
      { x: xs, y: close(fti), color: [200, 30, 30], label: 'TI of restrained mean force' },
      { x: xs, y: close(fm), color: [30, 30, 200], label: `WT-METAD ${tEnd} ps` },
      { x: xs, y: close(fmHalf), color: [120, 120, 220], label: `WT-METAD ${tEnd / 2} ps` },
    ],
    { title: 'alanine dipeptide, 300 K, vacuum: F(phi)', xLabel: 'phi (degrees)', yLabel: 'F (kJ/mol)' },
  );
  writeFileSync(join(out, 'report.json'), JSON.stringify(res, null, 1));
  if (argv.includes('--docs')) writeFileSync(join(dest, 'results.json'), JSON.stringify(res, null, 1));
}
