import { readFileSync } from 'node:fs';
import { erfc } from '../src/erfc.js';
import type { ComputeFlags, ForceBuffers, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { acceptNoOpModify } from './pair_modify_noop.js';

/** Grid points of the tables (LAMMPS setfl->nr). */
const NR = 5000;

/** One element of an ffield.eim file (`element:` line). */
interface EimElement {
  mass: number;
  negativity: number;
  q0: number;
}

/** One element pair (`pair:` entry, three lines). */
interface EimPair {
  rcutphiA: number;
  rcutphiR: number;
  Eb: number;
  r0: number;
  alpha: number;
  beta: number;
  rcutq: number;
  Asigma: number;
  rq: number;
  rcutsigma: number;
  Ac: number;
  zeta: number;
  rs: number;
  tp: number;
}

/**
 * pair_style eim (LAMMPS PairEIM, 29 Sep 2021; Zhou's embedded-ion method):
 *   E = Σ_{i<j} [φ_ij(r_ij) − q0_i q0_j ψ_ij(r_ij)] + Σ_i ½ q_i σ_i,
 *   q_i = Σ_j η_ji(r_ij),  σ_i = Σ_j q_j ψ_ij(r_ij)
 * with η_ij = A_σ (χ_j − χ_i) f_c(r; r_q, r_cq) (electronegativity difference), ψ_ij =
 * A_c e^{−ζ r} f_c(r; r_s, r_cσ), φ_ij of type 1 (exponential) or 2 (power law) attraction and
 * repulsion each cut by f_c(r; r0, r_c), f_c = (erfc(a) − erfc(r_small))/(erfc(r_big) − erfc(r_small)),
 * a linear in r from r_big at r_p to r_small at r_c (`global:` line). Each function is tabulated on
 * 5000 points from 0 to the largest cutoff (r < 0.2 evaluated at 0.2) and splined as LAMMPS's
 * PairEIM::interpolate (EAM-style 7-coefficient cubic, last slope 0); half neighbor list, densities
 * folded to owners as LAMMPS's reverse/forward communication. `pair_coeff * * E1 ... Em file T1 ... Tn`
 * names the m elements read from the file, then one element (or NULL) per atom type; the masses of
 * mapped types are set from the file, as LAMMPS.
 */
export class PairEIM implements PairStyle {
  readonly style = 'eim';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  private nelements = 0;
  private map: Int32Array = new Int32Array(0);
  private elems: EimElement[] = [];
  private pairs: EimPair[] = [];
  private rbig = 0;
  private rsmall = 0;
  private rdr = 0;
  /** Per element-pair cutoff (largest of its four). */
  private cuts = new Float64Array(0);
  /** Splines (rows 0..NR of 7) of F_ij (n² tables), G_ij and φ_ij (n(n+1)/2 tables each), zero table last. */
  private fSpline = new Float64Array(0);
  private gSpline = new Float64Array(0);
  private phiSpline = new Float64Array(0);
  private type2F = new Int32Array(0);
  private type2G = new Int32Array(0);
  private type2Phi = new Int32Array(0);
  private q0 = new Float64Array(0);
  private cutforcesq = new Float64Array(0);
  private ntypes = 0;
  private rho = new Float64Array(0);
  private fp = new Float64Array(0);

  settings(args: string[]): void {
    if (args.length > 0) throw new Error('Illegal pair_style command: pair eim takes no arguments');
  }

  coeff(args: string[], system: AtomSystem): void {
    const ntypes = system.ntypes;
    if (args.length < 5 || args[0] !== '*' || args[1] !== '*')
      throw new Error('Incorrect args for pair coefficients: pair eim takes pair_coeff * * E1 ... Em file T1 ... Tn');
    const n = args.length - 3 - ntypes;
    if (n < 1)
      throw new Error(
        `Incorrect args for pair coefficients: pair eim needs the element names, the file and one element (or NULL) per atom type (${ntypes} types)`,
      );
    const names = args.slice(2, 2 + n);
    this.nelements = n;
    this.readFile(args[2 + n], names);
    const map = new Int32Array(ntypes + 1).fill(-1);
    for (let t = 1; t <= ntypes; t++) {
      const a = args[2 + n + t];
      const e = names.indexOf(a);
      if (e >= 0) map[t] = e;
      else if (a !== 'NULL')
        throw new Error(`Incorrect args for pair coefficients: pair eim: '${a}' is not one of ${names.join(' ')}`);
    }
    if (!map.some((m) => m >= 0)) throw new Error('Incorrect args for pair coefficients: pair eim maps no type');
    for (let t = 1; t <= ntypes; t++)
      if (map[t] >= 0) {
        system.mass[t] = this.elems[map[t]].mass;
        system.massSet[t] = true;
      }
    this.map = map;
    this.ntypes = ntypes;
    this.setupTables();
  }

  /** LAMMPS grabglobal/grabsingle/grabpair: the `global:`, `element:` and `pair:` entries of the named elements. */
  private readFile(path: string, names: string[]): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`Cannot open EIM potential file ${path}`);
    }
    const lines = text.split('\n').map((l) => {
      const h = l.indexOf('#');
      return (h >= 0 ? l.slice(0, h) : l).trim().split(/\s+/).filter(Boolean);
    });
    const num = (w: string | undefined, ln: number) => {
      const v = Number(w);
      if (w === undefined || !Number.isFinite(v))
        throw new Error(`Error reading EIM potential file ${path}:${ln + 1}: expected a number, got '${w ?? ''}'`);
      return v;
    };
    const g = lines.findIndex((w) => w[0] === 'global:');
    if (g < 0) throw new Error(`Could not grab global entry from EIM potential file ${path}`);
    // division, rbig, rsmall
    this.rbig = num(lines[g][2], g);
    this.rsmall = num(lines[g][3], g);
    this.elems = names.map((name) => {
      const k = lines.findIndex((w) => w[0] === 'element:' && w[1] === name);
      if (k < 0) throw new Error(`Could not grab element entry from EIM potential file ${path} (${name})`);
      const w = lines[k];
      return { mass: num(w[3], k), negativity: num(w[4], k), q0: num(w[8], k) };
    });
    const n = names.length;
    const pairs: EimPair[] = new Array((n * (n + 1)) / 2);
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        const k = lines.findIndex(
          (w) =>
            w[0] === 'pair:' && ((w[1] === names[i] && w[2] === names[j]) || (w[1] === names[j] && w[2] === names[i])),
        );
        if (k < 0)
          throw new Error(`Could not grab pair entry from EIM potential file ${path} (${names[i]} ${names[j]})`);
        // The entry spans three lines; '&' ends the first two.
        const v = [...lines[k].slice(3), ...(lines[k + 1] ?? []), ...(lines[k + 2] ?? [])].filter((w) => w !== '&');
        const x = (m: number) => num(v[m], k);
        pairs[this.pairIndex(i, j)] = {
          rcutphiA: x(0),
          rcutphiR: x(1),
          Eb: x(2),
          r0: x(3),
          alpha: x(4),
          beta: x(5),
          rcutq: x(6),
          Asigma: x(7),
          rq: x(8),
          rcutsigma: x(9),
          Ac: x(10),
          zeta: x(11),
          rs: x(12),
          tp: Math.trunc(x(13)),
        };
      }
    this.pairs = pairs;
  }

  /** LAMMPS's ij of an element pair: i for i = j, else n(i+1) − (i+1)(i+2)/2 + j with i < j. */
  private pairIndex(i: number, j: number): number {
    const n = this.nelements;
    if (i === j) return i;
    const a = Math.min(i, j),
      b = Math.max(i, j);
    return n * (a + 1) - ((a + 1) * (a + 2)) / 2 + b;
  }

  private funcCutoff(rp: number, rc: number, r: number): number {
    const rbig = this.rbig,
      rsmall = this.rsmall;
    let a = ((rsmall - rbig) / (rc - rp)) * (r - rp) + rbig;
    a = erfc(a);
    const b = erfc(rbig);
    const c = erfc(rsmall);
    return (a - c) / (b - c);
  }

  private funcPhi(i: number, j: number, r: number): number {
    const p = this.pairs[this.pairIndex(i, j)];
    let value = 0.0;
    if (r < 0.2) r = 0.2;
    if (p.tp === 1) {
      const a = (p.Eb * p.alpha) / (p.beta - p.alpha);
      const b = (p.Eb * p.beta) / (p.beta - p.alpha);
      if (r < p.rcutphiA) value -= a * Math.exp(-p.beta * (r / p.r0 - 1.0)) * this.funcCutoff(p.r0, p.rcutphiA, r);
      if (r < p.rcutphiR) value += b * Math.exp(-p.alpha * (r / p.r0 - 1.0)) * this.funcCutoff(p.r0, p.rcutphiR, r);
    } else if (p.tp === 2) {
      const a = (p.Eb * p.alpha * Math.pow(p.r0, p.beta)) / (p.beta - p.alpha);
      const b = ((a * p.beta) / p.alpha) * Math.pow(p.r0, p.alpha - p.beta);
      if (r < p.rcutphiA) value -= (a / Math.pow(r, p.beta)) * this.funcCutoff(p.r0, p.rcutphiA, r);
      if (r < p.rcutphiR) value += (b / Math.pow(r, p.alpha)) * this.funcCutoff(p.r0, p.rcutphiR, r);
    }
    return value;
  }

  private funcSigma(i: number, j: number, r: number): number {
    const p = this.pairs[this.pairIndex(i, j)];
    if (r < 0.2) r = 0.2;
    if (r < p.rcutq)
      return p.Asigma * (this.elems[j].negativity - this.elems[i].negativity) * this.funcCutoff(p.rq, p.rcutq, r);
    return 0.0;
  }

  private funcCoul(i: number, j: number, r: number): number {
    const p = this.pairs[this.pairIndex(i, j)];
    if (r < 0.2) r = 0.2;
    if (r < p.rcutsigma) return p.Ac * Math.exp(-p.zeta * r) * this.funcCutoff(p.rs, p.rcutsigma, r);
    return 0.0;
  }

  /** LAMMPS read_file's tables, file2array and array2spline. */
  private setupTables(): void {
    const n = this.nelements;
    let cut = 0;
    for (const p of this.pairs) cut = Math.max(cut, p.rcutphiA, p.rcutphiR, p.rcutq, p.rcutsigma);
    // LAMMPS: cut < each in turn, i.e. the maximum.
    const dr = cut / (NR - 1.0);
    this.rdr = 1.0 / dr;
    this.cuts = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const p = this.pairs[this.pairIndex(i, j)];
        let c = p.rcutphiA;
        if (c < p.rcutphiR) c = p.rcutphiR;
        if (c < p.rcutq) c = p.rcutq;
        if (c < p.rcutsigma) c = p.rcutsigma;
        this.cuts[i * n + j] = c;
      }
    const table = (fn: (r: number) => number) => {
      const t = new Float64Array(NR + 1);
      for (let k = 0; k < NR; k++) t[k + 1] = fn(k * dr);
      return t;
    };
    // F: all n² ordered pairs then zeros; G and φ: i >= j (lower triangle) then zeros.
    const F: Float64Array[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) F.push(table((r) => this.funcSigma(i, j, r)));
    F.push(new Float64Array(NR + 1));
    const G: Float64Array[] = [];
    const P: Float64Array[] = [];
    // setfl->Gij[i][j] for i > j copies [j][i], which is funccoul(j, i): the same pair parameters.
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        G.push(table((r) => this.funcCoul(j, i, r)));
        P.push(table((r) => this.funcPhi(j, i, r)));
      }
    G.push(new Float64Array(NR + 1));
    P.push(new Float64Array(NR + 1));
    const spline = (tabs: Float64Array[]) => {
      const out = new Float64Array(tabs.length * (NR + 1) * 7);
      for (let k = 0; k < tabs.length; k++) eimInterpolate(NR, dr, tabs[k], out, k * (NR + 1) * 7);
      return out;
    };
    this.fSpline = spline(F);
    this.gSpline = spline(G);
    this.phiSpline = spline(P);
    // type -> table maps (file2array).
    const nt = this.ntypes;
    const map = this.map;
    this.type2F = new Int32Array((nt + 1) * (nt + 1));
    this.type2G = new Int32Array((nt + 1) * (nt + 1));
    this.type2Phi = new Int32Array((nt + 1) * (nt + 1));
    this.q0 = new Float64Array(nt + 1);
    this.cutforcesq = new Float64Array((nt + 1) * (nt + 1));
    for (let i = 1; i <= nt; i++) this.q0[i] = map[i] < 0 ? 0.0 : this.elems[map[i]].q0;
    for (let i = 1; i <= nt; i++)
      for (let j = 1; j <= nt; j++) {
        const s = i * (nt + 1) + j;
        let irow = map[i],
          icol = map[j];
        if (irow < 0 || icol < 0) {
          this.cutforcesq[s] = cut * cut;
          this.type2F[s] = F.length - 1;
          this.type2G[s] = G.length - 1;
          this.type2Phi[s] = P.length - 1;
          continue;
        }
        const c = this.cuts[irow * n + icol];
        this.cutforcesq[s] = c * c;
        this.type2F[s] = irow * n + icol;
        if (irow < icol) [irow, icol] = [icol, irow];
        const lt = (irow * (irow + 1)) / 2 + icol;
        this.type2G[s] = lt;
        this.type2Phi[s] = lt;
      }
  }

  /**
   * The file argument of `pair_coeff * * E1 ... Em file T1 ... Tn`: the first argument after `* *`
   * with a '.' or '/' (element names have none), else the middle one (m = n).
   */
  coeffFileArg(args: string[]): number {
    for (let k = 2; k < args.length; k++) if (/[./]/.test(args[k])) return k;
    return 2 + Math.floor((args.length - 3) / 2);
  }

  modify(args: string[]): void {
    acceptNoOpModify(this.style, args);
  }

  init(system: AtomSystem): void {
    if (this.nelements === 0)
      throw new Error('All pair coeffs are not set (pair eim: use pair_coeff * * E1 ... file T1 ...)');
    for (let i = 1; i <= system.ntypes; i++)
      if (this.map[i] < 0) throw new Error(`All pair coeffs are not set (pair eim: type ${i} is mapped to NULL)`);
  }

  cutoff(): number {
    let c = 0;
    for (let k = 0; k < this.cutforcesq.length; k++) c = Math.max(c, this.cutforcesq[k]);
    return Math.sqrt(c);
  }

  typeCutoff(itype: number, jtype: number): number {
    return Math.sqrt(this.cutforcesq[itype * (this.ntypes + 1) + jtype]);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      gmap = g.map,
      f = out.f;
    const nlocal = g.nlocal,
      nall = g.nall;
    if (this.rho.length < nall) {
      this.rho = new Float64Array(Math.ceil(nall * 1.2) + 16);
      this.fp = new Float64Array(this.rho.length);
    }
    const rho = this.rho,
      fp = this.fp;
    rho.fill(0, 0, nall);
    fp.fill(0, 0, nall);
    const nt1 = this.ntypes + 1;
    const cfsq = this.cutforcesq,
      t2F = this.type2F,
      t2G = this.type2G,
      t2P = this.type2Phi,
      FS = this.fSpline,
      GS = this.gSpline,
      PS = this.phiSpline,
      q0 = this.q0;
    const rdr = this.rdr;
    const rows7 = (NR + 1) * 7;
    // q_i = Σ_j η_ji: both atoms of each pair.
    for (let i = 0; i < nlocal; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const it = type[i];
      for (let kk = offset[i]; kk < offset[i + 1]; kk++) {
        const j = list[kk];
        const jt = type[j];
        const dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < cfsq[it * nt1 + jt]) {
          let p = Math.sqrt(rsq) * rdr + 1.0;
          let m = Math.trunc(p);
          m = Math.min(m, NR - 1);
          p -= m;
          p = Math.min(p, 1.0);
          let c = t2F[it * nt1 + jt] * rows7 + 7 * m;
          rho[i] += ((FS[c + 3] * p + FS[c + 4]) * p + FS[c + 5]) * p + FS[c + 6];
          c = t2F[jt * nt1 + it] * rows7 + 7 * m;
          rho[j] += ((FS[c + 3] * p + FS[c + 4]) * p + FS[c + 5]) * p + FS[c + 6];
        }
      }
    }
    // Reverse then forward communication: ghosts' sums to owners, owners' values back to ghosts.
    g.fold(rho, 1);
    for (let k = nlocal; k < nall; k++) rho[k] = rho[gmap[k]];
    // σ_i = Σ_j q_j ψ_ij.
    for (let i = 0; i < nlocal; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const it = type[i];
      for (let kk = offset[i]; kk < offset[i + 1]; kk++) {
        const j = list[kk];
        const jt = type[j];
        const dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < cfsq[it * nt1 + jt]) {
          let p = Math.sqrt(rsq) * rdr + 1.0;
          let m = Math.trunc(p);
          m = Math.min(m, NR - 1);
          p -= m;
          p = Math.min(p, 1.0);
          const c = t2G[it * nt1 + jt] * rows7 + 7 * m;
          fp[i] += rho[j] * (((GS[c + 3] * p + GS[c + 4]) * p + GS[c + 5]) * p + GS[c + 6]);
          fp[j] += rho[i] * (((GS[c + 3] * p + GS[c + 4]) * p + GS[c + 5]) * p + GS[c + 6]);
        }
      }
    }
    g.fold(fp, 1);
    for (let k = nlocal; k < nall; k++) fp[k] = fp[gmap[k]];
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    if (eflag)
      for (let i = 0; i < nlocal; i++) {
        const phi = 0.5 * rho[i] * fp[i];
        eSum += phi;
        if (eatom !== null) eatom[i] += phi;
      }
    for (let i = 0; i < nlocal; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const it = type[i];
      for (let kk = offset[i]; kk < offset[i + 1]; kk++) {
        const j = list[kk];
        const jt = type[j];
        const dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (!(rsq < cfsq[it * nt1 + jt])) continue;
        const r = Math.sqrt(rsq);
        let p = r * rdr + 1.0;
        let m = Math.trunc(p);
        m = Math.min(m, NR - 1);
        p -= m;
        p = Math.min(p, 1.0);
        let c = t2F[jt * nt1 + it] * rows7 + 7 * m;
        const rhoip = (FS[c] * p + FS[c + 1]) * p + FS[c + 2];
        c = t2F[it * nt1 + jt] * rows7 + 7 * m;
        const rhojp = (FS[c] * p + FS[c + 1]) * p + FS[c + 2];
        c = t2P[it * nt1 + jt] * rows7 + 7 * m;
        const phip = (PS[c] * p + PS[c + 1]) * p + PS[c + 2];
        const phi = ((PS[c + 3] * p + PS[c + 4]) * p + PS[c + 5]) * p + PS[c + 6];
        c = t2G[it * nt1 + jt] * rows7 + 7 * m;
        const coul = ((GS[c + 3] * p + GS[c + 4]) * p + GS[c + 5]) * p + GS[c + 6];
        const coulp = (GS[c] * p + GS[c + 1]) * p + GS[c + 2];
        const psip = phip + (rho[i] * rho[j] - q0[it] * q0[jt]) * coulp + fp[i] * rhojp + fp[j] * rhoip;
        const recip = 1.0 / r;
        const fpair = -psip * recip;
        f[3 * i] += dx * fpair;
        f[3 * i + 1] += dy * fpair;
        f[3 * i + 2] += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = phi - q0[it] * q0[jt] * coul;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
      }
    }
    out.energy += eSum;
  }
}

