import { Box } from '../src/box.js';
import { Min, STOP } from './min.js';
import type { StopReason } from './min.js';

/**
 * Line-search minimizers (LAMMPS MinLineSearch, src/min_linesearch.cpp, 29 Sep 2021): the search
 * direction h, the previous force g and the start point x0 of the current line search, and the
 * three line searches selected by `min_modify line`: backtrack, quadratic (the default) and
 * forcezero. A line search moves x to x0 + alpha*h and leaves system.f, sim.pe and ecurrent at the
 * accepted point, or at x0 when it fails.
 *
 * Projections f.h and f.f are divided by the atom count when thermo is normalised, as in LAMMPS,
 * because they are compared with the (per-atom) minimizer energy.
 *
 * Extra global dof of fixes (fix box/relax's box) ride along as LAMMPS does: their forces fextra
 * join every dot product after the atoms' sums, their directions hextra move with alpha through
 * the fix's min_step (which rescales the box and dilates the atoms before x0 + alpha*h is added),
 * the fix caps alpha (max_alpha), and after a successful search it may reset its reference box.
 */

/** Largest alpha tried, so tiny forces do not start a search with a huge step (LAMMPS ALPHA_MAX). */
const ALPHA_MAX = 1.0;
/** Backtracking reduction factor, in [0.5, 1). */
const ALPHA_REDUCE = 0.5;
/** Sufficient-decrease slope of the Armijo test, in (0, 0.5]. */
const BACKTRACK_SLOPE = 0.4;
/** Relative error accepted for the quadratic (secant) projection. */
const QUADRATIC_TOL = 0.1;
/** Machine-accuracy limit of energy changes. */
const EMACH = 1.0e-8;
/** Smallest |f.h| and |delta f.h| the quadratic projection trusts. */
const EPS_QUAD = 1.0e-28;

export abstract class MinLineSearch extends Min {
  /** Start of the current line search, n x 3 (length units). */
  protected x0 = new Float64Array(0);
  /** Force of the previous iteration, n x 3 (force units). */
  protected g = new Float64Array(0);
  /** Search direction, n x 3 (force units; the step is alpha*h). */
  protected h = new Float64Array(0);
  private readonly d = new Float64Array(3);
  /** Previous force and search direction of the extra global dof (LAMMPS gextra, hextra), one hextra slice per fix. */
  protected gextra = new Float64Array(0);
  protected hextra = new Float64Array(0);
  private hextraSlices: Float64Array[] = [];
  /** The box at the start of the line search (LAMMPS FixMinimize::store_box), for resetCoords. */
  private readonly box0 = new Box();

  protected override get movesExtraGlobal(): boolean {
    return true;
  }

  protected override setupStyle(): void {
    const ne = this.nextraGlobal;
    this.gextra = new Float64Array(ne);
    this.hextra = new Float64Array(ne);
    this.hextraSlices = [];
    let off = 0;
    for (const s of this.fextraSlices) {
      this.hextraSlices.push(this.hextra.subarray(off, off + s.length));
      off += s.length;
    }
    const n = this.nvec;
    if (this.x0.length !== n) {
      this.x0 = new Float64Array(n);
      this.g = new Float64Array(n);
      this.h = new Float64Array(n);
    } else {
      this.x0.fill(0);
      this.g.fill(0);
      this.h.fill(0);
    }
  }

  /**
   * Atoms wrapped through a periodic boundary by a reneighbor: shift their x0 by the same period,
   * so x0 + alpha*h keeps describing the same line (LAMMPS FixMinimize::reset_coords). The period
   * is that of the box the line search started from (LAMMPS swaps the stored box in).
   */
  protected override resetCoords(): void {
    const x = this.sim.system.x,
      x0 = this.x0,
      box = this.nextraGlobal > 0 ? this.box0 : this.sim.system.box,
      d = this.d;
    for (let i = 0; i < this.nvec; i += 3) {
      const dx0 = x[i] - x0[i],
        dy0 = x[i + 1] - x0[i + 1],
        dz0 = x[i + 2] - x0[i + 2];
      d[0] = dx0;
      d[1] = dy0;
      d[2] = dz0;
      box.minimumImage(d, 0);
      if (d[0] !== dx0) x0[i] = x[i] - d[0];
      if (d[1] !== dy0) x0[i + 1] = x[i + 1] - d[1];
      if (d[2] !== dz0) x0[i + 2] = x[i + 2] - d[2];
    }
  }

