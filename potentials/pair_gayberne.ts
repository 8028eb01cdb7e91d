/**
 * pair_style gayberne gamma upsilon mu cutoff (LAMMPS PairGayBerne, ASPHERE package, 29 Sep 2021):
 * the Gay-Berne anisotropic LJ interaction between ellipsoids (Berardi, Fava and Zannoni's
 * generalisation to biaxial particles, Everaers and Ejtehadi's analytic forces and torques),
 * with LJ between two spheres and the ellipsoid-sphere limit. The analytic energy, force and
 * torque follow LAMMPS's gayberne_analytic / gayberne_lj line by line (same operation order),
 * with LAMMPS's MathExtra helpers in src/asphere/math_extra.ts.
 *
 * pair_coeff I J epsilon sigma eps_i_a eps_i_b eps_i_c eps_j_a eps_j_b eps_j_c [cutoff]: the
 * relative well depths of type I (and J) along its three axes; all zero leaves that type's
 * well as set by another pair_coeff. Shapes come from the atoms (`set shape`): every atom of a
 * type must have the same one. Forces and energies over the half list; torques on both
 * ellipsoids go to the atom style's torque array (folded from ghosts like forces). The virial is
 * Σ x·f over local and ghost atoms (LAMMPS virial_fdotr_compute).
 */
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { num, parseTypeRange } from '../src/parse.js';
import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { GayBerneKernel } from './gayberne_kernel.js';
import { mixDistance, mixEnergy, PairBase } from './pair_base.js';

interface GBCoeff {
  epsilon: number;
  sigma: number;
  /** NaN: the global cutoff. */
  cut: number;
}

export class PairGayBerne extends PairBase<GBCoeff> {
  readonly style = 'gayberne';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  private cutGlobal = 0;
  private readonly k = new GayBerneKernel();
  /** Per type (index 1..ntypes) x 3: relative well depths^(-1/mu) (LAMMPS well) and setwell. */
  private well = new Float64Array(0);
  private setwell = new Int32Array(0);
  private torqueAll = new Float64Array(0);

  settings(args: string[]): void {
    if (args.length !== 4) throw new Error('Illegal pair_style gayberne command: expected gamma upsilon mu cutoff');
    const k = this.k;
    k.gamma = num(args[0], 'gayberne gamma');
    k.upsilon = num(args[1], 'gayberne upsilon') / 2.0;
    k.mu = num(args[2], 'gayberne mu');
    this.cutGlobal = num(args[3], 'gayberne cutoff');
    if (!(this.cutGlobal > 0)) throw new Error('Illegal pair_style gayberne command: cutoff must be positive');
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 10 || args.length > 11)
      throw new Error(
        'Incorrect args for pair coefficients (gayberne: I J epsilon sigma eia eib eic eja ejb ejc [cutoff])',
      );
    const nt = system.ntypes;
    if (this.setwell.length !== nt + 1) {
      this.well = new Float64Array(3 * (nt + 1));
      this.setwell = new Int32Array(nt + 1);
    }
    const v = args.slice(2, 10).map((w) => num(w, 'gayberne coefficient'));
    const cut = args.length === 11 ? num(args[10], 'gayberne cutoff') : Number.NaN;
    const [eps, sig, eia, eib, eic, eja, ejb, ejc] = v;
    const mu = this.k.mu;
    const [ilo, ihi] = parseTypeRange(args[0], nt);
    const [jlo, jhi] = parseTypeRange(args[1], nt);
    const setWell = (t: number, a: number, b: number, c: number) => {
      if (a === 0.0 && b === 0.0 && c === 0.0) return;
      this.well[3 * t] = Math.pow(a, -1.0 / mu);
      this.well[3 * t + 1] = Math.pow(b, -1.0 / mu);
      this.well[3 * t + 2] = Math.pow(c, -1.0 / mu);
      this.setwell[t] = a === b && b === c ? 2 : 1;
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

  protected mix(ii: GBCoeff, jj: GBCoeff): GBCoeff {
    const cut = (c: GBCoeff) => (Number.isNaN(c.cut) ? this.cutGlobal : c.cut);
    return {
      epsilon: mixEnergy(this.mixRule, ii.epsilon, jj.epsilon, ii.sigma, jj.sigma),
      sigma: mixDistance(this.mixRule, ii.sigma, jj.sigma),
      cut: mixDistance(this.mixRule, cut(ii), cut(jj)),
    };
  }

  /**
   * LAMMPS init_style (atom style check, per-type shapes over every type) then init_one for the
   * type pairs this style owns: all of them alone, the mapped ones inside pair hybrid (which binds
   * its sub-styles through initMapped, not init). init_one checks both types' wells first.
   */
  override initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    if (!system.ellipsoid) throw new Error('Pair gayberne requires atom style ellipsoid');
    const nt = system.ntypes;
    this.k.initShapes(system, nt);
    for (let i = 1; i <= nt; i++)
      for (let j = i; j <= nt; j++)
        if ((!mapped || mapped(i, j)) && (!this.setwell[i] || !this.setwell[j]))
          throw new Error('Pair gayberne epsilon a,b,c coeffs are not all set');
    super.initMapped(system, mapped);
  }

  /** LAMMPS init_one: LJ prefactors, offset and the interaction form of the type pair. */
  protected initOne(i: number, j: number, c: GBCoeff): number {
    const cut = Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
    return this.k.initPair(i, j, c.epsilon, c.sigma, cut, this.shiftFlag, this.setwell, this.well);
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

  /** special_bonds lj weights (atom_style ellipsoid has no bonds: only index 0 is used). */
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);
}
