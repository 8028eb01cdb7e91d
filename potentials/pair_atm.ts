/**
 * pair_style atm cutoff cutoff_triple (LAMMPS PairATM, MANYBODY, 29 Sep 2021): the
 * Axilrod-Teller-Muto three-body dispersion (triple-dipole) term
 *
 *   E = nu (1 + 3 cos g1 cos g2 cos g3) / (r12 r23 r31)^3
 *
 * summed over every triplet whose three distances are all within `cutoff` and whose product
 * r12 r23 r31 is within cutoff_triple^3. `pair_coeff I J K nu` sets nu for the type triplet (all
 * six orders). Usually overlaid on a pair potential: `pair_style hybrid/overlay lj/cut 4.5 atm 4.5 2.5`.
 *
 * Each triplet is taken once, as LAMMPS does: from the full list of the atom with the smallest x
 * (ties broken by y, then z), its neighbors j < k in list order both at x >= x_i.
 */
import type { ComputeFlags, ForceBuffers, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, parseTypeRange } from '../src/parse.js';
import { NEIGHMASK } from '../src/molecular/special.js';
import { acceptNoOpModify } from './pair_modify_noop.js';

const THIRD = 1.0 / 3.0;

export class PairATM implements PairStyle {
  readonly style = 'atm';
  readonly neighborKind = 'full' as const;
  readonly computesVirial = false;
  readonly perAtomVirial = true;
  private cutGlobal = 0;
  private cutTriple = 0;
  private ntypes = 0;
  /** nu[(i*(n+1) + j)*(n+1) + k] for 1-based types (LAMMPS nu[i][j][k]). */
  private nu = new Float64Array(0);
  /** setflag[i*(n+1) + j], i <= j: pair_coeff named a triplet starting with i, j. */
  private setflag = new Uint8Array(0);
  // Scratch of one triplet (interaction_ddd's fj, fk).
  private readonly fj = new Float64Array(3);
  private readonly fk = new Float64Array(3);
  /** Short list of one atom: neighbor indices, and their x_j - x_i and squared distance (4 per neighbor). */
  private sj = new Int32Array(0);
  private sd = new Float64Array(0);

  private grow(n: number): void {
    this.sj = new Int32Array(2 * n);
    this.sd = new Float64Array(8 * n);
  }

  settings(args: string[]): void {
    if (args.length !== 2) throw new Error('Illegal pair_style atm command: expected cutoff cutoff_triple');
    this.cutGlobal = num(args[0], 'atm cutoff');
    this.cutTriple = num(args[1], 'atm cutoff_triple');
  }