  /** Line minimization from the current x along h (LAMMPS linemin); null on success, else why it failed. */
  protected linemin(eoriginal: number): StopReason | null {
    switch (this.linestyle) {
      case 'backtrack':
        return this.lineminBacktrack(eoriginal);
      case 'forcezero':
        return this.lineminForcezero(eoriginal);
      default:
        return this.lineminQuadratic(eoriginal);
    }
  }

  /** f.h with the extra global dof (normalised as the energy is); force^2 units. */
  private fdoth(): number {
    const f = this.sim.system.f,
      h = this.h;
    let s = 0;
    for (let i = 0; i < this.nvec; i++) s += f[i] * h[i];
    for (let i = 0; i < this.nextraGlobal; i++) s += this.fextra[i] * this.hextra[i];
    return this.normflag ? s / this.sim.system.n : s;
  }

  /** Largest |h| of the atoms. */
  private hmax(): number {
    const h = this.h;
    let m = 0;
    for (let i = 0; i < this.nvec; i++) m = Math.max(m, Math.abs(h[i]));
    return m;
  }

  /** Largest alpha the extra global dof allow (LAMMPS Modify::max_alpha; 1e20 when none). */
  private extraMaxAlpha(): number {
    let a = 1.0e20;
    for (let k = 0; k < this.extraFixes.length; k++)
      a = Math.min(a, this.extraFixes[k].maxAlpha!(this.sim, this.hextraSlices[k]));
    return a;
  }

  /** Largest |h| over atoms and extra global dof. */
  private hmaxWithExtra(hmaxAtoms: number): number {
    let m = hmaxAtoms;
    for (let i = 0; i < this.nextraGlobal; i++) m = Math.max(m, Math.abs(this.hextra[i]));
    return m;
  }

  /** Store the box, x0 and the fixes' extra dof at the start of a line search. */
  private storeStart(): void {
    const b = this.sim.system.box,
      b0 = this.box0;
    b0.lo.set(b.lo);
    b0.hi.set(b.hi);
    b0.xy = b.xy;
    b0.xz = b.xz;
    b0.yz = b.yz;
    b0.triclinic = b.triclinic;
    b0.periodic = [b.periodic[0], b.periodic[1], b.periodic[2]];
    b0.dimension = b.dimension;
    b0.update();
    this.x0.set(this.sim.system.x.subarray(0, this.nvec));
    for (const f of this.extraFixes) f.minStore!(this.sim);
  }

  /** After a successful line search: let the fixes reset their reference state, re-evaluating if one did. */
  private resetRef(): void {
    if (this.nextraGlobal === 0) return;
    let reset = false;
    for (const f of this.extraFixes) if (f.minResetRef?.(this.sim)) reset = true;
    if (reset) this.ecurrent = this.energyForce(true);
  }

