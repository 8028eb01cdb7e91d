import { Args } from '../src/args.js';
import { parseTypeRange } from '../src/parse.js';
import type { PairAdaptParam } from '../src/potential.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** `pair pstyle pparam I J v_name`: one type-pair parameter of the pair style. */
interface PairAdapt {
  kind: 'pair';
  pstyle: string;
  pparam: string;
  ilo: number;
  ihi: number;
  jlo: number;
  jhi: number;
  variable: string;
  /** Bound at init: the parameter and its values then, row-major (ntypes+1)^2. */
  param: PairAdaptParam | null;
  orig: Float64Array;
}

/** `atom charge v_name`: the charge of each atom of the group. */
interface ChargeAdapt {
  kind: 'charge';
  variable: string;
}

type Adapt = PairAdapt | ChargeAdapt;

/**
 * fix ID group adapt N attribute args ... [reset yes|no] [scale yes|no] [mass yes|no] (LAMMPS
 * FixAdapt, 29 Sep 2021): every N steps (and at the setup of each run) the equal-style variables
 * are evaluated and set the attributes, before the forces of that step (LAMMPS pre_force and
 * setup_pre_force):
 *  - `pair pstyle pparam I J v_name`: parameter pparam of the pair style for type pairs I..J with
 *    i <= j (`*` ranges as pair_coeff), value v (or v times its value at init with `scale yes`),
 *    then the pair is initialised again (LAMMPS Pair::reinit: mixed pairs, offsets, tail). A pair
 *    that pair_coeff did not set is mixed again there, so an adapt of it changes nothing, as in
 *    LAMMPS.
 *  - `atom charge v_name`: the charge of the group's atoms, q = v (or q·v/v_prev with scale).
 * N = 0: only at setup. With `reset yes` the original values come back at the end of each run
 * (LAMMPS post_run; the default is no: the last values stay). Pair parameters are remembered at
 * the init of each run; charges when the fix is defined (LAMMPS's FixStore at post_constructor).
 */
export class FixAdapt implements Fix {
  readonly style = 'adapt';
  /** Charge scale of the last change (LAMMPS chg_scale). */
  private chgScale = 1.0;
  /** Charges when the fix was defined, by atom tag (reset yes with atom charge). */
  private chargeStore: Map<number, number> | null = null;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly nevery: number,
    private readonly adapts: Adapt[],
    private readonly reset: boolean,
    private readonly scale: boolean,
    sim: Simulation,
  ) {
    if (reset && adapts.some((a) => a.kind === 'charge')) {
      const s = sim.system;
      this.chargeStore = new Map();
      for (let i = 0; i < s.n; i++) this.chargeStore.set(s.tag[i], s.mask[i] & groupBit ? s.q[i] : 0.0);
    }
  }

  init(sim: Simulation): void {
    const nt = sim.system.ntypes;
    for (const ad of this.adapts) {
      const style = sim.variables.styleOf(ad.variable);
      if (style === undefined) throw new Error(`Variable name '${ad.variable}' for fix adapt does not exist`);
      if (style !== 'equal') throw new Error(`Variable '${ad.variable}' for fix adapt is invalid style (${style})`);
      if (ad.kind === 'charge') {
        if (!sim.system.atomStyle.charge) throw new Error('Fix adapt requires atom attribute charge');
        if (this.scale) this.chgScale = 1.0;
        continue;
      }
      const pair = sim.pair;
      if (pair === null || pair.style !== ad.pstyle) {
        if (pair?.style.startsWith('hybrid'))
          throw new Error(`fix adapt: pair ${ad.pstyle} as a sub-style of pair ${pair.style} is not supported yet`);
        throw new Error(`Fix adapt pair style '${ad.pstyle}' does not exist`);
      }
      const param = pair.adaptParam?.(ad.pparam) ?? null;
      if (param === null)
        throw new Error(`Fix adapt pair style param '${ad.pparam}' not supported by pair ${ad.pstyle}`);
      ad.param = param;
      // LAMMPS FixAdapt::init: the values the pair has now (after its init) are the originals.
      ad.orig = new Float64Array((nt + 1) * (nt + 1));
      for (let i = ad.ilo; i <= ad.ihi; i++)
        for (let j = Math.max(ad.jlo, i); j <= ad.jhi; j++) ad.orig[i * (nt + 1) + j] = param.get(i, j);
    }
  }

  setupPreForce(sim: Simulation): void {
    this.changeSettings(sim);
  }

  preForce(sim: Simulation): void {
    if (this.nevery === 0 || sim.step % this.nevery !== 0) return;
    this.changeSettings(sim);
  }

  postRun(sim: Simulation): void {
    if (this.reset) this.restoreSettings(sim);
  }

  /** LAMMPS FixAdapt::change_settings: evaluate each variable, set, then reinit the pair. */
  private changeSettings(sim: Simulation): void {
    const s = sim.system;
    const nt = s.ntypes;
    let anyPair = false;
    for (const ad of this.adapts) {
      const value = sim.variables.evaluate(ad.variable);
      if (ad.kind === 'pair') {
        anyPair = true;
        const p = ad.param!;
        for (let i = ad.ilo; i <= ad.ihi; i++)
          for (let j = Math.max(ad.jlo, i); j <= ad.jhi; j++)
            p.set(i, j, this.scale ? value * ad.orig[i * (nt + 1) + j] : value);
      } else {
        const q = s.q,
          mask = s.mask;
        for (let i = 0; i < s.n; i++) {
          if (!(mask[i] & this.groupBit)) continue;
          q[i] = this.scale ? (value * q[i]) / this.chgScale : value;
        }
        if (this.scale) this.chgScale = value;
      }
    }
    if (anyPair) sim.pair!.init(s, sim);
  }

  /** LAMMPS FixAdapt::restore_settings (reset yes): the originals back, the pair reinitialised. */
  private restoreSettings(sim: Simulation): void {
    const s = sim.system;
    const nt = s.ntypes;
    let anyPair = false;
    for (const ad of this.adapts) {
      if (ad.kind === 'pair') {
        anyPair = true;
        for (let i = ad.ilo; i <= ad.ihi; i++)
          for (let j = Math.max(ad.jlo, i); j <= ad.jhi; j++) ad.param!.set(i, j, ad.orig[i * (nt + 1) + j]);
      } else if (this.chargeStore !== null) {
        for (let i = 0; i < s.n; i++) if (s.mask[i] & this.groupBit) s.q[i] = this.chargeStore.get(s.tag[i]) ?? s.q[i];
      }
    }
    if (anyPair) sim.pair!.init(s, sim);
  }
}