  /** `pair_coeff I J K nu` (LAMMPS PairATM::coeff: i <= j <= k within the ranges). */
  coeff(args: string[], system: AtomSystem): void {
    if (args.length !== 4) throw new Error('Incorrect args for pair coefficients: pair_coeff I J K nu (pair atm)');
    const n = system.ntypes;
    if (this.ntypes !== n) {
      this.ntypes = n;
      this.nu = new Float64Array((n + 1) ** 3);
      this.setflag = new Uint8Array((n + 1) ** 2);
    }
    const [ilo, ihi] = parseTypeRange(args[0], n);
    const [jlo, jhi] = parseTypeRange(args[1], n);
    const [klo, khi] = parseTypeRange(args[2], n);
    const nuOne = num(args[3], 'atm nu');
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        for (let k = Math.max(klo, j); k <= khi; k++) {
          this.nu[(i * (n + 1) + j) * (n + 1) + k] = nuOne;
          count++;
        }
        this.setflag[i * (n + 1) + j] = 1;
      }
    }
    if (count === 0)
      throw new Error(`Incorrect args for pair coefficients: pair_coeff ${args.join(' ')} selects no triplet`);
  }

  coeffSet(i: number, j: number): boolean {
    const n = this.ntypes;
    if (i > n || j > n) return false;
    return this.setflag[Math.min(i, j) * (n + 1) + Math.max(i, j)] === 1;
  }

  /** pair_modify: LAMMPS's generic keywords change nothing for atm; accepted as LAMMPS does. */
  modify(args: string[]): void {
    acceptNoOpModify(this.style, args);
  }

  init(system: AtomSystem): void {
    this.initMapped(system, null);
  }

  /**
   * LAMMPS init_one for each (mapped) pair i <= j in order: the pair must be set, and nu of the
   * triplets i, j, k (k >= j) is copied to their five other orders.
   */
  initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    const n = system.ntypes;
    if (this.ntypes !== n) throw new Error('All pair coeffs are not set (pair atm: use pair_coeff I J K nu)');
    const s = n + 1;
    const nu = this.nu;
    for (let i = 1; i <= n; i++) {
      for (let j = i; j <= n; j++) {
        if (mapped && !mapped(i, j)) continue;
        if (!this.setflag[i * s + j]) throw new Error(`All pair coeffs are not set (pair atm types ${i} ${j})`);
        for (let k = j; k <= n; k++) {
          const v = nu[(i * s + j) * s + k];
          nu[(i * s + k) * s + j] = v;
          nu[(j * s + i) * s + k] = v;
          nu[(j * s + k) * s + i] = v;
          nu[(k * s + i) * s + j] = v;
          nu[(k * s + j) * s + i] = v;
        }
      }
    }
  }

  cutoff(): number {
    return this.cutGlobal;
  }

  typeCutoff(_i: number, _j: number): number {
    return this.cutGlobal;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      f = out.f;
    const s = this.ntypes + 1;
    const nu = this.nu;
    const cutsq = this.cutGlobal * this.cutGlobal;
    const triple = this.cutTriple * this.cutTriple * this.cutTriple;
    const tripleSixth = triple * triple;
    const fj = this.fj,
      fk = this.fk;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    const vatom = flags.vatom ? out.vatom : null;
    let eSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const start = first[i],
        end = first[i + 1];
      const ti = type[i] * s;
      // The neighbors that can be j or k of a triplet owned by i, in list order: at or "above" i
      // in (x, y, z) order and within the cutoff. LAMMPS applies these tests inside its j and k
      // loops; filtering once keeps the same triplets in the same order.
      if (this.sj.length < end - start) this.grow(end - start);
      const sj = this.sj,
        sd = this.sd;
      let ns = 0;
      for (let jj = start; jj < end; jj++) {
        const j = list[jj] & NEIGHMASK;
        const d0 = x[3 * j] - xi;
        if (d0 < 0.0) continue;
        const d1 = x[3 * j + 1] - yi;
        if (d0 === 0.0 && d1 < 0.0) continue;
        const d2 = x[3 * j + 2] - zi;
        if (d0 === 0.0 && d1 === 0.0 && d2 < 0.0) continue;
        const rsq = d0 * d0 + d1 * d1 + d2 * d2;
        if (rsq > cutsq) continue;
        sj[ns] = j;
        sd[4 * ns] = d0;
        sd[4 * ns + 1] = d1;
        sd[4 * ns + 2] = d2;
        sd[4 * ns + 3] = rsq;
        ns++;
      }
      for (let a = 0; a < ns - 1; a++) {
        const j = sj[a];
        const rij0 = sd[4 * a],
          rij1 = sd[4 * a + 1],
          rij2v = sd[4 * a + 2],
          rij2 = sd[4 * a + 3];
        const tij = (ti + type[j]) * s;
        const xj = x[3 * j],
          yj = x[3 * j + 1],
          zj = x[3 * j + 2];
        for (let b = a + 1; b < ns; b++) {
          const k = sj[b];
          const rik0 = sd[4 * b],
            rik1 = sd[4 * b + 1],
            rik2v = sd[4 * b + 2],
            rik2 = sd[4 * b + 3];
          const rjk0 = x[3 * k] - xj,
            rjk1 = x[3 * k + 1] - yj,
            rjk2v = x[3 * k + 2] - zj;
          const rjk2 = rjk0 * rjk0 + rjk1 * rjk1 + rjk2v * rjk2v;
          if (rjk2 > cutsq) continue;
          const r6 = rij2 * rjk2 * rik2;
          if (r6 > tripleSixth) continue;
          const nuLocal = nu[tij + type[k]];
          if (nuLocal === 0.0) continue;
          // interaction_ddd: with rri = rik.rij, rrj = rij.rjk, rrk = rjk.rik (the cosines times
          // lengths) and r5inv = nu / r^15, E = (r6 - 0.6·5 rri rrj rrk) r5inv; fj, fk = -dE/dx_j, -dE/dx_k.
          const r5inv = nuLocal / (r6 * r6 * Math.sqrt(r6));
          const rri = rik0 * rij0 + rik1 * rij1 + rik2v * rij2v;
          const rrj = rij0 * rjk0 + rij1 * rjk1 + rij2v * rjk2v;
          const rrk = rjk0 * rik0 + rjk1 * rik1 + rjk2v * rik2v;
          const rrr = 5.0 * rri * rrj * rrk;
          const aj = rrj * (rrk - rri),
            bj = rrk * rri - rjk2 * rik2 + rrr / rij2,
            cj = rrk * rri - rik2 * rij2 + rrr / rjk2;
          const ak = rrk * (rri + rrj),
            bk = rri * rrj + rik2 * rij2 - rrr / rjk2,
            ck = rri * rrj + rij2 * rjk2 - rrr / rik2;
          const pre = 3.0 * r5inv;
          fj[0] = (aj * rik0 - bj * rij0 + cj * rjk0) * pre;
          fj[1] = (aj * rik1 - bj * rij1 + cj * rjk1) * pre;
          fj[2] = (aj * rik2v - bj * rij2v + cj * rjk2v) * pre;
          fk[0] = (ak * rij0 + bk * rjk0 + ck * rik0) * pre;
          fk[1] = (ak * rij1 + bk * rjk1 + ck * rik1) * pre;
          fk[2] = (ak * rij2v + bk * rjk2v + ck * rik2v) * pre;
          f[3 * i] -= fj[0] + fk[0];
          f[3 * i + 1] -= fj[1] + fk[1];
          f[3 * i + 2] -= fj[2] + fk[2];
          f[3 * j] += fj[0];
          f[3 * j + 1] += fj[1];
          f[3 * j + 2] += fj[2];
          f[3 * k] += fk[0];
          f[3 * k + 1] += fk[1];
          f[3 * k + 2] += fk[2];
          if (eflag) {
            const evdwl = (r6 - 0.6 * rrr) * r5inv;
            eSum += evdwl;
            if (eatom !== null) {
              // LAMMPS ev_tally3: a third of the triplet's energy to each atom.
              const e3 = THIRD * evdwl;
              eatom[i] += e3;
              eatom[j] += e3;
              eatom[k] += e3;
            }
          }
          if (vatom !== null) tallyVirial3(vatom, i, j, k, rij0, rij1, rij2v, rik0, rik1, rik2v, fj, fk);
        }
      }
    }
    out.energy += eSum;
  }
}

