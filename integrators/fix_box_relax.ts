import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group box/relax keyword value ... (LAMMPS FixBoxRelax, src/fix_box_relax.cpp, 29 Sep 2021):
 * during a line-search minimization the box lengths (and tilts with `tri`/`xy`/`xz`/`yz`) become
 * extra degrees of freedom, driven towards an external pressure / stress state.
 *
 * The extra dof are the strains s_d = L_d/L0_d - 1 relative to the box L0 at the start of the
 * minimization (the reference box, reset every `nreset` iterations). With P the virial pressure
 * (no kinetic part) and V0 the reference volume, the energy added to the minimizer is
 *   iso:    E = P_t (s^d - 1) V0,       f = (P - P_t) d s^(d-1) V0                 (d = dimension)
 *   aniso:  E = P_h (s_x s_y s_z - 1) V0,  f_x = (P_xx - P_h) s_y s_z V0, ...     (P_h = mean target)
 * plus, when the targets are not hydrostatic (x/y/z/xy/xz/yz keywords or unequal components), the
 * strain energy ½ Tr(σ h hᵀ) of the deviatoric target σ = V0 h0⁻¹ P_dev h0⁻ᵀ and its force h σ
 * (LAMMPS compute_sigma / compute_strain_energy / compute_deviatoric). Energies are divided by
 * nktv2p to energy units. A line-search step alpha moves s by alpha·h_extra: the box is rescaled
 * about the fixed point (default the box centre when the fix was defined) and all atoms (dilate
 * all) or the group's (dilate partial) are mapped with it in fractional coordinates. No strain
 * changes by more than vmax in one step (max_alpha). f_ID is E (extensive) once the step is > 0.
 */

/** LAMMPS couple styles and pstyles. */
type Couple = 'none' | 'xyz' | 'xy' | 'yz' | 'xz';
type PStyle = 'iso' | 'aniso' | 'tri';

export class FixBoxRelax implements Fix {
  readonly style = 'box/relax';
  readonly extensive = true;
  readonly changesBox = true;
  group: string;

  // Settings (LAMMPS p_target / p_flag in Voigt order x y z yz xz xy).
  readonly pTarget = new Float64Array(6);
  readonly pFlag = [false, false, false, false, false, false];
  pcouple: Couple = 'none';
  pstyle: PStyle = 'aniso';
  allremap = true;
  vmax = 0.0001;
  deviatoric = false;
  nreset = 0;
  scalexy = false;
  scalexz = false;
  scaleyz = false;
  readonly fixedpoint = new Float64Array(3);

  // State of the current minimization.
  private pv2e = 1;
  private xprdinit = 0;
  private yprdinit = 0;
  private zprdinit = 0;
  private vol0 = 0;
  private pHydro = 0;
  private readonly h0 = new Float64Array(6);
  private readonly h0Inv = new Float64Array(6);
  private readonly sigma = new Float64Array(6);
  private readonly fdev = new Float64Array(6);
  private readonly pCurrent = new Float64Array(6);
  private readonly boxlo0 = new Float64Array(3);
  private readonly boxhi0 = new Float64Array(3);
  private readonly boxtilt0 = new Float64Array(3);
  private readonly ds = new Float64Array(6);
  private readonly ftmp = new Float64Array(6);
  private readonly virialP = new Float64Array(6);

  constructor(
    readonly id: string,
    group: string,
    private readonly groupBit: number,
    private readonly dimension: 2 | 3,
  ) {
    this.group = group;
  }

  minDof(): number {
    if (this.pstyle === 'iso') return 1;
    if (this.pstyle === 'tri') return 6;
    return 3;
  }

  init(sim: Simulation): void {
    const b = sim.system.box;
    this.pv2e = 1.0 / sim.system.units.nktv2p;
    this.xprdinit = b.h[0];
    this.yprdinit = b.h[1];
    this.zprdinit = this.dimension === 2 ? 1.0 : b.h[2];
    this.vol0 = this.xprdinit * this.yprdinit * this.zprdinit;
    this.h0.set(b.h);
    this.computePressTarget();
    if (this.deviatoric) this.computeSigma(sim);
  }