/**
 * LAMMPS PairEIM::interpolate (the EAM-style cubic through the 1-based table f[1..n], rows 0..n of 7
 * coefficients at offset o; unlike pair eam's, the slope at the last point is 0).
 */
function eimInterpolate(n: number, delta: number, f: Float64Array, s: Float64Array, o: number): void {
  const S = (m: number, k: number): number => o + 7 * m + k;
  for (let m = 1; m <= n; m++) s[S(m, 6)] = f[m];
  s[S(1, 5)] = s[S(2, 6)] - s[S(1, 6)];
  s[S(2, 5)] = 0.5 * (s[S(3, 6)] - s[S(1, 6)]);
  s[S(n - 1, 5)] = 0.5 * (s[S(n, 6)] - s[S(n - 2, 6)]);
  s[S(n, 5)] = 0.0;
  for (let m = 3; m <= n - 2; m++)
    s[S(m, 5)] = (s[S(m - 2, 6)] - s[S(m + 2, 6)] + 8.0 * (s[S(m + 1, 6)] - s[S(m - 1, 6)])) / 12.0;
  for (let m = 1; m <= n - 1; m++) {
    s[S(m, 4)] = 3.0 * (s[S(m + 1, 6)] - s[S(m, 6)]) - 2.0 * s[S(m, 5)] - s[S(m + 1, 5)];
    s[S(m, 3)] = s[S(m, 5)] + s[S(m + 1, 5)] - 2.0 * (s[S(m + 1, 6)] - s[S(m, 6)]);
  }
  s[S(n, 4)] = 0.0;
  s[S(n, 3)] = 0.0;
  for (let m = 1; m <= n; m++) {
    s[S(m, 2)] = s[S(m, 5)] / delta;
    s[S(m, 1)] = (2.0 * s[S(m, 4)]) / delta;
    s[S(m, 0)] = (3.0 * s[S(m, 3)]) / delta;
  }
}