  /**
   * Backtracking line search (Nocedal & Wright, Procedure 3.1): start at the largest allowed alpha
   * and halve it until the Armijo condition holds. Uses no gradient along the line.
   */
  private lineminBacktrack(eoriginal: number): StopReason | null {
    const fdothall = this.fdoth();
    if (fdothall <= 0) return STOP.DOWNHILL;
    let hmaxall = this.hmax();
    let alpha = Math.min(ALPHA_MAX, this.dmax / hmaxall);
    if (this.nextraGlobal > 0) {
      alpha = Math.min(alpha, this.extraMaxAlpha());
      hmaxall = this.hmaxWithExtra(hmaxall);
    }
    this.alphaFinal = alpha;
    if (hmaxall === 0) return STOP.ZEROFORCE;
    this.storeStart();
    for (;;) {
      this.ecurrent = this.alphaStep(alpha, true);
      const deIdeal = -BACKTRACK_SLOPE * alpha * fdothall;
      const de = this.ecurrent - eoriginal;
      if (de <= deIdeal) {
        this.alphaFinal = alpha;
        this.resetRef();
        return null;
      }
      alpha *= ALPHA_REDUCE;
      this.alphaFinal = alpha;
      if (alpha <= 0 || deIdeal >= -EMACH) {
        this.ecurrent = this.alphaStep(0, false);
        return de < 0 ? STOP.ETOL : STOP.ZEROALPHA;
      }
    }
  }

  /**
   * Quadratic line search (LAMMPS linemin_quadratic, after Dennis & Schnabel): backtrack as above,
   * but as soon as the energy along the line is well described by a quadratic in alpha (judged from
   * the two last directional derivatives), jump to the secant estimate of f.h = 0. Working with
   * gradients rather than energy differences converges forces far below energy round-off.
   */
  private lineminQuadratic(eoriginal: number): StopReason | null {
    const fdothall = this.fdoth();
    if (fdothall <= 0) return STOP.DOWNHILL;
    let hmaxall = this.hmax();
    let alphamax = Math.min(ALPHA_MAX, this.dmax / hmaxall);
    if (this.nextraGlobal > 0) {
      alphamax = Math.min(alphamax, this.extraMaxAlpha());
      hmaxall = this.hmaxWithExtra(hmaxall);
    }
    if (hmaxall === 0) return STOP.ZEROFORCE;
    this.storeStart();

    let alpha = alphamax;
    let fhprev = fdothall;
    let engprev = eoriginal;
    let alphaprev = 0;
    const f = this.sim.system.f,
      h = this.h;
    const n = this.nvec;
    for (;;) {
      this.alphaFinal = alpha;
      this.ecurrent = this.alphaStep(alpha, true);
      let fh = 0;
      for (let i = 0; i < n; i++) fh += f[i] * h[i];
      for (let i = 0; i < this.nextraGlobal; i++) fh += this.fextra[i] * this.hextra[i];
      if (this.normflag) fh /= this.sim.system.n;
      const delfh = fh - fhprev;

      if (Math.abs(fh) < EPS_QUAD || Math.abs(delfh) < EPS_QUAD) {
        this.ecurrent = this.alphaStep(0, false);
        return STOP.ZEROQUAD;
      }

      // Quadratic model E = Eprev - dalpha*(fh + fhprev)/2 accurate enough: take the secant step.
      const relerr = Math.abs(1.0 - (0.5 * (alpha - alphaprev) * (fh + fhprev) + this.ecurrent) / engprev);
      const alpha0 = alpha - ((alpha - alphaprev) * fh) / delfh;
      if (relerr <= QUADRATIC_TOL && alpha0 > 0 && alpha0 < alphamax) {
        this.ecurrent = this.alphaStep(alpha0, true);
        if (this.ecurrent - eoriginal < EMACH) {
          this.resetRef();
          return null;
        }
      }

      const deIdeal = -BACKTRACK_SLOPE * alpha * fdothall;
      const de = this.ecurrent - eoriginal;
      if (de <= deIdeal) {
        this.resetRef();
        return null;
      }

      fhprev = fh;
      engprev = this.ecurrent;
      alphaprev = alpha;
      alpha *= ALPHA_REDUCE;
      if (alpha <= 0 || deIdeal >= -EMACH) {
        this.alphaFinal = alpha;
        this.ecurrent = this.alphaStep(0, false);
        return STOP.ZEROALPHA;
      }
    }
  }

