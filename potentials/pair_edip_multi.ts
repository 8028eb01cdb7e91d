import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ManybodyPair } from './manybody_pair.js';

/** Words per entry of a .edip file: 3 element names + 17 parameters. */
const NWORDS = 20;
/** Fields of one parameter set (the file's order: LAMMPS PairEDIPMulti::Param), then cutsq. */
const A = 0,
  B = 1,
  CUTA = 2,
  CUTC = 3,
  ALPHA = 4,
  BETA = 5,
  ETA = 6,
  GAMMA = 7,
  LAMBDA = 8,
  MU = 9,
  RHO = 10,
  SIGMA = 11,
  Q0 = 12,
  U1 = 13,
  U2 = 14,
  U3 = 15,
  U4 = 16,
  CUTSQ = 17,
  NFIELDS = 18;

/**
 * pair_style edip/multi (LAMMPS PairEDIPMulti, 29 Sep 2021; Justo et al.'s environment-dependent
 * interatomic potential, multi-element form of Jiang, Morgan and Szlufarska, PRB 86, 144118):
 *   E = Σ_i [ Σ_{j≠i} V2(r_ij, Z_i) + Σ_{j<k} V3(r_ij, r_ik, cos θ_jik, Z_i) ]
 *   Z_i = Σ_j f(r_ij),  f = 1 (r < c), exp(α/(1 - x⁻³)) with x = (r - c)/(a - c)... (c < r < a), 0 beyond
 *   V2 = A ((B/r)^ρ - e^{-β Z²}) e^{σ/(r - a)}
 *   V3 = e^{γ/(r_ij - a)} e^{γ/(r_ik - a)} λ (1 - e^{-Q(Z)(l + τ(Z))²} + η Q(Z)(l + τ(Z))²)
 *   Q(Z) = Q0 e^{-μ Z},  τ(Z) = u1 + u2 (u3 e^{-u4 Z} - e^{-2 u4 Z}),  l = cos θ
 * with entry (i,j,j) for the pair and its radial factors, (i,j,k) for h. Each ordered pair (i,j)
 * counts once (no halving): V2 is not symmetric. The forces through Z_i (dE/dZ_i times f'(r_ij))
 * are added after i's two- and three-body terms, as LAMMPS. Full neighbor list.
 */
export class PairEDIPMulti extends ManybodyPair {
  readonly style: string = 'edip/multi';
  /** Per neighbor of the current i in the f(Z) transition region: dZ/dr / r, and j. */
  private coordD = new Float64Array(64);
  private coordJ = new Int32Array(64);
  /** edip_h outputs: h, dh/dl, dh/dZ. */
  private hF = 0;
  private hDl = 0;
  private hDz = 0;

  settings(args: string[]): void {
    if (args.length !== 0) throw new Error(`Illegal pair_style ${this.style} command: takes no arguments`);
  }

  coeff(args: string[], system: AtomSystem): void {
    const path = args[2];
    const rows = this.readTriplets(args, system, NWORDS, 'EDIP', (v, line) => {
      // LAMMPS read_file: A .. sigma must be >= 0 (Q0 and u1..u4 may be negative).
      if (v.slice(0, 12).some((x) => x < 0)) throw new Error(`Illegal EDIP parameter in ${path}:${line}`);
    });
    const p = new Float64Array(rows.length * NFIELDS);
    let cutmax = 0;
    rows.forEach((v, m) => {
      const o = m * NFIELDS;
      for (let q = 0; q < 17; q++) p[o + q] = v[q];
      p[o + CUTSQ] = v[CUTA] * v[CUTA];
      cutmax = Math.max(cutmax, Math.sqrt(p[o + CUTSQ]));
    });
    this.params = p;
    this.cutmax = cutmax;
  }

  /** LAMMPS PairEDIPMulti::read_file's wording (with a colon), not PairSW's. */
  protected override tripletError(kind: 'duplicate' | 'missing', triplet: string, path: string): string {
    return kind === 'duplicate'
      ? `Potential file has a duplicate entry for: ${triplet} (${path})`
      : `Potential file is missing an entry for: ${triplet} (${path})`;
  }