  /**
   * The virial pressure (LAMMPS compute pressure ... virial): scalar (W_xx + W_yy + W_zz)/3/V, or
   * (W_xx + W_yy)/2/A in 2d; tensor W/V with zz, xz, yz zero in 2d; pressure units.
   */
  private couple(sim: Simulation): void {
    const b = sim.system.box,
      w = sim.virial,
      nktv2p = sim.system.units.nktv2p;
    const pc = this.pCurrent;
    if (this.pstyle === 'iso') {
      let p: number;
      if (this.dimension === 3) {
        const invVolume = 1.0 / (b.h[0] * b.h[1] * b.h[2]);
        p = ((w[0] + w[1] + w[2]) / 3.0) * invVolume * nktv2p;
      } else {
        const invVolume = 1.0 / (b.h[0] * b.h[1]);
        p = ((w[0] + w[1]) / 2.0) * invVolume * nktv2p;
      }
      pc[0] = pc[1] = pc[2] = p;
    } else {
      const t = this.virialP;
      const invVolume = this.dimension === 3 ? 1.0 / (b.h[0] * b.h[1] * b.h[2]) : 1.0 / (b.h[0] * b.h[1]);
      for (let k = 0; k < 6; k++) t[k] = w[k] * invVolume * nktv2p;
      if (this.dimension === 2) t[2] = t[4] = t[5] = 0.0;
      if (this.pcouple === 'xyz') pc[0] = pc[1] = pc[2] = (1.0 / 3.0) * (t[0] + t[1] + t[2]);
      else if (this.pcouple === 'xy') {
        pc[0] = pc[1] = 0.5 * (t[0] + t[1]);
        pc[2] = t[2];
      } else if (this.pcouple === 'yz') {
        pc[1] = pc[2] = 0.5 * (t[1] + t[2]);
        pc[0] = t[0];
      } else if (this.pcouple === 'xz') {
        pc[0] = pc[2] = 0.5 * (t[0] + t[2]);
        pc[1] = t[1];
      } else {
        pc[0] = t[0];
        pc[1] = t[1];
        pc[2] = t[2];
      }
      // Voigt order yz xz xy from the tensor's xy xz yz.
      if (this.pstyle === 'tri') {
        pc[3] = t[5];
        pc[4] = t[4];
        pc[5] = t[3];
      }
    }
    for (let k = 0; k < 6; k++)
      if (!Number.isFinite(pc[k])) throw new Error('Non-numeric pressure - simulation unstable (fix box/relax)');
  }

