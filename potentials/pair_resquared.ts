/**
 * pair_style resquared cutoff (LAMMPS PairRESquared, ASPHERE package, 29 Sep 2021): the
 * RE-squared anisotropic interaction of Babadi, Ejtehadi and Everaers (2006) between ellipsoids,
 * its ellipsoid-LJ-sphere limit and plain LJ between spheres (types whose atoms have no shape).
 * The loop and analytic forces and torques are in resquared_kernel.ts (LAMMPS's order).
 *
 * pair_coeff I J epsilon sigma eps_i_a eps_i_b eps_i_c eps_j_a eps_j_b eps_j_c [cutoff]: the
 * relative well depths of type I (and J) along its axes (all zero: leave that type's as set by
 * another pair_coeff). Unset I != J pairs mix only between LJ spheres (LAMMPS's rule). Torques go
 * to the atom style's torque array; the virial is Σ x·f (virial_fdotr_compute).
 */
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { num, parseTypeRange } from '../src/parse.js';
import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { mixDistance, mixEnergy, PairBase } from './pair_base.js';
import { RESquaredKernel } from './resquared_kernel.js';

interface RECoeff {
  epsilon: number;
  sigma: number;
  /** NaN: the global cutoff. */
  cut: number;
  /** Mixed (not set by pair_coeff): allowed only between LJ spheres. */
  mixed?: boolean;
}

export class PairRESquared extends PairBase<RECoeff> {
  readonly style = 'resquared';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  private cutGlobal = 0;
  private readonly k = new RESquaredKernel();
  private setwell = new Int32Array(0);
  private torqueAll = new Float64Array(0);
  /** special_bonds lj weights (atom_style ellipsoid has no bonds: only index 0 is used). */
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style resquared command: expected cutoff');
    this.cutGlobal = num(args[0], 'resquared cutoff');
    if (!(this.cutGlobal > 0)) throw new Error('Illegal pair_style resquared command: cutoff must be positive');
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 10 || args.length > 11)
      throw new Error(
        'Incorrect args for pair coefficients (resquared: I J epsilon sigma eia eib eic eja ejb ejc [cutoff])',
      );
    const nt = system.ntypes;
    if (this.setwell.length !== nt + 1) {
      this.k.well = new Float64Array(3 * (nt + 1));
      this.setwell = new Int32Array(nt + 1);
    }
    const v = args.slice(2, 10).map((w) => num(w, 'resquared coefficient'));
    const cut = args.length === 11 ? num(args[10], 'resquared cutoff') : Number.NaN;
    const [eps, sig, eia, eib, eic, eja, ejb, ejc] = v;
    const [ilo, ihi] = parseTypeRange(args[0], nt);
    const [jlo, jhi] = parseTypeRange(args[1], nt);
    const well = this.k.well;
    const setWell = (t: number, a: number, b: number, c: number) => {
      if (a === 0.0 && b === 0.0 && c === 0.0) return;
      well[3 * t] = a;
      well[3 * t + 1] = b;
      well[3 * t + 2] = c;
      this.setwell[t] = a === 1.0 && b === 1.0 && c === 1.0 ? 2 : 1;
    };
    for (let i = ilo; i <= ihi; i++)
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        setWell(i, eia, eib, eic);
        setWell(j, eja, ejb, ejc);
      }
    this.setCoeff(args[0], args[1], nt, { epsilon: eps, sigma: sig, cut });
  }

  protected allocate(ntypes: number): void {
    this.k.allocate(ntypes);
  }

  protected mix(ii: RECoeff, jj: RECoeff): RECoeff {
    const cut = (c: RECoeff) => (Number.isNaN(c.cut) ? this.cutGlobal : c.cut);
    return {
      epsilon: mixEnergy(this.mixRule, ii.epsilon, jj.epsilon, ii.sigma, jj.sigma),
      sigma: mixDistance(this.mixRule, ii.sigma, jj.sigma),
      cut: mixDistance(this.mixRule, cut(ii), cut(jj)),
      mixed: true,
    };
  }

  /**
   * LAMMPS init_style (atom style check, per-type shapes over every type) then init_one for the
   * type pairs this style owns: all of them alone, the mapped ones inside pair hybrid (which binds
   * its sub-styles through initMapped, not init). init_one checks both types' wells first.
   */
  override initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    if (!system.ellipsoid) throw new Error('Pair resquared requires atom style ellipsoid');
    const nt = system.ntypes;
    this.k.initShapes(system, nt, this.setwell);
    for (let i = 1; i <= nt; i++)
      for (let j = i; j <= nt; j++)
        if ((!mapped || mapped(i, j)) && (!this.setwell[i] || !this.setwell[j]))
          throw new Error('Pair resquared epsilon a,b,c coeffs are not all set');
    super.initMapped(system, mapped);
  }

  protected initOne(i: number, j: number, c: RECoeff): number {
    if (c.mixed && (this.k.isEllipsoid(i) || this.k.isEllipsoid(j)))
      throw new Error('Pair resquared epsilon and sigma coeffs are not all set');
    const cut = Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
    return this.k.initPair(i, j, c.epsilon, c.sigma, cut, this.shiftFlag);
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const e = ctx.system.ellipsoid!;
    const nall = g.nall;
    if (this.torqueAll.length < 3 * nall) this.torqueAll = new Float64Array(3 * Math.ceil(nall * 1.2 + 16));
    const tor = this.torqueAll;
    tor.fill(0, 0, 3 * nall);
    out.energy += this.k.compute(g, ctx.list, e.quat, out.f, tor, flags.energy, this.specialLj, NEIGHMASK, SBBITS);
    g.fold(tor, 3);
    e.torque.set(tor.subarray(0, 3 * g.nlocal));
  }
}
