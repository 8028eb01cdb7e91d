import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { LammpsOrderFullList } from './lammps_order_full_list.js';
import { NeighborList } from './neighbor_list.js';
import type { Simulation } from './simulation.js';
import { clebschGordanTable, polarPrefactor } from './steinhardt_math.js';
import { selectNearest } from './select_nearest.js';

/** LAMMPS's MY_EPSILON (10 DBL_EPSILON): a neighbor this close is a coincident atom. */
const MY_EPSILON = 10.0 * 2.220446049250313e-16;
/** Below this Q_l, W_l_hat and the normalised components are 0 (LAMMPS QEPSILON). */
const QEPSILON = 1.0e-6;

/**
 * compute ID group orientorder/atom [degrees n l1 .. ln] [nnn N|NULL] [cutoff rc] [wl yes|no]
 * [wl/hat yes|no] [components l] [chunksize n] (LAMMPS ComputeOrientOrderAtom, 29 Sep 2021): per-atom
 * Steinhardt-Nelson bond-orientational order parameters. For atom i with its nnn nearest neighbors
 * within rc (all of them with nnn NULL; all zero when fewer), q_lm = (1/N) Σ_j Y_lm(r̂_ij) and
 *   Q_l = sqrt(4π/(2l+1) Σ_m |q_lm|²),
 *   W_l = Σ_{a,b} <l a l b|l a+b> Re(q_la q_lb conj(q_l,a+b)) / sqrt(2l+1)       (wl yes),
 *   Ŵ_l = W_l (sqrt(4π/(2l+1))/Q_l)³ = Σ (3j) q q q / (Σ_m |q_lm|²)^{3/2}       (wl/hat yes),
 * (the Clebsch-Gordan coefficient is sqrt(2l+1) times the 3j symbol, so W_l is LAMMPS 2021's: later
 * LAMMPS divides it by another sqrt(2l+1); Ŵ_l is the same in both), then with `components l` the
 * real and imaginary parts of q_lm/|q_l| for m = −l..l. Columns:
 * Q_l for each degree, then W_l, then Ŵ_l, then the components (LAMMPS's order). Defaults: degrees
 * 5 4 6 8 10 12, nnn 12, cutoff the pair cutoff. Neighbors come from a full list over the ghosts;
 * the nnn nearest are picked with LAMMPS's select3 (selectNearest), whose order the sums follow.
 * chunksize only tunes LAMMPS's KOKKOS variant: accepted and ignored.
 */