  /** Energy of the extra dof and their forces (energy units) (LAMMPS FixBoxRelax::min_energy). */
  minEnergy(sim: Simulation, fextra: Float64Array): number {
    this.couple(sim);
    const b = sim.system.box;
    const pv2e = this.pv2e,
      vol0 = this.vol0,
      pt = this.pTarget,
      pc = this.pCurrent,
      pf = this.pFlag;
    let eng: number;
    if (this.pstyle === 'iso') {
      const scale = b.h[0] / this.xprdinit;
      if (this.dimension === 3) {
        eng = pv2e * pt[0] * (scale * scale * scale - 1.0) * vol0;
        fextra[0] = pv2e * (pc[0] - pt[0]) * 3.0 * scale * scale * vol0;
      } else {
        eng = pv2e * pt[0] * (scale * scale - 1.0) * vol0;
        fextra[0] = pv2e * (pc[0] - pt[0]) * 2.0 * scale * vol0;
      }
      return eng;
    }
    fextra[0] = fextra[1] = fextra[2] = 0.0;
    let scalex = 1.0,
      scaley = 1.0,
      scalez = 1.0;
    if (pf[0]) scalex = b.h[0] / this.xprdinit;
    if (pf[1]) scaley = b.h[1] / this.yprdinit;
    if (pf[2]) scalez = b.h[2] / this.zprdinit;
    const scalevol = scalex * scaley * scalez;
    const ph = this.pHydro;
    eng = pv2e * ph * (scalevol - 1.0) * vol0;
    if (pf[0]) fextra[0] = pv2e * (pc[0] - ph) * scaley * scalez * vol0;
    if (pf[1]) fextra[1] = pv2e * (pc[1] - ph) * scalex * scalez * vol0;
    if (pf[2]) fextra[2] = pv2e * (pc[2] - ph) * scalex * scaley * vol0;
    const xi = this.xprdinit,
      yi = this.yprdinit,
      zi = this.zprdinit;
    if (this.pstyle === 'tri') {
      fextra[3] = fextra[4] = fextra[5] = 0.0;
      if (pf[3]) fextra[3] = pv2e * pc[3] * scaley * yi * scalex * xi * yi;
      if (pf[4]) fextra[4] = pv2e * pc[4] * scalex * xi * scaley * yi * xi;
      if (pf[5]) fextra[5] = pv2e * pc[5] * scalex * xi * scalez * zi * xi;
    }
    if (this.deviatoric) {
      this.computeDeviatoric(sim);
      const fd = this.fdev;
      if (pf[0]) fextra[0] -= fd[0] * xi;
      if (pf[1]) fextra[1] -= fd[1] * yi;
      if (pf[2]) fextra[2] -= fd[2] * zi;
      if (this.pstyle === 'tri') {
        if (pf[3]) fextra[3] -= fd[3] * yi;
        if (pf[4]) fextra[4] -= fd[4] * xi;
        if (pf[5]) fextra[5] -= fd[5] * xi;
      }
      eng += this.computeStrainEnergy(sim);
    }
    return eng;
  }

  /** Store the box at the start of a line search (LAMMPS min_store; cg never nests, one level suffices). */
  minStore(sim: Simulation): void {
    const b = sim.system.box;
    this.boxlo0.set(b.lo);
    this.boxhi0.set(b.hi);
    if (this.pstyle === 'tri') {
      this.boxtilt0[0] = b.yz;
      this.boxtilt0[1] = b.xz;
      this.boxtilt0[2] = b.xy;
    }
  }

  /** Reset the reference box every nreset iterations (deviatoric targets only) (LAMMPS min_reset_ref). */
  minResetRef(sim: Simulation): boolean {
    if (this.deviatoric && this.nreset > 0) {
      const delta = sim.step - sim.beginStep;
      if (delta % this.nreset === 0) {
        this.computeSigma(sim);
        return true;
      }
    }
    return false;
  }

  /** Strains ds = alpha*hextra, then remap box and atoms from the stored start (LAMMPS min_step). */
  minStep(sim: Simulation, alpha: number, hextra: Float64Array): void {
    const ds = this.ds,
      pf = this.pFlag;
    if (this.pstyle === 'iso') {
      ds[0] = ds[1] = ds[2] = alpha * hextra[0];
    } else {
      ds[0] = ds[1] = ds[2] = 0.0;
      if (pf[0]) ds[0] = alpha * hextra[0];
      if (pf[1]) ds[1] = alpha * hextra[1];
      if (pf[2]) ds[2] = alpha * hextra[2];
      if (this.pstyle === 'tri') {
        ds[3] = ds[4] = ds[5] = 0.0;
        if (pf[3]) ds[3] = alpha * hextra[3];
        if (pf[4]) ds[4] = alpha * hextra[4];
        if (pf[5]) ds[5] = alpha * hextra[5];
      }
    }
    this.remap(sim);
  }

  /** Largest alpha keeping every strain step within vmax (LAMMPS max_alpha). */
  maxAlpha(_sim: Simulation, hextra: Float64Array): number {
    let alpha = 1.0;
    const pf = this.pFlag,
      vmax = this.vmax;
    if (this.pstyle === 'iso') alpha = vmax / Math.abs(hextra[0]);
    else {
      for (let k = 0; k < 3; k++) if (pf[k]) alpha = Math.min(alpha, vmax / Math.abs(hextra[k]));
      if (this.pstyle === 'tri')
        for (let k = 3; k < 6; k++) if (pf[k]) alpha = Math.min(alpha, vmax / Math.abs(hextra[k]));
    }
    return alpha;
  }

