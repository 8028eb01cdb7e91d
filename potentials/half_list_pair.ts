/**
 * The half-list pair loop of the simple pair styles, written once (LAMMPS's Pair*::compute of
 * born, buck, morse, soft, yukawa, coul/cut, table): each pair i < j of the half list once, its
 * special_bonds weight from the neighbor index's top bits, rsq, the cutoff test against the type
 * pair's cutsq, then the style's fpair (F_ij = fpair · (x_i - x_j)), Newton's third law on j, and
 * the energy and per-atom energy tallies (half to each atom). A style supplies only its physics in
 * pairForce(). See docs/architecture.md, "How to add a pair style".
 */
import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { positive } from '../src/parse.js';
import { PairBase } from './pair_base.js';

/**
 * A pair style on the half neighbor list with per-type-pair coefficients C. Subclasses implement
 * PairBase's settings/coeff/allocate/mix/initOne and pairForce(); lj weights apply to the pairs
 * unless the style is a coulomb one (coul weights, energy also to ecoul).
 *
 * Speed: each class runs its own compiled copy of the loop (kernelFor), so the pairForce call
 * sees one class and V8 inlines it, however many styles a process uses.
 */
export abstract class HalfListPair<C> extends PairBase<C> {
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  /** A coulomb style: weights from special_bonds coul, the energy also tallied as ecoul. */
  protected readonly coulomb: boolean = false;
  /** pair_style's global cutoff (a coefficient's NaN cutoff means this one). */
  protected cutGlobal = 0;
  /** The pair energy of the last pairForce call with eflag (already weighted by factor). */
  protected eng = 0;
  protected readonly specialLj = Float64Array.of(1, 0, 0, 0);
  protected readonly specialCoul = Float64Array.of(1, 0, 0, 0);
  /** This class's copy of the loop (kernelFor). */
  private readonly kernel = kernelFor(this.constructor);

  setSpecial(lj: Float64Array, coul: Float64Array): void {
    this.specialLj.set(lj);
    this.specialCoul.set(coul);
  }

  /**
   * fpair of the pair (i local, j extended) at squared distance rsq < cutsq of type pair slot t
   * (type_i · (ntypes+1) + type_j, the index of the style's PairTable blocks), with special weight
   * factor applied as the style's LAMMPS source applies it; with eflag also sets this.eng.
   */
  protected abstract pairForce(rsq: number, t: number, factor: number, eflag: boolean, i: number, j: number): number;

  /** Hook before the loop (per-step inputs such as charges); default none. */
  protected beginCompute(_ctx: PairContext): void {}

  /** `pair_style NAME Rc`: the one global cutoff. */
  protected settingsCutoff(args: string[]): void {
    if (args.length !== 1) throw new Error(`Illegal pair_style ${this.style} command: expected cutoff`);
    this.cutGlobal = positive(args[0], `${this.style} cutoff`);
  }

  /** The pair's cutoff: its own, else the global one. */
  protected cutOf(c: { cut: number }): number {
    return Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
  }

  /** mix() of a style without mixing: every I != J pair must be set (LAMMPS's error). */
  protected noMix(): never {
    throw new Error(
      `All pair coeffs are not set (pair ${this.style} does not mix: set pair_coeff I J for every type pair)`,
    );
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    this.beginCompute(ctx);
    this.kernel(this as unknown as LoopView, ctx, out, flags, NEIGHMASK, SBBITS);
  }
}

/** What the loop reads of a style (its protected members, seen from outside the class). */
interface LoopView {
  readonly cutsq: Float64Array;
  readonly types: number;
  readonly coulomb: boolean;
  readonly specialLj: Float64Array;
  readonly specialCoul: Float64Array;
  readonly eng: number;
  pairForce(rsq: number, t: number, factor: number, eflag: boolean, i: number, j: number): number;
}

type Kernel = (
  pair: LoopView,
  ctx: PairContext,
  out: ForceBuffers,
  flags: ComputeFlags,
  neighmask: number,
  sbbits: number,
) => void;

/**
 * The loop, as the source of each class's copy (kernelFor): it may use only its arguments (no
 * imports, no module names), since the copy is compiled apart from this module.
 */
const halfListLoop: Kernel = (pair, ctx, out, flags, neighmask, sbbits) => {
  const g = ctx.ghosts;
  const { offset: first, list } = ctx.list;
  const x = g.xAll,
    type = g.type,
    f = out.f;
  const cutsq = pair.cutsq;
  const stride = pair.types + 1;
  const special = pair.coulomb ? pair.specialCoul : pair.specialLj;
  const eflag = flags.energy;
  const eatom = flags.eatom ? out.eatom : null;
  let eSum = 0;
  for (let i = 0; i < g.nlocal; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const row = type[i] * stride;
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    const end = first[i + 1];
    for (let k = first[i]; k < end; k++) {
      const jj = list[k];
      const factor = special[(jj >>> sbbits) & 3];
      const j = jj & neighmask;
      const dx = xi - x[3 * j],
        dy = yi - x[3 * j + 1],
        dz = zi - x[3 * j + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      const t = row + type[j];
      if (rsq >= cutsq[t]) continue;
      const fpair = pair.pairForce(rsq, t, factor, eflag, i, j);
      fxi += dx * fpair;
      fyi += dy * fpair;
      fzi += dz * fpair;
      f[3 * j] -= dx * fpair;
      f[3 * j + 1] -= dy * fpair;
      f[3 * j + 2] -= dz * fpair;
      if (eflag) {
        const e = pair.eng;
        eSum += e;
        if (eatom !== null) {
          eatom[i] += 0.5 * e;
          eatom[j] += 0.5 * e;
        }
      }
    }
    f[3 * i] += fxi;
    f[3 * i + 1] += fyi;
    f[3 * i + 2] += fzi;
  }
  out.energy += eSum;
  if (pair.coulomb) out.ecoul += eSum;
};

const kernels = new WeakMap<object, Kernel>();

/**
 * The loop compiled once per style class. V8 keeps type feedback per compiled function: one
 * function shared by every style would see all their classes at its pairForce call and, past
 * four, stop inlining it (a real call and a boxed double per pair; 50% slower measured, see
 * docs/benchmarks.md). A copy per class sees one class, so pairForce is inlined into the loop as
 * if the style had written it.
 */
function kernelFor(cls: object): Kernel {
  let k = kernels.get(cls);
  if (k === undefined) {
    k = new Function(`return (${halfListLoop.toString()})`)() as Kernel;
    kernels.set(cls, k);
  }
  return k;
}