/** The v_name argument of an attribute (LAMMPS requires the v_ prefix). */
function variableArg(a: Args): string {
  const w = a.word('v_name');
  if (!w.startsWith('v_') || w.length < 3) a.fail(`expected a variable v_name, got '${w}'`);
  return w.slice(2);
}

export function createFixAdapt(id: string, group: string, args: string[], sim: Simulation): Fix {
  const groupBit = groupBitOf(sim, group);
  const a = new Args('fix adapt', args);
  a.need(2, 'N attribute args ...');
  const nevery = a.int('N', { ge: 0 });
  const nt = sim.system.ntypes;
  const adapts: Adapt[] = [];
  for (;;) {
    const w = a.peek();
    if (w === 'pair') {
      a.word('pair');
      a.need(5, 'pair pstyle pparam I J v_name');
      const pstyle = a.word('pair style');
      const pparam = a.word('pair parameter');
      const [ilo, ihi] = parseTypeRange(a.word('I'), nt);
      const [jlo, jhi] = parseTypeRange(a.word('J'), nt);
      const variable = variableArg(a);
      adapts.push({
        kind: 'pair',
        pstyle,
        pparam,
        ilo,
        ihi,
        jlo,
        jhi,
        variable,
        param: null,
        orig: new Float64Array(0),
      });
    } else if (w === 'atom') {
      a.word('atom');
      a.need(2, 'atom attribute v_name');
      const attr = a.word('atom attribute');
      if (attr === 'charge') adapts.push({ kind: 'charge', variable: variableArg(a) });
      else if (attr === 'diameter' || attr === 'diameter/disc')
        a.fail(`atom ${attr} is not supported yet (it needs atom_style sphere's per-atom radius)`);
      else a.fail(`unknown atom attribute '${attr}' (LAMMPS: diameter, diameter/disc, charge)`);
    } else if (w === 'bond' || w === 'kspace') {
      a.fail(`attribute '${w}' is not supported yet (dpmd supports pair and atom charge)`);
    } else break;
  }
  if (adapts.length === 0) a.fail('expected at least one attribute (pair, atom)');
  let reset = false;
  let scale = false;
  a.keywords({
    reset: (k) => {
      reset = k.bool('reset');
    },
    scale: (k) => {
      scale = k.bool('scale');
    },
    // LAMMPS's mass keyword only matters for atom diameter (rmass follows the radius).
    mass: (k) => {
      k.bool('mass');
    },
  });
  return new FixAdapt(id, groupBit, nevery, adapts, reset, scale, sim);
}