  /**
   * Rescale the box from the stored start by ds about the fixed point and map the atoms with it in
   * fractional coordinates (LAMMPS FixBoxRelax::remap).
   */
  private remap(sim: Simulation): void {
    const s = sim.system,
      b = s.box,
      x = s.x,
      n = s.n,
      mask = s.mask,
      bit = this.groupBit;
    const all = this.allremap;
    for (let i = 0; i < n; i++) if (all || mask[i] & bit) b.toLamda(x, 3 * i, x, 3 * i);
    const h = b.h,
      h0 = this.h0,
      ds = this.ds,
      fp = this.fixedpoint;
    for (let d = 0; d < 3; d++) {
      if (!this.pFlag[d]) continue;
      const lo0 = this.boxlo0[d],
        hi0 = this.boxhi0[d];
      // h is still the box before this step (LAMMPS domain->h before set_global_box).
      b.lo[d] = lo0 + ((lo0 - fp[d]) / h[d]) * ds[d] * h0[d];
      b.hi[d] = hi0 + ((hi0 - fp[d]) / h[d]) * ds[d] * h0[d];
      if (b.lo[d] >= b.hi[d]) throw new Error('Fix box/relax generated negative box length');
    }
    if (this.scaleyz) b.yz = ((b.hi[2] - b.lo[2]) * h0[3]) / h0[2];
    if (this.scalexz) b.xz = ((b.hi[2] - b.lo[2]) * h0[4]) / h0[2];
    if (this.scalexy) b.xy = ((b.hi[1] - b.lo[1]) * h0[5]) / h0[1];
    if (this.pstyle === 'tri') {
      if (this.pFlag[3]) b.yz = this.boxtilt0[0] + ds[3] * this.yprdinit;
      if (this.pFlag[4]) b.xz = this.boxtilt0[1] + ds[4] * this.xprdinit;
      if (this.pFlag[5]) b.xy = this.boxtilt0[2] + ds[5] * this.xprdinit;
    }
    b.update();
    for (let i = 0; i < n; i++) if (all || mask[i] & bit) b.fromLamda(x, 3 * i, x, 3 * i);
  }

  /** Hydrostatic target P_h = mean of the controlled diagonal targets (LAMMPS compute_press_target). */
  private computePressTarget(): void {
    const pf = this.pFlag,
      pt = this.pTarget;
    const n = (pf[0] ? 1 : 0) + (pf[1] ? 1 : 0) + (pf[2] ? 1 : 0);
    let ph = 0.0;
    for (let i = 0; i < 3; i++) if (pf[i]) ph += pt[i];
    if (n) ph /= n;
    this.pHydro = ph;
    for (let i = 0; i < 3; i++) if (pf[i] && Math.abs(ph - pt[i]) > 1.0e-6) this.deviatoric = true;
    if (this.pstyle === 'tri')
      for (let i = 3; i < 6; i++) if (pf[i] && Math.abs(pt[i]) > 1.0e-6) this.deviatoric = true;
  }

