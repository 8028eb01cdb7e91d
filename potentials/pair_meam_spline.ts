import { readFileSync } from 'node:fs';
import type { ComputeFlags, ForceBuffers, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { skipsPair } from './manybody_pair.js';
import { MeamSplineFunction } from './meam_spline_function.js';
import { acceptNoOpModify } from './pair_modify_noop.js';

/** LAMMPS PotentialFileReader's line reading as PairMEAMSpline uses it (skip_line, next_line(n)). */
class SplineFileReader {
  private pos = 0;
  private readonly lines: string[];
  constructor(
    text: string,
    readonly path: string,
  ) {
    this.lines = text.split('\n');
  }
  rewind(): void {
    this.pos = 0;
  }
  /** The next raw line, whatever it holds. */
  skipLine(): void {
    if (this.pos >= this.lines.length) throw this.error('unexpected end of file');
    this.pos++;
  }
  /** Words of the next lines (comments from '#', blank lines skipped) until at least n (n = 0: one non-blank line). */
  nextWords(n: number): string[] {
    const words: string[] = [];
    while (this.pos < this.lines.length) {
      const raw = this.lines[this.pos++];
      const hash = raw.indexOf('#');
      const w = (hash >= 0 ? raw.slice(0, hash) : raw).trim().split(/\s+/).filter(Boolean);
      if (w.length === 0) continue;
      words.push(...w);
      if (words.length >= Math.max(n, 1)) return words;
    }
    throw this.error('unexpected end of file');
  }
  /** A number of the file, or an error naming its line. */
  number(word: string): number {
    const v = Number(word);
    if (!Number.isFinite(v)) throw this.error(`expected a number, got '${word}'`);
    return v;
  }
  error(why: string): Error {
    return new Error(`Error reading meam/spline potential file ${this.path}:${this.pos}: ${why}`);
  }
}

/**
 * pair_style meam/spline (LAMMPS PairMEAMSpline, 29 Sep 2021; Lenosky et al., MSMSE 8, 825 (2000),
 * multi-species form of Zhang and Trinkle): the spline-based modified embedded-atom method
 *   E = Σ_{i<j} φ_{ij}(r_ij) + Σ_i [U_i(ρ_i) − U_i(0)]
 *   ρ_i = Σ_j ρ_j(r_ij) + Σ_{j<k} f_j(r_ij) f_k(r_ik) g_{jk}(cos θ_jik)
 * every function a cubic spline of the file (MeamSplineFunction). The density and the three-body
 * forces are summed over i's full list in list order (bond k before bond j, as LAMMPS); the pair
 * terms, which need U'(ρ) of both atoms, over each pair once after every ρ is known (LAMMPS's half
 * list; here the full list with the tag-parity rule, so the same pairs in another order). As in
 * LAMMPS, the spline of a function is picked by atom TYPE (type t is species t of the file: the
 * number of types must equal the number of species), pair splines by jtype − 1 + (itype − 1)·n −
 * (itype − 1)·itype/2. Files: the old single-species format (first line a comment, then five
 * splines φ, ρ, U, f, g, each `N`, `d0 dN`, a skipped line, N knot lines `x y y''`) or the new one
 * (second line `meam/spline n E1 ... En`, each spline preceded by a `spline3eq` line, no skipped line).
 */
export class PairMeamSpline implements PairStyle {
  readonly style = 'meam/spline';
  readonly neighborKind = 'full' as const;
  readonly computesVirial = false;
  private nelements = 0;
  /** Species names (one empty name for the old format). */
  private elements: string[] = [];
  private map: Int32Array = new Int32Array(0);
  private phis: MeamSplineFunction[] = [];
  private rhos: MeamSplineFunction[] = [];
  private us: MeamSplineFunction[] = [];
  private fs: MeamSplineFunction[] = [];
  private gs: MeamSplineFunction[] = [];
  private zeroAtomEnergies = new Float64Array(0);
  private cut = 0;
  private uprime = new Float64Array(0);
  /** Bonds of the current atom i: j, r, f, f', unit vector. */
  private bondJ = new Int32Array(64);
  private bondR = new Float64Array(64);
  private bondF = new Float64Array(64);
  private bondFp = new Float64Array(64);
  private bondDel = new Float64Array(3 * 64);

  settings(args: string[]): void {
    if (args.length !== 0) throw new Error('Illegal pair_style command: pair meam/spline takes no arguments');
  }

  coeff(args: string[], system: AtomSystem): void {
    const ntypes = system.ntypes;
    if (args.length !== 3 + ntypes)
      throw new Error(
        `Incorrect args for pair coefficients: pair meam/spline needs pair_coeff * * file and one element (or NULL) per atom type (${ntypes} types)`,
      );
    if (args[0] !== '*' || args[1] !== '*')
      throw new Error('Incorrect args for pair coefficients: pair meam/spline takes pair_coeff * * only');
    this.readFile(args[2], ntypes);
    const map = new Int32Array(ntypes + 1).fill(-1);
    const oldFormat = this.nelements === 1 && this.elements[0] === '';
    for (let t = 1; t <= ntypes; t++) {
      const name = args[2 + t];
      if (name === 'NULL') continue;
      if (oldFormat) map[t] = 0;
      else {
        const e = this.elements.indexOf(name);
        if (e < 0) throw new Error(`No matching element in meam/spline potential file (${name})`);
        map[t] = e;
      }
    }
    if (!map.some((m) => m >= 0))
      throw new Error('Incorrect args for pair coefficients: pair meam/spline maps no type');
    for (let e = 0; e < this.nelements; e++)
      if (map.filter((m) => m === e).length !== 1)
        throw new Error('Pair style meam/spline requires one atom type per element');
    this.map = map;
  }

  /** LAMMPS PairMEAMSpline::read_file. */
  private readFile(path: string, ntypes: number): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`Cannot open meam/spline potential file ${path}`);
    }
    const rd = new SplineFileReader(text, path);
    rd.skipLine();
    const second = rd.nextWords(0);
    let newFormat = false;
    if (second[0].startsWith('meam/spline')) {
      newFormat = true;
      const n = Number(second[1]);
      if (!Number.isInteger(n) || n < 1)
        throw rd.error(`Invalid number of atomic species on meam/spline line: ${second[1] ?? ''}`);
      this.elements = second.slice(2, 2 + n);
      if (this.elements.length !== n) throw rd.error(`meam/spline line names ${this.elements.length} of ${n} species`);
      this.nelements = n;
    } else {
      this.nelements = 1;
      this.elements = [''];
      rd.rewind();
      rd.skipLine();
    }
    const n = this.nelements;
    if (n !== ntypes) throw rd.error('Pair style meam/spline requires one atom type per element');
    const n2 = ((n + 1) * n) / 2;
    const parse = (): MeamSplineFunction => {
      if (newFormat) rd.skipLine();
      const nknots = Number(rd.nextWords(1)[0]);
      if (!Number.isInteger(nknots) || nknots < 2)
        throw rd.error(`Invalid number of spline knots in MEAM potential file: ${nknots}`);
      const d = rd.nextWords(2);
      const d0 = rd.number(d[0]),
        dN = rd.number(d[1]);
      if (!newFormat) rd.skipLine();
      const x = new Float64Array(nknots),
        y = new Float64Array(nknots);
      for (let k = 0; k < nknots; k++) {
        const w = rd.nextWords(3);
        x[k] = rd.number(w[0]);
        y[k] = rd.number(w[1]);
      }
      try {
        return new MeamSplineFunction(x, y, d0, dN);
      } catch (e) {
        throw rd.error((e as Error).message);
      }
    };
    const many = (m: number) => Array.from({ length: m }, parse);
    this.phis = many(n2);
    this.rhos = many(n);
    this.us = many(n);
    this.fs = many(n);
    this.gs = many(n2);
    this.zeroAtomEnergies = Float64Array.from(this.us, (u) => u.eval(0.0));
    let cut = 0;
    for (const s of [...this.phis, ...this.rhos, ...this.fs]) if (s.cutoff > cut) cut = s.cutoff;
    this.cut = cut;
  }

  modify(args: string[]): void {
    acceptNoOpModify(this.style, args);
  }

  init(system: AtomSystem): void {
    if (this.nelements === 0)
      throw new Error('All pair coeffs are not set (pair meam/spline: use pair_coeff * * file E1 ...)');
    for (let t = 1; t <= system.ntypes; t++)
      if (this.map[t] < 0)
        throw new Error(`All pair coeffs are not set (pair meam/spline: type ${t} is mapped to NULL)`);
  }

  cutoff(): number {
    return this.cut;
  }

  /** LAMMPS ij_to_potl: the index of the pair spline of types itype, jtype (1-based). */
  private ijToPotl(itype: number, jtype: number): number {
    const n = this.nelements;
    return jtype - 1 + (itype - 1) * n - ((itype - 1) * itype) / 2;
  }

  private reserveBonds(n: number): void {
    if (this.bondJ.length >= n) return;
    const m = 2 * n;
    this.bondJ = new Int32Array(m);
    this.bondR = new Float64Array(m);
    this.bondF = new Float64Array(m);
    this.bondFp = new Float64Array(m);
    this.bondDel = new Float64Array(3 * m);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      gmap = g.map,
      tag = ctx.system.tag,
      f = out.f;
    const nlocal = g.nlocal;
    const cutsq = this.cut * this.cut;
    if (this.uprime.length < nlocal) this.uprime = new Float64Array(Math.ceil(nlocal * 1.2) + 16);
    const uprime = this.uprime;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    // Densities, embedding energies and the three-body forces, atom by atom over the full list.
    for (let i = 0; i < nlocal; i++) {
      const start = first[i],
        end = first[i + 1];
      this.reserveBonds(end - start);
      const bJ = this.bondJ,
        bR = this.bondR,
        bF = this.bondF,
        bFp = this.bondFp,
        bD = this.bondDel;
      const itype = type[i];
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      let nb = 0;
      let rho = 0;
      for (let kk = start; kk < end; kk++) {
        const j = list[kk];
        const dx = x[3 * j] - xi,
          dy = x[3 * j + 1] - yi,
          dz = x[3 * j + 2] - zi;
        const rsq = dx * dx + dy * dy + dz * dz;
        if (!(rsq < cutsq)) continue;
        const r = Math.sqrt(rsq);
        const jtype = type[j];
        const fsp = this.fs[jtype - 1];
        const fj = fsp.evalDeriv(r);
        bJ[nb] = j;
        bR[nb] = r;
        bF[nb] = fj;
        bFp[nb] = fsp.deriv;
        const ex = dx / r,
          ey = dy / r,
          ez = dz / r;
        bD[3 * nb] = ex;
        bD[3 * nb + 1] = ey;
        bD[3 * nb + 2] = ez;
        let partial = 0;
        for (let b = 0; b < nb; b++) {
          const cs = ex * bD[3 * b] + ey * bD[3 * b + 1] + ez * bD[3 * b + 2];
          partial += bF[b] * this.gs[this.ijToPotl(jtype, type[bJ[b]])].eval(cs);
        }
        rho += fj * partial;
        rho += this.rhos[jtype - 1].eval(r);
        nb++;
      }
      const usp = this.us[itype - 1];
      const emb = usp.evalDeriv(rho) - this.zeroAtomEnergies[itype - 1];
      const up = usp.deriv;
      uprime[i] = up;
      if (eflag) {
        eSum += emb;
        if (eatom !== null) eatom[i] += emb;
      }
      let fix = 0,
        fiy = 0,
        fiz = 0;
      for (let jj = 0; jj < nb; jj++) {
        const rij = bR[jj];
        const j = bJ[jj];
        const fpij = bFp[jj],
          fij0 = bF[jj];
        const djx = bD[3 * jj],
          djy = bD[3 * jj + 1],
          djz = bD[3 * jj + 2];
        let fjx = 0,
          fjy = 0,
          fjz = 0;
        const jtype = type[j];
        for (let kk = 0; kk < jj; kk++) {
          const rik = bR[kk];
          const dkx = bD[3 * kk],
            dky = bD[3 * kk + 1],
            dkz = bD[3 * kk + 2];
          const cs = djx * dkx + djy * dky + djz * dkz;
          const gsp = this.gs[this.ijToPotl(jtype, type[bJ[kk]])];
          const gv = gsp.evalDeriv(cs);
          const gp = gsp.deriv;
          const fpik = bFp[kk],
            fik0 = bF[kk];
          let fij = -up * gv * fik0 * fpij;
          let fik = -up * gv * fij0 * fpik;
          const pre = up * fij0 * fik0 * gp;
          const preij = pre / rij;
          const preik = pre / rik;
          fij += preij * cs;
          fik += preik * cs;
          const ajx = djx * fij - dkx * preij,
            ajy = djy * fij - dky * preij,
            ajz = djz * fij - dkz * preij;
          fjx += ajx;
          fjy += ajy;
          fjz += ajz;
          const akx = dkx * fik - djx * preik,
            aky = dky * fik - djy * preik,
            akz = dkz * fik - djz * preik;
          fix -= akx;
          fiy -= aky;
          fiz -= akz;
          const k = bJ[kk];
          f[3 * k] += akx;
          f[3 * k + 1] += aky;
          f[3 * k + 2] += akz;
        }
        f[3 * i] -= fjx;
        f[3 * i + 1] -= fjy;
        f[3 * i + 2] -= fjz;
        f[3 * j] += fjx;
        f[3 * j + 1] += fjy;
        f[3 * j + 2] += fjz;
      }
      f[3 * i] += fix;
      f[3 * i + 1] += fiy;
      f[3 * i + 2] += fiz;
    }
    // Pair terms, each pair once (LAMMPS's half list; here the full list's tag-parity rule).
    for (let i = 0; i < nlocal; i++) {
      const itype = type[i];
      const itag = tag[i];
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      for (let kk = first[i]; kk < first[i + 1]; kk++) {
        const j = list[kk];
        const xj = x[3 * j],
          yj = x[3 * j + 1],
          zj = x[3 * j + 2];
        const dx = xj - xi,
          dy = yj - yi,
          dz = zj - zi;
        const rsq = dx * dx + dy * dy + dz * dz;
        if (!(rsq < cutsq)) continue;
        const jo = gmap[j];
        if (skipsPair(itag, tag[jo], xi, yi, zi, xj, yj, zj)) continue;
        const r = Math.sqrt(rsq);
        const jtype = type[j];
        const ri = this.rhos[itype - 1];
        ri.evalDeriv(r);
        const rhoPrimeI = ri.deriv;
        const rj = this.rhos[jtype - 1];
        rj.evalDeriv(r);
        const rhoPrimeJ = rj.deriv;
        let fpair = rhoPrimeJ * uprime[i] + rhoPrimeI * uprime[jo];
        const ph = this.phis[this.ijToPotl(itype, jtype)];
        const pot = ph.evalDeriv(r);
        fpair += ph.deriv;
        fpair /= r;
        f[3 * i] += dx * fpair;
        f[3 * i + 1] += dy * fpair;
        f[3 * i + 2] += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          eSum += pot;
          if (eatom !== null) {
            eatom[i] += 0.5 * pot;
            eatom[j] += 0.5 * pot;
          }
        }
      }
    }
    out.energy += eSum;
  }
}