  /** LAMMPS edip_h: h(l, Z) = λ (1 - e^{-u} + η u), u = Q(Z) (l + τ(Z))², and its partial derivatives. */
  private edipH(l: number, z: number, o: number): void {
    const p = this.params;
    const Q = p[o + Q0] * Math.exp(-p[o + MU] * z);
    const QdZ = -p[o + MU] * Q;
    // edip_tau: τ = u1 + u2 u3 e^{-u4 Z} - u2 e^{-2 u4 Z}.
    const u2 = p[o + U2],
      u3 = p[o + U3],
      u4 = p[o + U4];
    const e1 = Math.exp(-u4 * z);
    const e2 = Math.exp(-2.0 * u4 * z);
    const tau = p[o + U1] + u2 * u3 * e1 - u2 * e2;
    const tauDz = -u2 * u3 * u4 * e1 + 2.0 * u2 * u4 * e2;
    const lt = l + tau;
    const v1 = lt * lt;
    const uu = Q * v1;
    const v2 = Math.exp(-uu);
    const lambda = p[o + LAMBDA];
    this.hF = lambda * (1 - v2 + p[o + ETA] * uu);
    const v3 = lambda * (v2 + p[o + ETA]);
    this.hDl = v3 * (Q * 2 * lt);
    this.hDz = v3 * (QdZ * v1 + Q * 2 * lt * tauDz);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      f = out.f;
    const map = this.map,
      e2p = this.elem2param,
      p = this.params;
    const n = this.elements.length;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const itype = map[type[i]];
      const xtmp = x[3 * i],
        ytmp = x[3 * i + 1],
        ztmp = x[3 * i + 2];
      const start = first[i],
        end = first[i + 1];
      if (this.coordJ.length < end - start) {
        this.coordD = new Float64Array(2 * (end - start));
        this.coordJ = new Int32Array(2 * (end - start));
      }
      const coordD = this.coordD,
        coordJ = this.coordJ;
      // Pre-loop: the coordination Z_i and, in the transition region, dZ/dr / r per neighbor.
      let zeta = 0.0;
      let ncoord = 0;
      for (let jj = start; jj < end; jj++) {
        const j = list[jj];
        const dx = x[3 * j] - xtmp,
          dy = x[3 * j + 1] - ytmp,
          dz = x[3 * j + 2] - ztmp;
        const rsq = dx * dx + dy * dy + dz * dz;
        const o = e2p[(itype * n + map[type[j]]) * n + map[type[j]]] * NFIELDS;
        if (rsq > p[o + CUTSQ]) continue;
        const r = Math.sqrt(rsq);
        const c = p[o + CUTC];
        if (r < c) {
          zeta += 1.0;
          continue;
        }
        // edip_fc: f = exp(α / (1 - ((a - c)/(r - c))³)) between c and a.
        const a = p[o + CUTA];
        let fc = 0.0,
          fcdr = 0.0;
        if (r < c + 1e-6) fc = 1.0;
        else if (!(r > a - 1e-6)) {
          const xx = (a - c) / (r - c);
          const w1 = xx * xx * xx;
          const w2 = 1.0 / (1.0 - w1);
          fc = Math.exp(p[o + ALPHA] * w2);
          fcdr = ((3.0 * xx * w1) / (a - c)) * (-p[o + ALPHA] * w2 * w2) * fc;
        }
        zeta += fc;
        coordD[ncoord] = -fcdr / r;
        coordJ[ncoord] = j;
        ncoord++;
      }
      let dpairZ = 0.0,
        dtripleZ = 0.0;
      for (let jj = start; jj < end; jj++) {
        const j = list[jj];
        const d1x = x[3 * j] - xtmp,
          d1y = x[3 * j + 1] - ytmp,
          d1z = x[3 * j + 2] - ztmp;
        const rsq1 = d1x * d1x + d1y * d1y + d1z * d1z;
        const jtype = map[type[j]];
        const ij = e2p[(itype * n + jtype) * n + jtype] * NFIELDS;
        if (rsq1 > p[ij + CUTSQ]) continue;
        const rij = Math.sqrt(rsq1);
        const aij = p[ij + CUTA];
        // edip_pair: V2 = A ((B/r)^ρ - e^{-β Z²}) fcut2(r), fcut2 = e^{σ/(r - a)}.
        const w1 = Math.pow(p[ij + B] / rij, p[ij + RHO]);
        const w2 = Math.exp(-p[ij + BETA] * zeta * zeta);
        let c2 = 0.0,
          c2dr = 0.0;
        if (!(rij > aij - 1e-6)) {
          const inv = 1.0 / (rij - aij);
          c2 = Math.exp(p[ij + SIGMA] * inv);
          c2dr = -p[ij + SIGMA] * inv * inv * c2;
        }
        const Aij = p[ij + A];
        const e2 = Aij * (w1 - w2) * c2;
        const fdr = Aij * (w1 - w2) * c2dr + Aij * ((-p[ij + RHO] * w1) / rij) * c2;
        dpairZ += Aij * (2 * p[ij + BETA] * zeta * w2) * c2;
        let fpair = -fdr / rij;
        f[3 * i] -= fpair * d1x;
        f[3 * i + 1] -= fpair * d1y;
        f[3 * i + 2] -= fpair * d1z;
        f[3 * j] += fpair * d1x;
        f[3 * j + 1] += fpair * d1y;
        f[3 * j + 2] += fpair * d1z;
        if (eflag) {
          eSum += e2;
          if (eatom !== null) {
            eatom[i] += 0.5 * e2;
            eatom[j] += 0.5 * e2;
          }
        }
        // edip_fcut3 of r_ij: e^{γ/(r - a)} with the (i,j,j) γ and a.
        let c3j = 0.0,
          c3jdr = 0.0;
        if (!(rij > aij - 1e-6)) {
          const inv = 1.0 / (rij - aij);
          c3j = Math.exp(p[ij + GAMMA] * inv);
          c3jdr = -p[ij + GAMMA] * inv * inv * c3j;
        }
        for (let kk = jj + 1; kk < end; kk++) {
          const k = list[kk];
          const ktype = map[type[k]];
          const ik = e2p[(itype * n + ktype) * n + ktype] * NFIELDS;
          const ijk = e2p[(itype * n + jtype) * n + ktype] * NFIELDS;
          const d2x = x[3 * k] - xtmp,
            d2y = x[3 * k + 1] - ytmp,
            d2z = x[3 * k + 2] - ztmp;
          const rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
          if (rsq2 > p[ik + CUTSQ]) continue;
          const rik = Math.sqrt(rsq2);
          const costheta = (d1x * d2x + d1y * d2y + d1z * d2z) / rij / rik;
          const aik = p[ik + CUTA];
          let c3k = 0.0,
            c3kdr = 0.0;
          if (!(rik > aik - 1e-6)) {
            const inv = 1.0 / (rik - aik);
            c3k = Math.exp(p[ik + GAMMA] * inv);
            c3kdr = -p[ik + GAMMA] * inv * inv * c3k;
          }
          this.edipH(costheta, zeta, ijk);
          const e3 = c3j * c3k * this.hF;
          dtripleZ += c3j * c3k * this.hDz;
          const dhl = c3j * c3k * this.hDl;
          // costheta_d: dcos/dr_j = r_ik/(r_ij r_ik) - cos r_ij/r_ij², dcos/dr_k likewise.
          const inv12 = 1 / rij / rik;
          const cj = -costheta / rij / rij,
            ck = -costheta / rik / rik;
          let fjx = -dhl * (inv12 * d2x + cj * d1x),
            fjy = -dhl * (inv12 * d2y + cj * d1y),
            fjz = -dhl * (inv12 * d2z + cj * d1z);
          let fkx = -dhl * (inv12 * d1x + ck * d2x),
            fky = -dhl * (inv12 * d1y + ck * d2y),
            fkz = -dhl * (inv12 * d1z + ck * d2z);
          fpair = -(c3jdr * c3k * this.hF) / rij;
          fjx += fpair * d1x;
          fjy += fpair * d1y;
          fjz += fpair * d1z;
          fpair = -(c3j * c3kdr * this.hF) / rik;
          fkx += fpair * d2x;
          fky += fpair * d2y;
          fkz += fpair * d2z;
          f[3 * j] += fjx;
          f[3 * j + 1] += fjy;
          f[3 * j + 2] += fjz;
          f[3 * k] += fkx;
          f[3 * k + 1] += fky;
          f[3 * k + 2] += fkz;
          f[3 * i] -= fjx + fkx;
          f[3 * i + 1] -= fjy + fky;
          f[3 * i + 2] -= fjz + fkz;
          if (eflag) {
            eSum += e3;
            if (eatom !== null) {
              const third = e3 / 3.0;
              eatom[i] += third;
              eatom[j] += third;
              eatom[k] += third;
            }
          }
        }
      }
      // Forces through Z_i: dE/dZ_i f'(r_ij) along r_ij for the neighbors in the transition region.
      const dEdZ = dpairZ + dtripleZ;
      for (let m = 0; m < ncoord; m++) {
        const j = coordJ[m];
        const dzr = coordD[m] * dEdZ;
        const dx = x[3 * j] - xtmp,
          dy = x[3 * j + 1] - ytmp,
          dz = x[3 * j + 2] - ztmp;
        f[3 * j] += dzr * dx;
        f[3 * j + 1] += dzr * dy;
        f[3 * j + 2] += dzr * dz;
        f[3 * i] -= dzr * dx;
        f[3 * i + 1] -= dzr * dy;
        f[3 * i + 2] -= dzr * dz;
      }
    }
    out.energy += eSum;
  }
}