  /**
   * Reset the reference box to the current one and form σ = V0 h0⁻¹ P_dev h0⁻ᵀ from the deviatoric
   * target, corrected for tilts by the stationarity relation P_dev,sys = P_dev,targ h⁻ᵀ h_diag
   * (LAMMPS compute_sigma).
   */
  private computeSigma(sim: Simulation): void {
    const b = sim.system.box;
    this.xprdinit = b.h[0];
    this.yprdinit = b.h[1];
    this.zprdinit = this.dimension === 2 ? 1.0 : b.h[2];
    this.vol0 = this.xprdinit * this.yprdinit * this.zprdinit;
    const hi = this.h0Inv;
    hi.set(b.hInv);
    const h0 = this.h0;
    const pf = this.pFlag,
      pt = this.pTarget,
      ph = this.pHydro;
    // hinv as a full 3x3 (upper triangular), row-major.
    const a = [hi[0], hi[5], hi[4], 0.0, hi[1], hi[3], 0.0, 0.0, hi[2]];
    const p = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    if (pf[0]) p[0] = pt[0] - ph;
    if (pf[1]) p[4] = pt[1] - ph;
    if (pf[2]) p[8] = pt[2] - ph;
    p[5] = p[7] = pt[3];
    p[2] = p[6] = pt[4];
    p[1] = p[3] = pt[5];
    p[4] -= p[5] * hi[3] * h0[1];
    p[1] -= p[2] * hi[3] * h0[1];
    p[3] = p[1];
    p[0] -= p[1] * hi[5] * h0[0] + p[2] * hi[4] * h0[0];
    // tmp = hinv p; sigma = vol0 * tmp hinvᵀ (MathExtra times3, times3_transpose, scalar_times3).
    const t = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) t[3 * r + c] = a[3 * r] * p[c] + a[3 * r + 1] * p[3 + c] + a[3 * r + 2] * p[6 + c];
    const sg = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++)
        sg[3 * r + c] = t[3 * r] * a[3 * c] + t[3 * r + 1] * a[3 * c + 1] + t[3 * r + 2] * a[3 * c + 2];
    for (let k = 0; k < 9; k++) sg[k] *= this.vol0;
    const s = this.sigma;
    s[0] = sg[0];
    s[1] = sg[4];
    s[2] = sg[8];
    s[3] = sg[5];
    s[4] = sg[2];
    s[5] = sg[1];
  }

  /** Strain energy ½ Tr(σ h hᵀ) in energy units (LAMMPS compute_strain_energy). */
  private computeStrainEnergy(sim: Simulation): number {
    const h = sim.system.box.h,
      s = this.sigma;
    let d0: number, d1: number, d2: number;
    if (this.dimension === 3) {
      d0 = s[0] * (h[0] * h[0] + h[5] * h[5] + h[4] * h[4]) + s[5] * (h[1] * h[5] + h[3] * h[4]) + s[4] * (h[2] * h[4]);
      d1 = s[5] * (h[5] * h[1] + h[4] * h[3]) + s[1] * (h[1] * h[1] + h[3] * h[3]) + s[3] * (h[2] * h[3]);
      d2 = s[4] * (h[4] * h[2]) + s[3] * (h[3] * h[2]) + s[2] * (h[2] * h[2]);
    } else {
      d0 = s[0] * (h[0] * h[0] + h[5] * h[5]) + s[5] * h[1] * h[5];
      d1 = s[5] * h[5] * h[1] + s[1] * h[1] * h[1];
      d2 = 0.0;
    }
    return 0.5 * (d0 + d1 + d2) * this.pv2e;
  }

  /** Deviatoric force h σ in energy units (LAMMPS compute_deviatoric). */
  private computeDeviatoric(sim: Simulation): void {
    const h = sim.system.box.h,
      s = this.sigma,
      fd = this.fdev,
      pv2e = this.pv2e;
    if (this.dimension === 3) {
      fd[0] = pv2e * (h[0] * s[0] + h[5] * s[5] + h[4] * s[4]);
      fd[1] = pv2e * (h[1] * s[1] + h[3] * s[3]);
      fd[2] = pv2e * (h[2] * s[2]);
      fd[3] = pv2e * (h[1] * s[3] + h[3] * s[2]);
      fd[4] = pv2e * (h[0] * s[4] + h[5] * s[3] + h[4] * s[2]);
      fd[5] = pv2e * (h[0] * s[5] + h[5] * s[1] + h[4] * s[3]);
    } else {
      fd[0] = pv2e * (h[0] * s[0] + h[5] * s[5]);
      fd[1] = pv2e * (h[1] * s[1]);
      fd[5] = pv2e * (h[0] * s[5] + h[5] * s[1]);
    }
  }

  /** f_ID: the energy of the extra dof (0 at step 0), energy units (LAMMPS compute_scalar). */
  computeScalar(sim: Simulation): number {
    if (sim.step === 0) return 0.0;
    return this.minEnergy(sim, this.ftmp);
  }
}