export class ComputeOrientOrderAtom extends GlobalCompute {
  readonly peratomCols: number;
  private readonly qnormfac: Float64Array;
  private readonly qnmR: Float64Array[];
  private readonly qnmI: Float64Array[];
  private cglist: Float64Array = new Float64Array(0);
  private cutsq: number;
  private readonly list = new NeighborList(false);
  private readonly lmpList = new LammpsOrderFullList();
  private out = new Float64Array(0);
  private distsq = new Float64Array(0);
  private nearest = new Int32Array(0);
  private rlist = new Float64Array(0);
  /** Step of the last evaluation, -1 after init (LAMMPS invoked_peratom, reset by Modify::init). */
  private invoked = -1;

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly qlist: readonly number[],
    private readonly nnn: number,
    cutoff: number,
    private readonly wlflag: boolean,
    private readonly wlhatflag: boolean,
    /** components l: its index in qlist, or -1 without. */
    private readonly iqlcomp: number,
  ) {
    super(id, 'orientorder/atom');
    const nq = qlist.length;
    let ncol = nq;
    if (wlflag) ncol += nq;
    if (wlhatflag) ncol += nq;
    if (iqlcomp >= 0) ncol += 2 * (2 * qlist[iqlcomp] + 1);
    this.peratomCols = ncol;
    this.cutsq = cutoff * cutoff;
    this.qnormfac = Float64Array.from(qlist, (l) => Math.sqrt((4 * Math.PI) / (2 * l + 1)));
    this.qnmR = qlist.map((l) => new Float64Array(2 * l + 1));
    this.qnmI = qlist.map((l) => new Float64Array(2 * l + 1));
  }

  /** Squared cutoff after init (LAMMPS cutsq; compute coord/atom orientorder reads it). */
  get cutoffSq(): number {
    return this.cutsq;
  }

  /** The `components` degree and the number of degrees (LAMMPS qlcomp, nqlist), or null without components. */
  get components(): { l: number; nqlist: number } | null {
    return this.iqlcomp < 0 ? null : { l: this.qlist[this.iqlcomp], nqlist: this.qlist.length };
  }

  /** LAMMPS init: a pair style is needed; the cutoff defaults to (and may not exceed) its cutoff. */
  init(sim: Simulation): void {
    if (!sim.pair) throw new Error('Compute orientorder/atom requires a pair style be defined');
    const cutforce = sim.pair.cutoff();
    if (this.cutsq === 0.0) this.cutsq = cutforce * cutforce;
    else if (Math.sqrt(this.cutsq) > cutforce)
      throw new Error(
        `Compute orientorder/atom cutoff is longer than pairwise cutoff (${Math.sqrt(this.cutsq)} > ${cutforce})`,
      );
    if (this.wlflag || this.wlhatflag) this.cglist = clebschGordanTable(this.qlist);
    this.invoked = -1;
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    const n = s.n,
      ncol = this.peratomCols;
    // Once per step however many columns are read (compute reduce reads each one), as LAMMPS.
    if (this.invoked === sim.step && this.out.length >= n * ncol) return this.out.subarray(0, n * ncol);
    this.invoked = sim.step;
    if (this.out.length < n * ncol) this.out = new Float64Array(n * ncol);
    const out = this.out;
    out.fill(0, 0, n * ncol);
    // LAMMPS's occasional full list (pair + skin) at the current positions, in LAMMPS's order where
    // it can be reproduced (the sums below follow it to the last bit), else dpmd's own list.
    let x: Float64Array, offset: Int32Array, nb: Int32Array;
    const nbr = sim.neighbor;
    if (LammpsOrderFullList.supports(s)) {
      this.lmpList.build(s, nbr.cutNeighbor, nbr.typeCutSq, s.ntypes);
      x = this.lmpList.xAll;
      offset = this.lmpList.offset;
      nb = this.lmpList.list;
    } else {
      this.list.build(nbr.ghosts, nbr.cutNeighbor, nbr.typeCutSq, s.ntypes, null);
      x = nbr.ghosts.xAll;
      offset = this.list.offset;
      nb = this.list.list;
    }
    const mask = s.mask,
      cutsq = this.cutsq;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const jnum = offset[i + 1] - offset[i];
      if (this.distsq.length < jnum) {
        this.distsq = new Float64Array(jnum);
        this.nearest = new Int32Array(jnum);
        this.rlist = new Float64Array(3 * jnum);
      }
      const distsq = this.distsq,
        nearest = this.nearest,
        rlist = this.rlist;
      let ncount = 0;
      for (let p = offset[i]; p < offset[i + 1]; p++) {
        const j = nb[p];
        const dx = xt - x[3 * j],
          dy = yt - x[3 * j + 1],
          dz = zt - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < cutsq) {
          distsq[ncount] = rsq;
          rlist[3 * ncount] = dx;
          rlist[3 * ncount + 1] = dy;
          rlist[3 * ncount + 2] = dz;
          nearest[ncount++] = j;
        }
      }
      // Fewer than nnn neighbors (or none): all order parameters stay 0.
      if (ncount === 0 || ncount < this.nnn) continue;
      if (this.nnn > 0) {
        selectNearest(this.nnn, ncount, distsq, nearest, rlist);
        ncount = this.nnn;
      }
      this.calcBoop(rlist, ncount, out, i * ncol);
    }
    return out.subarray(0, n * ncol);
  }

  /**
   * LAMMPS calc_boop (29 Sep 2021): the order parameters of one atom from its ncount neighbor
   * vectors into qn[q0..]. q_lm is kept for m = −l..l (index m + l), the negative m filled from
   * Y_l,−m = (−1)^m conj(Y_lm) as each neighbor is added, so every sum runs in LAMMPS's order.
   */
  private calcBoop(rlist: Float64Array, ncount: number, qn: Float64Array, q0: number): void {
    const qlist = this.qlist,
      nq = qlist.length,
      qnmR = this.qnmR,
      qnmI = this.qnmI;
    for (let il = 0; il < nq; il++) {
      qnmR[il].fill(0);
      qnmI[il].fill(0);
    }
    for (let k = 0; k < ncount; k++) {
      const r0 = rlist[3 * k],
        r1 = rlist[3 * k + 1],
        r2 = rlist[3 * k + 2];
      const rmag = Math.sqrt(r0 * r0 + r1 * r1 + r2 * r2);
      // A coincident neighbor: LAMMPS returns with this atom's values left at 0.
      if (rmag <= MY_EPSILON) return;
      const costheta = r2 / rmag;
      let ephiR = r0,
        ephiI = r1;
      const rxymag = Math.sqrt(ephiR * ephiR + ephiI * ephiI);
      if (rxymag <= MY_EPSILON) {
        ephiR = 1.0;
        ephiI = 0.0;
      } else {
        const rxymaginv = 1.0 / rxymag;
        ephiR *= rxymaginv;
        ephiI *= rxymaginv;
      }
      for (let il = 0; il < nq; il++) {
        const l = qlist[il];
        const qr = qnmR[il],
          qi = qnmI[il];
        qr[l] += polarPrefactor(l, 0, costheta);
        let emR = ephiR,
          emI = ephiI;
        for (let m = 1; m <= l; m++) {
          const prefactor = polarPrefactor(l, m, costheta);
          const ylmR = prefactor * emR;
          const ylmI = prefactor * emI;
          qr[m + l] += ylmR;
          qi[m + l] += ylmI;
          if (m & 1) {
            qr[-m + l] -= ylmR;
            qi[-m + l] += ylmI;
          } else {
            qr[-m + l] += ylmR;
            qi[-m + l] -= ylmI;
          }
          const tR = emR * ephiR - emI * ephiI;
          const tI = emR * ephiI + emI * ephiR;
          emR = tR;
          emI = tI;
        }
      }
    }
    const facn = 1.0 / ncount;
    for (let il = 0; il < nq; il++) {
      const l = qlist[il];
      for (let m = 0; m < 2 * l + 1; m++) {
        qnmR[il][m] *= facn;
        qnmI[il][m] *= facn;
      }
    }
    let jj = q0;
    for (let il = 0; il < nq; il++) {
      const l = qlist[il];
      const qr = qnmR[il],
        qi = qnmI[il];
      let qmSum = 0.0;
      for (let m = 0; m < 2 * l + 1; m++) qmSum += qr[m] * qr[m] + qi[m] * qi[m];
      qn[jj++] = this.qnormfac[il] * Math.sqrt(qmSum);
    }
    if (this.wlflag)
      for (let il = 0, c = 0; il < nq; il++) {
        const [w, next] = this.wlSum(il, c);
        c = next;
        qn[jj++] = w / Math.sqrt(2 * qlist[il] + 1);
      }
    if (this.wlhatflag)
      for (let il = 0, c = 0; il < nq; il++) {
        const [w, next] = this.wlSum(il, c);
        c = next;
        const ql = qn[q0 + il];
        if (ql < QEPSILON) qn[jj++] = 0.0;
        else {
          const qnfac = this.qnormfac[il] / ql;
          qn[jj++] = (w / Math.sqrt(2 * qlist[il] + 1)) * (qnfac * qnfac * qnfac);
        }
      }
    if (this.iqlcomp >= 0) {
      const il = this.iqlcomp,
        l = qlist[il];
      const ql = qn[q0 + il];
      const qr = qnmR[il],
        qi = qnmI[il];
      if (ql < QEPSILON) {
        for (let m = 0; m < 2 * l + 1; m++) {
          qn[jj++] = 0.0;
          qn[jj++] = 0.0;
        }
      } else {
        const qnfac = this.qnormfac[il] / ql;
        for (let m = 0; m < 2 * l + 1; m++) {
          qn[jj++] = qr[m] * qnfac;
          qn[jj++] = qi[m] * qnfac;
        }
      }
    }
  }

  /**
   * Σ <l a l b|l a+b> Re(q_a q_b conj(q_{a+b})) over LAMMPS's (m1, m2) loop for degree index il,
   * reading the Clebsch-Gordan table from entry c; returns the sum and the next table entry.
   */
  private wlSum(il: number, c: number): [number, number] {
    const l = this.qlist[il];
    const qr = this.qnmR[il],
      qi = this.qnmI[il],
      cg = this.cglist;
    let wlsum = 0.0;
    for (let m1 = 0; m1 < 2 * l + 1; m1++) {
      for (let m2 = Math.max(0, l - m1); m2 < Math.min(2 * l + 1, 3 * l - m1 + 1); m2++) {
        const m = m1 + m2 - l;
        const q12R = qr[m1] * qr[m2] - qi[m1] * qi[m2];
        const q12I = qr[m1] * qi[m2] + qi[m1] * qr[m2];
        wlsum += (q12R * qr[m] + q12I * qi[m]) * cg[c++];
      }
    }
    return [wlsum, c];
  }
}

