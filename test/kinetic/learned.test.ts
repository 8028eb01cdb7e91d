import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GradClosure, type MomentClosure } from '../../src/kinetic/closure.js';
import { kineticMain } from '../../src/kinetic/cli.js';
import { generateData } from '../../src/kinetic/dataset.js';
import { randomFourier, sampleInitial } from '../../src/kinetic/initial_data.js';
import { LearnedClosure } from '../../src/kinetic/learned_closure.js';
import { gaussMoment, normalizedCentral, rawFromNormalized } from '../../src/kinetic/moment_algebra.js';
import { MomentSolver } from '../../src/kinetic/moment_solver.js';
import { readSnapshotFile } from '../../src/kinetic/snapshot_file.js';
import { autoencoderLoss, closureLoss, fitScales } from '../../src/kinetic/train_closure.js';
import { makeVelocityGrid } from '../../src/kinetic/velocity_grid.js';
import { zeroGrads, type Param } from '../../src/nn/param.js';
import { Rng } from '../../src/nn/rng.js';

function maxGradError(params: Param[], loss: (grad: boolean) => number): number {
  zeroGrads(params);
  loss(true);
  let worst = 0;
  const h = 1e-6;
  for (const p of params)
    for (let i = 0; i < p.value.length; i += Math.max(1, Math.floor(p.value.length / 7))) {
      const v = p.value[i];
      p.value[i] = v + h;
      const lp = loss(false);
      p.value[i] = v - h;
      const lm = loss(false);
      p.value[i] = v;
      const fd = (lp - lm) / (2 * h);
      // a gradient that is zero by construction (the closure net's output bias cancels in C(W) − C(0)) has
      // central differences at roundoff (~1e-10): compare those absolutely
      if (Math.abs(p.grad[i]) < 1e-12 && Math.abs(fd) < 1e-9) continue;
      worst = Math.max(worst, Math.abs(fd - p.grad[i]) / (Math.abs(fd) + 1e-8));
    }
  return worst;
}

describe('moment algebra and Grad closures', () => {
  it('Grad closures: N = 2 is Euler (μ̂3 = 0), N = 3 gives μ̂4 = 3; raw/central moments round trip', () => {
    const hat = new Float64Array([1, 0, 1, 0.4]);
    const out = new Float64Array(1);
    new GradClosure(2).evaluate(hat, 1, 1, out);
    expect(out[0]).toBe(0);
    new GradClosure(3).evaluate(hat, 1, 1, out);
    expect(out[0]).toBeCloseTo(3, 14);
    const h = new Float64Array([1, 0, 1, 0.3, 3.5, -0.2]);
    const m = Array.from({ length: 6 }, (_, p) => rawFromNormalized(0.8, 0.4, 1.3, h, 0, p));
    const back = new Float64Array(6),
      prim = new Float64Array(3);
    expect(normalizedCentral(m, 0, 5, back, 0, prim)).toBe(true);
    for (let p = 0; p < 6; p++) expect(back[p]).toBeCloseTo(h[p], 10);
    expect(gaussMoment(6)).toBe(15);
  });
});