/** Parse `fix ID group box/relax keyword value ...` with LAMMPS's checks. */
export function createFixBoxRelax(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const b = sim.system.box;
  const dimension = sim.system.dimension;
  const fix = new FixBoxRelax(id, group, bit, dimension);
  const a = new Args('fix box/relax', args);
  a.need(2, 'keyword value ...');
  const pt = fix.pTarget,
    pf = fix.pFlag;
  const periodic = b.periodic;
  // Tilt factors scale with the box when they are nonzero (LAMMPS default).
  if (periodic[1] && b.xy !== 0.0) fix.scalexy = true;
  if (periodic[2] && dimension === 3) {
    if (b.yz !== 0.0) fix.scaleyz = true;
    if (b.xz !== 0.0) fix.scalexz = true;
  }
  fix.fixedpoint[0] = 0.5 * (b.lo[0] + b.hi[0]);
  fix.fixedpoint[1] = 0.5 * (b.lo[1] + b.hi[1]);
  fix.fixedpoint[2] = 0.5 * (b.lo[2] + b.hi[2]);
  const yesNo = (what: string): boolean => {
    const w = a.word(what);
    if (w === 'yes') return true;
    if (w === 'no') return false;
    return a.fail(`${what} takes yes or no, got '${w}'`);
  };
  const no2d = (kw: string): void => {
    if (dimension === 2) a.fail(`${kw} not allowed for a 2d simulation`);
  };
  while (a.more()) {
    const kw = a.word('keyword');
    switch (kw) {
      case 'iso':
      case 'aniso':
      case 'tri': {
        const p = a.num(`${kw} pressure`);
        fix.pcouple = kw === 'iso' ? 'xyz' : 'none';
        pt[0] = pt[1] = pt[2] = p;
        pf[0] = pf[1] = pf[2] = true;
        if (kw === 'tri') {
          fix.scalexy = fix.scalexz = fix.scaleyz = false;
          pt[3] = pt[4] = pt[5] = 0.0;
          pf[3] = pf[4] = pf[5] = true;
        }
        if (dimension === 2) {
          pt[2] = 0.0;
          pf[2] = false;
          if (kw === 'tri') {
            pt[3] = pt[4] = 0.0;
            pf[3] = pf[4] = false;
          }
        }
        break;
      }
      case 'x':
      case 'y':
      case 'z': {
        const d = kw === 'x' ? 0 : kw === 'y' ? 1 : 2;
        pt[d] = a.num(`${kw} pressure`);
        pf[d] = true;
        fix.deviatoric = true;
        if (d === 2) no2d('z');
        break;
      }
      case 'yz':
      case 'xz':
      case 'xy': {
        const k = kw === 'yz' ? 3 : kw === 'xz' ? 4 : 5;
        pt[k] = a.num(`${kw} pressure`);
        pf[k] = true;
        fix.deviatoric = true;
        if (kw === 'yz') fix.scaleyz = false;
        if (kw === 'xz') fix.scalexz = false;
        if (kw === 'xy') fix.scalexy = false;
        if (kw !== 'xy') no2d(kw);
        break;
      }
      case 'couple': {
        const c = a.word('couple style');
        const styles: readonly Couple[] = ['xyz', 'xy', 'yz', 'xz', 'none'];
        const found = styles.find((st) => st === c);
        if (found === undefined) a.fail(`couple must be one of xyz, xy, yz, xz, none, got '${c}'`);
        else fix.pcouple = found;
        break;
      }
      case 'dilate': {
        const d = a.word('dilate style');
        if (d === 'all') fix.allremap = true;
        else if (d === 'partial') fix.allremap = false;
        else a.fail(`dilate must be all or partial, got '${d}'`);
        break;
      }
      case 'vmax':
        fix.vmax = a.num('vmax', { gt: 0 });
        break;
      case 'nreset':
        fix.nreset = a.int('nreset', { ge: 0 });
        break;
      case 'scalexy':
        fix.scalexy = yesNo('scalexy');
        break;
      case 'scalexz':
        fix.scalexz = yesNo('scalexz');
        break;
      case 'scaleyz':
        fix.scaleyz = yesNo('scaleyz');
        break;
      case 'fixedpoint':
        fix.fixedpoint[0] = a.num('fixedpoint x');
        fix.fixedpoint[1] = a.num('fixedpoint y');
        fix.fixedpoint[2] = a.num('fixedpoint z');
        break;
      default:
        a.fail(`unknown keyword '${kw}'`);
    }
  }
  checkSettings(fix, sim, a);
  return fix;
}