  /**
   * Force-zero line search (LAMMPS linemin_forcezero, after DYNAMO): seek f.h = 0 along h by
   * linearising the directional derivative, backtracking when it changes sign or the energy rises;
   * energy only guards against increases.
   */
  private lineminForcezero(eoriginal: number): StopReason | null {
    const ALPHA_FACT = 0.1;
    const ZERO_ENERGY = 1e-12;
    const GRAD_TOL = 0.1;
    const MIN_ALPHA_FAC = 1e-14;
    const LIMIT_BOOST = 4.0;

    const fdothall = this.fdoth();
    if (fdothall <= 0) return STOP.DOWNHILL;
    let hmaxall = this.hmax();
    let alphaMax = this.dmax / hmaxall;
    if (this.nextraGlobal > 0) {
      alphaMax = Math.min(alphaMax, this.extraMaxAlpha());
      hmaxall = this.hmaxWithExtra(hmaxall);
    }
    if (hmaxall === 0) return STOP.ZEROFORCE;
    this.storeStart();

    let fhCurr = fdothall;
    const fhoriginal = fhCurr;
    let engCurr = eoriginal;
    const alphaInit = (0.1 * Math.abs(eoriginal)) / fdothall;
    let alpha = 0;
    let alphaDel = Math.min(alphaInit, 0.5 * alphaMax);
    for (;;) {
      let backtrack = false;
      const fhPrev = fhCurr;
      const engPrev = engCurr;
      alpha += alphaDel;
      if (alpha > alphaMax) {
        alpha -= alphaDel;
        this.alphaFinal = alpha;
        this.resetRef();
        return null;
      }
      engCurr = this.alphaStep(alpha, true);
      this.ecurrent = engCurr;
      fhCurr = this.fdoth();
      const de = engCurr - engPrev;
      if (de >= ZERO_ENERGY) backtrack = true;
      if (!backtrack && Math.abs(fhCurr / fhoriginal) <= GRAD_TOL) {
        this.alphaFinal = alpha;
        this.resetRef();
        return null;
      }
      if (fhCurr < 0) backtrack = true;
      if (backtrack) {
        alpha -= alphaDel;
        if (fhCurr < 0) alphaDel *= fhPrev / (fhPrev - fhCurr);
        else alphaDel *= ALPHA_FACT;
        engCurr = engPrev;
        this.ecurrent = engCurr;
        fhCurr = fhPrev;
        if (hmaxall * alphaDel <= MIN_ALPHA_FAC) {
          this.alphaFinal = alpha;
          engCurr = this.alphaStep(0, true);
          this.ecurrent = engCurr;
          return STOP.ZEROALPHA;
        }
      } else {
        let boostFactor = LIMIT_BOOST;
        if (fhPrev > fhCurr) boostFactor = fhCurr / (fhPrev - fhCurr);
        boostFactor = Math.min(boostFactor, LIMIT_BOOST);
        alphaDel *= boostFactor;
      }
      this.alphaFinal = alpha;
    }
  }

  /**
   * Set x = x0 + alpha*h, evaluate, count the evaluation; returns the minimizer energy. The fixes'
   * extra dof go back to their stored start first, then (alpha > 0) to start + alpha*hextra, which
   * dilates x0 with the box before the atoms' step is added (LAMMPS alpha_step).
   */
  protected alphaStep(alpha: number, resetflag: boolean): number {
    const x = this.sim.system.x,
      x0 = this.x0,
      h = this.h;
    const n = this.nvec;
    const fixes = this.extraFixes;
    for (let k = 0; k < fixes.length; k++) fixes[k].minStep!(this.sim, 0.0, this.hextraSlices[k]);
    for (let i = 0; i < n; i++) x[i] = x0[i];
    if (alpha > 0) {
      for (let k = 0; k < fixes.length; k++) fixes[k].minStep!(this.sim, alpha, this.hextraSlices[k]);
      for (let i = 0; i < n; i++) x[i] += alpha * h[i];
    }
    this.neval++;
    return this.energyForce(resetflag);
  }
}
