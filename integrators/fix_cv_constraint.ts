import { closeSync, openSync, writeSync } from 'node:fs';
import { type BlueMoonSample, metricTerms } from '../src/freeenergy/blue_moon.js';
import { type ConstraintCv, DistanceCv, TorsionCv, wrapPi } from '../src/freeenergy/constraint_cv.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group cv/constraint torsion a b c d | distance a b  temp T  [target X] [tol X] [maxiter N]
 *     [file F] [every N]
 *
 * Holds one collective variable ξ (a dihedral in degrees, or a distance) of the atoms with IDs a, b, ...
 * fixed by SHAKE (positions) and RATTLE (velocities) in velocity Verlet, and measures the blue-moon mean
 * force dA/dξ = ⟨Z^{−1/2}(λ + kT G)⟩/⟨Z^{−1/2}⟩ (src/freeenergy/blue_moon.ts) from the Lagrange multiplier.
 *
 * Step n → n+1 with the gradient g⁰ = ∇ξ(xₙ) kept from the previous step, dtf = dt/2·ftm2v:
 *   postIntegrate (after the drift x̃ = xₙ + dt vₙ₊½): x = x̃ + μ M⁻¹g⁰ with μ solved by Newton so that
 *     wrap(ξ(x) − ξ₀) < tol; the half-step velocity gets μ/dt·M⁻¹g⁰. This is the constraint force λ₁g⁰ in
 *     the first half kick, λ₁ = μ/(dt·dtf).
 *   finalIntegrate (after the last half kick, so this fix must come after every integration fix): with
 *     g¹ = ∇ξ(xₙ₊₁), v += dtf λ₂ M⁻¹g¹, λ₂ = −g¹·v/(dtf Z¹) so that ξ̇ = g¹·v = 0.
 * The constraint force at xₙ acts in the two half kicks around it, so the sample at xₙ is λ = (λ₂ + λ₁)/2
 * with Z and G at xₙ (energy per CV unit; per radian for a torsion). Samples start at the second step of
 * each run (the first has no λ₂ before it).
 *
 * Outputs: f_ID the running blue-moon mean force since the fix was defined (energy/CV); f_ID[1..4] the
 * last λ, Z, G and the running plain ⟨λ⟩. `file F every N` writes `step xi lambda Z G` every N steps
 * (xi in degrees for a torsion) for block averaging. The fix removes one degree of freedom from groups
 * holding all its atoms.
 */
export class FixCvConstraint implements Fix {
  readonly style = 'cv/constraint';
  readonly vectorLength = 4;
  readonly extensive = false;
  private readonly k: number;
  private readonly idx: Int32Array;
  private readonly p: Float64Array;
  private readonly m: Float64Array;
  private readonly g0: Float64Array;
  private readonly g: Float64Array;
  private readonly u: Float64Array;
  private readonly hu: Float64Array;
  private readonly metric: BlueMoonSample = { z: 0, g: 0 };
  private z0 = 0;
  private gcurv0 = 0;
  private lambda2 = 0;
  private haveLambda2 = false;
  private lastLambda = 0;
  private sumW = 0;
  private sumWF = 0;
  private sumL = 0;
  private count = 0;
  private fd = -1;
  private kT = 0;

  constructor(
    readonly id: string,
    readonly cv: ConstraintCv,
    readonly tags: Int32Array,
    /** Target in internal units (rad or length). */
    readonly target: number | null,
    readonly temperature: number,
    readonly tol: number,
    readonly maxiter: number,
    private readonly file: string | null,
    readonly every: number,
  ) {
    this.k = cv.natoms;
    const n3 = 3 * this.k;
    this.idx = new Int32Array(this.k).fill(-1);
    this.p = new Float64Array(n3);
    this.m = new Float64Array(this.k);
    this.g0 = new Float64Array(n3);
    this.g = new Float64Array(n3);
    this.u = new Float64Array(n3);
    this.hu = new Float64Array(n3);
  }