/** LAMMPS's consistency checks of the constructor, then pstyle (iso: 1 dof, aniso: 3, tri: 6). */
function checkSettings(fix: FixBoxRelax, sim: Simulation, a: Args): void {
  const pf = fix.pFlag,
    pt = fix.pTarget,
    c = fix.pcouple;
  const b = sim.system.box;
  const dim = sim.system.dimension;
  if (dim === 2 && (pf[2] || pf[3] || pf[4])) a.fail('invalid settings for a 2d simulation (z, yz or xz)');
  if (dim === 2 && (c === 'yz' || c === 'xz')) a.fail(`couple ${c} is invalid for a 2d simulation`);
  const bad = (): never => a.fail('invalid pressure settings for the couple style');
  if (c === 'xyz' && (!pf[0] || !pf[1])) bad();
  if (c === 'xyz' && dim === 3 && !pf[2]) bad();
  if (c === 'xy' && (!pf[0] || !pf[1])) bad();
  if (c === 'yz' && (!pf[1] || !pf[2])) bad();
  if (c === 'xz' && (!pf[0] || !pf[2])) bad();
  const axes = ['x', 'y', 'z'];
  for (let d = 0; d < 3; d++)
    if (pf[d] && !b.periodic[d]) a.fail(`cannot be used with non-periodic ${axes[d]} dimension`);
  if (pf[3] && !b.periodic[2]) a.fail('cannot relax yz with non-periodic z dimension');
  if (pf[4] && !b.periodic[2]) a.fail('cannot relax xz with non-periodic z dimension');
  if (pf[5] && !b.periodic[1]) a.fail('cannot relax xy with non-periodic y dimension');
  if (fix.scaleyz && !b.periodic[2]) a.fail('cannot scale the yz tilt factor with non-periodic z dimension');
  if (fix.scalexz && !b.periodic[2]) a.fail('cannot scale the xz tilt factor with non-periodic z dimension');
  if (fix.scalexy && !b.periodic[1]) a.fail('cannot scale the xy tilt factor with non-periodic y dimension');
  if (pf[3] && fix.scaleyz) a.fail('cannot both relax and scale the yz tilt factor');
  if (pf[4] && fix.scalexz) a.fail('cannot both relax and scale the xz tilt factor');
  if (pf[5] && fix.scalexy) a.fail('cannot both relax and scale the xy tilt factor');
  if (!b.triclinic && (pf[3] || pf[4] || pf[5])) a.fail('cannot specify Pxy/Pxz/Pyz with a non-triclinic box');
  if (c === 'xyz' && dim === 3 && (pt[0] !== pt[1] || pt[0] !== pt[2]))
    a.fail('pressure for x, y, and z must be the same with couple xyz');
  if (c === 'xyz' && dim === 2 && pt[0] !== pt[1]) a.fail('pressure for x and y must be the same with couple xyz');
  if (c === 'xy' && pt[0] !== pt[1]) a.fail('pressure for x and y must be the same with couple xy');
  if (c === 'yz' && pt[1] !== pt[2]) a.fail('pressure for y and z must be the same with couple yz');
  if (c === 'xz' && pt[0] !== pt[2]) a.fail('pressure for x and z must be the same with couple xz');
  if (pf[3] || pf[4] || pf[5]) fix.pstyle = 'tri';
  else if (c === 'xyz' || (dim === 2 && c === 'xy')) fix.pstyle = 'iso';
  else fix.pstyle = 'aniso';
  if (!pf.some((p) => p)) a.fail('no box dimension to relax: give iso, aniso, tri, x, y, z, xy, xz or yz');
}