export function createComputeOrientOrderAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute orientorder/atom', args);
  let qlist = [4, 6, 8, 10, 12];
  let nnn = 12,
    cutoff = 0.0,
    wl = false,
    wlhat = false,
    qlcomp = -1;
  a.keywords({
    nnn: (k) => {
      if (k.peek() === 'NULL') {
        nnn = 0;
        k.pos++;
      } else nnn = k.int('nnn', { gt: 0 });
    },
    degrees: (k) => {
      const nq = k.int('degrees count', { gt: 0 });
      k.need(nq, `${nq} degrees`);
      qlist = [];
      for (let il = 0; il < nq; il++) qlist.push(k.int('degree', { ge: 0 }));
    },
    wl: (k) => {
      wl = k.bool('wl');
    },
    'wl/hat': (k) => {
      wlhat = k.bool('wl/hat');
    },
    components: (k) => {
      qlcomp = k.int('components degree');
    },
    cutoff: (k) => {
      cutoff = k.num('cutoff', { gt: 0 });
    },
    chunksize: (k) => {
      k.int('chunksize', { gt: 0 });
    },
  });
  // LAMMPS looks the components degree up in the degrees given so far (keyword order matters there).
  const iqlcomp = qlcomp < 0 ? -1 : qlist.indexOf(qlcomp);
  if (qlcomp >= 0 && iqlcomp < 0) a.fail(`components ${qlcomp} is not one of the degrees (${qlist.join(' ')})`);
  return new ComputeOrientOrderAtom(id, sim.groups.bit(group, 'compute'), qlist, nnn, cutoff, wl, wlhat, iqlcomp);
}