describe('learned closure', () => {
  const grid = makeVelocityGrid(24, 6);
  const model = new LearnedClosure({ order: 4, hidden: [6], decoderHidden: [5], nxi: 12, xiMax: 5 });
  model.init(new Rng(3));
  const data = generateData(
    {
      nx: 12,
      length: 1,
      grid,
      cfl: 0.5,
      smoothCases: 2,
      riemannCases: 1,
      snapshots: 2,
      tEnd: 0.05,
      epsMin: 1e-2,
      epsMax: 10,
      modes: 2,
      seed: 4,
    },
    4,
    model.xi,
  );
  fitScales(model, data.samples);
  const rows = [0, 5, 17, 40, 63];

  it('autoencoder gradients (encoder A and decoder) equal central differences', () => {
    expect(maxGradError(model.autoencoderParams(), (g) => autoencoderLoss(model, data.samples, rows, g))).toBeLessThan(
      1e-5,
    );
  });

  it('closure network gradients equal central differences', () => {
    expect(maxGradError(model.closureParams(), (g) => closureLoss(model, data.samples, rows, g))).toBeLessThan(1e-5);
  });

  it('model.json round trip gives the same closure', () => {
    const copy = LearnedClosure.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const hat = new Float64Array([1, 0, 1, 0.2, 3.1, 1, 0, 1, -0.1, 2.8]);
    const a = new Float64Array(2),
      b = new Float64Array(2);
    model.evaluate(hat, 2, 0.5, a);
    copy.evaluate(hat, 2, 0.5, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('moment solver', () => {
  it('conserves rho, rho u, E on a periodic domain whatever the closure returns', () => {
    const ic = randomFourier(new Rng(8), 2);
    const s = new MomentSolver({ nx: 32, length: 1, eps: 0.1, cfl: 0.5, boundary: 'periodic' }, new GradClosure(4));
    const p = sampleInitial(ic, 32, 1);
    s.setMaxwellian(p.rho, p.u, p.T);
    const sum = () => [0, 1, 2].map((k) => s.q.filter((_, i) => i % 5 === k).reduce((a, b) => a + b, 0));
    const a = sum();
    s.run(0.05);
    const b = sum();
    for (let k = 0; k < 3; k++) expect(Math.abs(b[k] - a[k])).toBeLessThan(1e-12 * (Math.abs(a[k]) + a[0]));
  });

  it('detects loss of hyperbolicity and keeps going with the Rusanov speed from the eigenvalue moduli', () => {
    // μ̂4 = −3 makes λ̂⁴ − ... have complex roots: the 4-moment system is not hyperbolic there
    const bad: MomentClosure = {
      name: 'bad',
      order: 3,
      evaluate: (_h, batch, _e, out) => out.fill(-3, 0, batch),
    };
    const ic = randomFourier(new Rng(9), 1);
    const s = new MomentSolver({ nx: 16, length: 1, eps: 1e-3, cfl: 0.5, boundary: 'periodic' }, bad);
    const p = sampleInitial(ic, 16, 1);
    s.setMaxwellian(p.rho, p.u, p.T);
    s.run(0.01);
    expect(s.hyperbolicity.lostCellSteps).toBeGreaterThan(0);
    expect(s.hyperbolicity.firstLossTime).toBe(0);
    const g = new MomentSolver({ nx: 16, length: 1, eps: 1e-3, cfl: 0.5, boundary: 'periodic' }, new GradClosure(3));
    g.setMaxwellian(p.rho, p.u, p.T);
    g.run(0.01);
    expect(g.hyperbolicity.lostCellSteps).toBe(0);
  });
});

describe('dpmd kinetic', () => {
  const capture = async (argv: string[]) => {
    const err: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    const origLog = console.log;
    process.stderr.write = ((s: string) => {
      err.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    console.log = () => {};
    try {
      return { code: await kineticMain(argv), err: err.join('') };
    } finally {
      process.stderr.write = orig;
      console.log = origLog;
    }
  };

  it('trains and evaluates from the shipped CI config, writing result.json, profiles and the data file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kinetic-'));
    const r = await capture(['configs/kinetic/small.json', '--out', out, '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(res.eps).toEqual([1e-2, 10]);
    for (const k of ['learned', 'euler', 'moments']) {
      expect(res.rel_l2[k]).toHaveLength(2);
      for (const e of res.rel_l2[k]) expect(e).toBeLessThan(0.1);
    }
    expect(res.wall_seconds.kinetic).toBeGreaterThan(0);
    const csv = readFileSync(join(out, 'profiles_10.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('x,rho_kinetic,u_kinetic,T_kinetic,rho_learned,u_learned,T_learned,rho_euler,u_euler,T_euler');
    expect(csv.length).toBe(32 + 2);
    const snap = readSnapshotFile(join(out, 'data.kin'));
    expect(snap.header.snapshots).toHaveLength(5 * 4);
    expect(snap.data.length).toBe(20 * 32 * 32);
    expect(existsSync(join(out, 'profiles_10_rho.png'))).toBe(true);
  });

  it('solve: Sod at eps 1e-4 writes profiles.csv and solve.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kinetic-'));
    const cfg = join(out, 'sod.json');
    const sod = JSON.parse(readFileSync('configs/kinetic/sod.json', 'utf8'));
    sod.grid.nx = 40;
    writeFileSync(cfg, JSON.stringify(sod));
    const r = await capture(['solve', cfg, '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'solve.json'), 'utf8'))).toMatchObject({
      gamma: 3,
      t_end: 0.1,
      eps: 1e-4,
    });
    const rows = readFileSync(join(out, 'profiles.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('x,rho_kinetic,u_kinetic,T_kinetic');
    expect(rows).toHaveLength(41);
    expect(Number(rows[1].split(',')[1])).toBeCloseTo(1, 6); // undisturbed left state
  });

  it.each([
    [{ eps: -1 }, /eps: must be > 0/],
    [{ grid: { nx: 40, nv: 32, cfl: 1.5 } }, /cfl: 1.5 is above the stable limit/],
    [{ epz: 1 }, /unknown key 'epz'/],
    [{ grid: { nx: 40, nv: 32, velocity_dim: 3 } }, /only 1-D velocities/],
  ])('bad solve config %j: ERROR and exit 1', async (patch, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'kinetic-'));
    const cfg = join(out, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ ...JSON.parse(readFileSync('configs/kinetic/sod.json', 'utf8')), ...patch }));
    const r = await capture(['solve', cfg, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ERROR: /);
    expect(r.err).toMatch(msg);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