  /** The value held (internal units), set at the first init when no target was given. */
  xi0 = Number.NaN;

  init(sim: Simulation): void {
    const i = sim.fixes.indexOf(this);
    for (const f of sim.fixes.slice(i + 1))
      if (f.initialIntegrate || f.finalIntegrate)
        throw new Error(
          `fix ${this.id} cv/constraint must come after all integration fixes (fix ${f.id} ${f.style} is defined after it)`,
        );
    this.kT = sim.system.units.boltz * this.temperature;
    this.locate(sim);
    const xi = this.gather(sim);
    if (Number.isNaN(this.xi0)) this.xi0 = this.target ?? xi;
    const miss = this.diff(xi);
    const limit = this.cv.periodic ? (10 * Math.PI) / 180 : 0.1;
    if (Math.abs(miss) > limit)
      throw new Error(
        `fix ${this.id} cv/constraint: the ${this.cv.kind} is ${this.show(xi)}, too far from the target ${this.show(this.xi0)} ` +
          'to project onto it (equilibrate with a restraint first)',
      );
    // Project the positions onto ξ = ξ₀ along M⁻¹∇ξ, then remove the velocity along ∇ξ.
    this.cv.gradient(this.p, this.g0);
    this.shake(sim, 0);
    this.haveLambda2 = false;
    this.rattle(sim, 1);
    this.haveLambda2 = false;
    if (this.file !== null && this.fd < 0) {
      this.fd = openSync(this.file, 'w');
      const unit = this.cv.periodic ? 'deg' : 'length';
      writeSync(
        this.fd,
        `# fix ${this.id} cv/constraint ${this.cv.kind}: step xi(${unit}) lambda(energy/CV) Z G(1/CV)\n`,
      );
    }
  }

  /** postIntegrate: SHAKE on the drifted positions. */
  postIntegrate(sim: Simulation): void {
    this.locate(sim);
    const dtf = 0.5 * sim.dt * sim.system.units.ftm2v;
    const lambda1 = this.shake(sim, sim.dt) / (sim.dt * dtf);
    if (this.haveLambda2) {
      const lam = 0.5 * (this.lambda2 + lambda1);
      this.lastLambda = lam;
      const w = 1 / Math.sqrt(this.z0);
      this.sumW += w;
      this.sumWF += w * (lam + this.kT * this.gcurv0);
      this.sumL += lam;
      this.count++;
      if (this.fd >= 0 && (sim.step - 1) % this.every === 0) {
        // the sample belongs to xₙ, step − 1
        const xs = this.cv.periodic ? (this.xi0 * 180) / Math.PI : this.xi0;
        writeSync(this.fd, `${sim.step - 1} ${xs} ${lam} ${this.z0} ${this.gcurv0}\n`);
      }
    }
  }

  finalIntegrate(sim: Simulation): void {
    this.rattle(sim, 0.5 * sim.dt * sim.system.units.ftm2v);
  }

  /**
   * Newton on μ for ξ(x̃ + μ M⁻¹g⁰) = ξ₀; moves the atoms, adds μ/dt M⁻¹g⁰ to their velocities when dt > 0.
   * Returns μ.
   */
  private shake(sim: Simulation, dt: number): number {
    const { x, v } = sim.system;
    const k = this.k;
    const p = this.p,
      g = this.g,
      g0 = this.g0,
      m = this.m;
    this.gather(sim);
    const base = Float64Array.from(p);
    let mu = 0;
    for (let it = 0; ; it++) {
      const xi = this.cv.gradient(p, g);
      const sigma = this.diff(xi);
      if (Math.abs(sigma) <= this.tol) break;
      if (it >= this.maxiter)
        throw new Error(
          `fix ${this.id} cv/constraint: SHAKE did not converge in ${this.maxiter} iterations (|ξ − ξ₀| = ${Math.abs(sigma)})`,
        );
      let d = 0;
      for (let j = 0; j < 3 * k; j++) d += (g[j] * g0[j]) / m[Math.floor(j / 3)];
      if (!(Math.abs(d) > 0)) throw new Error(`fix ${this.id} cv/constraint: SHAKE lost the gradient (∇ξ·M⁻¹∇ξ⁰ = 0)`);
      mu -= sigma / d;
      for (let j = 0; j < 3 * k; j++) p[j] = base[j] + (mu * g0[j]) / m[Math.floor(j / 3)];
    }
    for (let a = 0; a < k; a++) {
      const i = this.idx[a];
      for (let c = 0; c < 3; c++) {
        const dx = (mu * g0[3 * a + c]) / m[a];
        x[3 * i + c] += dx;
        if (dt > 0) v[3 * i + c] += dx / dt;
      }
    }
    return mu;
  }