/** LAMMPS ev_tally3's per-atom virial: v = rji (x) fj + rki (x) fk, a third to each of i, j, k. */
function tallyVirial3(
  vatom: Float64Array,
  i: number,
  j: number,
  k: number,
  rij0: number,
  rij1: number,
  rij2: number,
  rik0: number,
  rik1: number,
  rik2: number,
  fj: Float64Array,
  fk: Float64Array,
): void {
  const v0 = THIRD * (rij0 * fj[0] + rik0 * fk[0]);
  const v1 = THIRD * (rij1 * fj[1] + rik1 * fk[1]);
  const v2 = THIRD * (rij2 * fj[2] + rik2 * fk[2]);
  const v3 = THIRD * (rij0 * fj[1] + rik0 * fk[1]);
  const v4 = THIRD * (rij0 * fj[2] + rik0 * fk[2]);
  const v5 = THIRD * (rij1 * fj[2] + rik1 * fk[2]);
  for (let m = 0; m < 3; m++) {
    const a = 6 * (m === 0 ? i : m === 1 ? j : k);
    vatom[a] += v0;
    vatom[a + 1] += v1;
    vatom[a + 2] += v2;
    vatom[a + 3] += v3;
    vatom[a + 4] += v4;
    vatom[a + 5] += v5;
  }
}