  /** RATTLE: v += dtf λ₂ M⁻¹g¹ with g¹·v = 0; stores g¹, Z, G of the new positions for the next step. */
  private rattle(sim: Simulation, dtf: number): void {
    const v = sim.system.v;
    const k = this.k;
    this.locate(sim);
    this.gather(sim);
    metricTerms(this.cv, this.p, this.m, this.g, this.u, this.hu, this.metric);
    let gv = 0;
    for (let a = 0; a < k; a++) {
      const i = this.idx[a];
      for (let c = 0; c < 3; c++) gv += this.g[3 * a + c] * v[3 * i + c];
    }
    const lambda2 = -gv / (dtf * this.metric.z);
    for (let a = 0; a < k; a++) {
      const i = this.idx[a];
      for (let c = 0; c < 3; c++) v[3 * i + c] += dtf * lambda2 * this.u[3 * a + c];
    }
    this.g0.set(this.g);
    this.z0 = this.metric.z;
    this.gcurv0 = this.metric.g;
    this.lambda2 = lambda2;
    this.haveLambda2 = true;
  }

  /** Local indices of the atoms (kept while the atom order does not change) and their masses. */
  private locate(sim: Simulation): void {
    const s = sim.system;
    for (let a = 0; a < this.k; a++) {
      const i = this.idx[a];
      if (i >= 0 && i < s.n && s.tag[i] === this.tags[a]) continue;
      this.idx[a] = -1;
      for (let j = 0; j < s.n; j++) if (s.tag[j] === this.tags[a]) this.idx[a] = j;
      if (this.idx[a] < 0) throw new Error(`fix ${this.id} cv/constraint: no atom with ID ${this.tags[a]}`);
      this.m[a] = s.massOf(this.idx[a]);
    }
  }

  /** Positions of the atoms in one image into p (each the minimum image from the previous one); returns ξ. */
  private gather(sim: Simulation): number {
    const { x, box } = sim.system;
    const p = this.p;
    for (let a = 0; a < this.k; a++) {
      const i = this.idx[a];
      if (a === 0) {
        for (let c = 0; c < 3; c++) p[c] = x[3 * i + c];
        continue;
      }
      const j = this.idx[a - 1];
      for (let c = 0; c < 3; c++) p[3 * a + c] = x[3 * i + c] - x[3 * j + c];
      box.minimumImage(p, 3 * a);
      for (let c = 0; c < 3; c++) p[3 * a + c] += p[3 * (a - 1) + c];
    }
    return this.cv.gradient(p, this.g);
  }

  private diff(xi: number): number {
    return this.cv.periodic ? wrapPi(xi - this.xi0) : xi - this.xi0;
  }

  private show(xi: number): string {
    return this.cv.periodic ? `${((xi * 180) / Math.PI).toFixed(3)} degrees` : `${xi}`;
  }

  dofRemoved(sim: Simulation, groupBit: number): number {
    const s = sim.system;
    for (const t of this.tags) {
      let inGroup = false;
      for (let j = 0; j < s.n; j++) if (s.tag[j] === t) inGroup = (s.mask[j] & groupBit) !== 0;
      if (!inGroup) return 0;
    }
    return 1;
  }

  /** Running blue-moon mean force (energy/CV; NaN before the first sample). */
  computeScalar(): number {
    return this.count > 0 ? this.sumWF / this.sumW : Number.NaN;
  }

  computeVector(_sim: Simulation, i: number): number {
    if (i === 0) return this.lastLambda;
    if (i === 1) return this.z0;
    if (i === 2) return this.gcurv0;
    return this.count > 0 ? this.sumL / this.count : Number.NaN;
  }

  permute(): void {
    this.idx.fill(-1);
  }

  /**
   * Closes the sample file. The Fix contract has no destroy hook, so an unfixed fix keeps its descriptor
   * open; every row is written unbuffered (writeSync), so the file is complete at any time.
   */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function num(s: string | undefined, what: string): number {
  const v = Number(s);
  if (s === undefined || s.trim() === '' || !Number.isFinite(v))
    throw new Error(`Illegal fix cv/constraint command: ${what} expects a number, got '${s ?? ''}'`);
  return v;
}

function posInt(s: string | undefined, what: string): number {
  const v = num(s, what);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`Illegal fix cv/constraint command: ${what} expects a positive integer, got '${s}'`);
  return v;
}

export function createFixCvConstraint(
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
  files?: FilePaths,
): Fix {
  groupBitOf(sim, group);
  const usage =
    'use fix ID group cv/constraint torsion a b c d | distance a b temp T [target X] [tol X] [maxiter N] [file F] [every N]';
  const kind = args[0];
  let cv: ConstraintCv;
  if (kind === 'torsion') cv = new TorsionCv();
  else if (kind === 'distance') cv = new DistanceCv();
  else throw new Error(`Illegal fix cv/constraint command: unknown CV '${kind ?? ''}': ${usage}`);
  const tags = new Int32Array(cv.natoms);
  for (let a = 0; a < cv.natoms; a++) tags[a] = posInt(args[1 + a], `${kind} atom ID ${a + 1}`);
  if (new Set(tags).size !== tags.length)
    throw new Error(`Illegal fix cv/constraint command: repeated atom ID in ${kind}`);
  let temperature: number | null = null;
  let target: number | null = null;
  let tol = 1e-10; // rad or length
  let maxiter = 100;
  let file: string | null = null;
  let every = 1;
  for (let i = 1 + cv.natoms; i < args.length; i += 2) {
    const key = args[i];
    const val = args[i + 1];
    if (val === undefined) throw new Error(`Illegal fix cv/constraint command: missing value after '${key}'`);
    if (key === 'temp') {
      temperature = num(val, 'temp');
      if (!(temperature > 0)) throw new Error(`Illegal fix cv/constraint command: temp must be > 0, got ${val}`);
    } else if (key === 'target') {
      target = num(val, 'target');
      if (cv.periodic) target = wrapPi((target * Math.PI) / 180);
      else if (!(target > 0)) throw new Error(`Illegal fix cv/constraint command: a distance target must be > 0`);
    } else if (key === 'tol') {
      tol = num(val, 'tol');
      if (!(tol > 0)) throw new Error(`Illegal fix cv/constraint command: tol must be > 0, got ${val}`);
    } else if (key === 'maxiter') maxiter = posInt(val, 'maxiter');
    else if (key === 'file') file = files ? files.outputPath(val) : val;
    else if (key === 'every') every = posInt(val, 'every');
    else throw new Error(`Illegal fix cv/constraint command: unknown keyword '${key}': ${usage}`);
  }
  if (temperature === null)
    throw new Error(`Illegal fix cv/constraint command: temp T is required (the kT of the metric term): ${usage}`);
  return new FixCvConstraint(id, cv, tags, target, temperature, tol, maxiter, file, every);
}
