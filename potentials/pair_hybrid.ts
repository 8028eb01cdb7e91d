/**
 * pair_style hybrid and hybrid/overlay (LAMMPS PairHybrid, PairHybridOverlay, 29 Sep 2021):
 * several pair styles in one simulation, each with its own settings, coefficients and cutoffs.
 *
 *   pair_style hybrid lj/cut 2.5 sw              one sub-style per type pair (a later pair_coeff replaces)
 *   pair_style hybrid/overlay lj/cut 4.5 atm 4.5 2.5   every sub-style named for a pair adds to it
 *   pair_coeff I J SUB [index] args...           index when SUB appears several times (lj/cut 1, lj/cut 2)
 *   pair_coeff I J none                          no interaction for I,J
 *   pair_modify pair SUB [index] keyword ...     to one sub-style (`special lj|coul w1 w2 w3` per sub-style)
 *   pair_modify keyword ...                      to every sub-style
 *
 * The words after `hybrid` are split at each registered pair style name: the words up to the next
 * name are that sub-style's settings. A sub-style learns which type pairs pair_coeff set through
 * coeffSet (LAMMPS setflag); an unset I,J pair is mixed only when I,I and J,J belong to the same
 * single sub-style. At init each sub-style is bound to its mapped pairs only (initMapped), the
 * master list's cutoff of a type pair is the largest of its sub-styles', and each sub-style reads
 * a list derived from the master one without the type pairs it does not own (HybridSkipList).
 * Forces and energies add up in the shared buffers; the virial is formed once from the total
 * forces, as LAMMPS's hybrid does (its sub-styles skip virial_fdotr_compute).
 */
import type { ComputeFlags, ForceBuffers, PairContext, PairHost, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import type { Ghosts } from '../src/ghosts.js';
import type { NeighborList } from '../src/neighbor_list.js';
import { parseTypeRange } from '../src/parse.js';
import { PAIR_STYLES } from '../src/styles.js';
import { HybridSkipList } from './hybrid_skip_list.js';
import { ManybodyPair } from './manybody_pair.js';

/** Styles whose pair_coeff maps every type at once (`* * file E1 ...`; LAMMPS one_coeff). */
const ONE_COEFF = new Set(['eam/alloy', 'eam/fs']);

interface SpecialAware {
  appliesSpecial?: boolean;
  setSpecial?(lj: Float64Array, coul: Float64Array): void;
}

/** One sub-style: its keyword, index among same-named ones (0 when unique), and derived list. */
interface Sub {
  readonly name: string;
  index: number;
  readonly pair: PairStyle;
  /** Per-sub-style special_bonds weights (pair_modify pair SUB special), or null for the global ones. */
  specialLj: Float64Array | null;
  specialCoul: Float64Array | null;
  /** Derived list (null: reads the master list unchanged). */
  skip: HybridSkipList | null;
  /** Its vdW and Coulomb energies of the last evaluation with energy on (LAMMPS eng_vdwl, eng_coul). */
  evdwl: number;
  ecoul: number;
  readonly ctx: PairContext;
}

export class PairHybrid implements PairStyle {
  readonly style: string;
  readonly computesVirial = false;
  private readonly subs: Sub[] = [];
  private ntypes = 0;
  /** map[i*(n+1)+j] (i <= j and mirrored at init): indices of the sub-styles of the type pair. */
  private map: number[][] = [];
  /** LAMMPS setflag of hybrid: pair_coeff named the pair (a sub-style or none). */
  private setflag = new Uint8Array(0);
  private cutTable = new Float64Array(0);
  private cutMax = 0;
  private kind: 'half' | 'full' = 'half';
  tail: { energy: number; pressure: number } | null = null;

  constructor(readonly overlay: boolean) {
    this.style = overlay ? 'hybrid/overlay' : 'hybrid';
  }

  /** Full when any sub-style reads a full list; half sub-styles then derive theirs from it. */
  get neighborKind(): 'half' | 'full' {
    return this.kind;
  }

  /** Special weights reach the sub-styles through setSpecial when every sub-style applies them. */
  get appliesSpecial(): boolean {
    return this.subs.length > 0 && this.subs.every((s) => (s.pair as SpecialAware).appliesSpecial === true);
  }

  get perAtomVirial(): boolean {
    return this.subs.every((s) => s.pair.perAtomVirial === true);
  }

  settings(args: string[]): void {
    if (args.length < 1) throw new Error(`Illegal pair_style ${this.style} command: name at least one sub-style`);
    if (this.subs.length > 0) throw new Error(`pair_style ${this.style} was already set`);
    let k = 0;
    while (k < args.length) {
      const name = args[k];
      if (name.startsWith('hybrid')) throw new Error(`Pair style hybrid cannot have ${name} as an argument`);
      if (name === 'none') throw new Error('Pair style hybrid cannot have none as an argument');
      const pair = PAIR_STYLES.get(name)();
      let end = k + 1;
      while (end < args.length && !PAIR_STYLES.has(args[end])) end++;
      const sub = args.slice(k + 1, end);
      try {
        pair.settings(sub);
      } catch (e) {
        // A word there may be a LAMMPS style dpmd lacks (python, tracker ...): name it as such.
        const unknown = sub.find((w) => /^[a-z][a-z0-9_]*(\/[a-z0-9_]+)*$/.test(w) && !PAIR_STYLES.has(w));
        if (unknown !== undefined) PAIR_STYLES.get(unknown);
        throw e;
      }
      this.subs.push({
        name,
        index: 0,
        pair,
        specialLj: null,
        specialCoul: null,
        skip: null,
        evdwl: 0,
        ecoul: 0,
        ctx: {
          system: null as unknown as AtomSystem,
          ghosts: null as unknown as Ghosts,
          list: null as unknown as NeighborList,
        },
      });
      k = end;
    }
    // index = 1..M among sub-styles of the same name when it is used M > 1 times (LAMMPS multiple[]).
    for (const s of this.subs) {
      const same = this.subs.filter((t) => t.name === s.name);
      s.index = same.length > 1 ? same.indexOf(s) + 1 : 0;
    }
  }

  /** The sub-style named by words[at] (and words[at+1] when the name is used several times); returns it and the words it took. */
  private findSub(words: string[], at: number, what: string): [Sub, number] {
    const name = words[at];
    const same = this.subs.filter((s) => s.name === name);
    if (same.length === 0)
      throw new Error(`${what}: '${name}' is not a sub-style of pair_style ${this.style} (${this.names()})`);
    if (same.length === 1) return [same[0], 1];
    const idx = words[at + 1];
    if (idx === undefined || !/^\d+$/.test(idx) || Number(idx) < 1 || Number(idx) > same.length)
      throw new Error(
        `${what}: sub-style ${name} is used ${same.length} times: give its index 1-${same.length} after the name`,
      );
    return [same[Number(idx) - 1], 2];
  }

  private names(): string {
    return this.subs.map((s) => (s.index > 0 ? `${s.name} ${s.index}` : s.name)).join(', ');
  }

  /** Index of the sub-style in this.subs. */
  private subIndex(s: Sub): number {
    return this.subs.indexOf(s);
  }

  /** `pair_coeff I J SUB [index] args...` or `pair_coeff I J none` (LAMMPS PairHybrid(Overlay)::coeff). */
  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 3)
      throw new Error(`Incorrect args for pair coefficients: pair_coeff I J SUB args (pair ${this.style})`);
    const n = system.ntypes;
    if (this.ntypes !== n) {
      this.ntypes = n;
      this.map = Array.from({ length: (n + 1) * (n + 1) }, () => []);
      this.setflag = new Uint8Array((n + 1) * (n + 1));
    }
    const [ilo, ihi] = parseTypeRange(args[0], n);
    const [jlo, jhi] = parseTypeRange(args[1], n);
    const none = args[2] === 'none';
    let sub: Sub | null = null;
    let m = -1;
    if (!none) {
      const [s, used] = this.findSub(args, 2, 'Pair coeff for hybrid has invalid style');
      sub = s;
      m = this.subIndex(s);
      s.pair.coeff([args[0], args[1], ...args.slice(2 + used)], system);
      // A style mapped by one `* * file` call forgets its earlier mapping (LAMMPS one_coeff).
      if (s.pair instanceof ManybodyPair || ONE_COEFF.has(s.name)) {
        for (let i = 1; i <= n; i++)
          for (let j = i; j <= n; j++) {
            const list = this.map[i * (n + 1) + j];
            const at = list.indexOf(m);
            if (at < 0) continue;
            list.splice(at, 1);
            if (list.length === 0) this.setflag[i * (n + 1) + j] = 0;
          }
      }
    }
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        const slot = i * (n + 1) + j;
        if (none) {
          this.setflag[slot] = 1;
          this.map[slot] = [];
          count++;
        } else if (sub!.pair.coeffSet ? sub!.pair.coeffSet(i, j) : true) {
          if (this.overlay) {
            if (!this.map[slot].includes(m)) this.map[slot].push(m);
          } else {
            this.map[slot] = [m];
          }
          this.setflag[slot] = 1;
          count++;
        }
      }
    }
    if (count === 0)
      throw new Error(`Incorrect args for pair coefficients: pair_coeff ${args.join(' ')} sets no type pair i <= j`);
  }

  /** `pair_modify pair SUB [index] ...` to one sub-style, anything else to all of them (LAMMPS modify_params). */
  modify(args: string[]): void {
    if (args.length === 0) throw new Error('Illegal pair_modify command');
    if (args[0] !== 'pair') {
      for (const s of this.subs) s.pair.modify(args);
      return;
    }
    if (args.length < 3) throw new Error('Illegal pair_modify pair command: pair_modify pair SUB keyword ...');
    const [s, used] = this.findSub(args, 1, 'Unknown pair_modify hybrid sub-style');
    const rest = args.slice(1 + used);
    if (rest[0] === 'special') {
      // pair_modify pair SUB special lj|coul w1 w2 w3 (LAMMPS modify_special)
      if (rest.length !== 5 || (rest[1] !== 'lj' && rest[1] !== 'coul'))
        throw new Error('Illegal pair_modify special command: pair_modify pair SUB special lj|coul w1 w2 w3');
      const w = Float64Array.of(1, ...rest.slice(2).map((v) => Number(v)));
      if (!w.every((v) => Number.isFinite(v) && v >= 0 && v <= 1))
        throw new Error(`Illegal pair_modify special weights '${rest.slice(2).join(' ')}' (each in [0, 1])`);
      if ((s.pair as SpecialAware).appliesSpecial !== true)
        throw new Error(`pair_modify special: sub-style ${s.name} does not apply special_bonds weights`);
      if (rest[1] === 'lj') s.specialLj = w;
      else s.specialCoul = w;
      return;
    }
    if (rest[0] === 'compute/tally') throw new Error('pair_modify pair SUB compute/tally is not supported');
    s.pair.modify(rest);
  }

  /** special_bonds weights to each sub-style, its own pair_modify special ones first. */
  setSpecial(lj: Float64Array, coul: Float64Array): void {
    // Where a global weight is 0 or 1 the neighbor list already drops or keeps the pair whole, so
    // a sub-style's own weight must equal it there (LAMMPS PairHybrid::init_style).
    for (const s of this.subs) {
      for (const [own, global] of [
        [s.specialLj, lj],
        [s.specialCoul, coul],
      ] as const) {
        if (own === null) continue;
        for (let k = 1; k < 4; k++)
          if ((global[k] === 0.0 || global[k] === 1.0) && own[k] !== global[k])
            throw new Error(
              `Pair_modify special setting for pair hybrid incompatible with global special_bonds setting (sub-style ${s.name}: weight ${k} is ${own[k]}, special_bonds has ${global[k]})`,
            );
      }
    }
    for (const s of this.subs) {
      const p = s.pair as SpecialAware;
      if (p.appliesSpecial === true && p.setSpecial) p.setSpecial(s.specialLj ?? lj, s.specialCoul ?? coul);
    }
  }

  /**
   * LAMMPS PairHybrid::init_style + init_one: every sub-style used, every I,I pair set, unset I,J
   * pairs mixed by the one sub-style of I,I and J,J; each sub-style bound to its pairs; cutoffs,
   * tail corrections and the per-sub-style skip lists follow.
   */
  init(system: AtomSystem, host?: PairHost): void {
    const n = system.ntypes;
    if (this.ntypes !== n || this.subs.length === 0)
      throw new Error(`All pair coeffs are not set (pair ${this.style})`);
    const s1 = n + 1;
    for (let i = 1; i <= n; i++)
      if (!this.setflag[i * s1 + i])
        throw new Error(`All pair coeffs are not set (pair ${this.style} types ${i} ${i})`);
    // The mapping of this init: set pairs as given, unset ones from the common I,I / J,J sub-style.
    const map: number[][] = Array.from({ length: s1 * s1 }, () => []);
    for (let i = 1; i <= n; i++) {
      for (let j = i; j <= n; j++) {
        let m = this.map[i * s1 + j];
        if (!this.setflag[i * s1 + j]) {
          const mi = this.map[i * s1 + i],
            mj = this.map[j * s1 + j];
          if (mi.length !== 1 || mj.length !== 1 || mi[0] !== mj[0])
            throw new Error(
              `All pair coeffs are not set (pair ${this.style} types ${i} ${j}: ${i} ${i} and ${j} ${j} are not one common sub-style to mix)`,
            );
          m = mi;
        }
        map[i * s1 + j] = map[j * s1 + i] = m;
      }
    }
    this.subs.forEach((s, m) => {
      if (!map.some((l) => l.includes(m)))
        throw new Error(`Pair hybrid sub-style ${s.name}${s.index > 0 ? ` ${s.index}` : ''} is not used`);
    });
    let anyFull = false;
    for (const s of this.subs) {
      if (s.pair.computesVirial)
        throw new Error(
          `pair ${s.name} cannot be a sub-style of pair_style ${this.style} in dpmd (it forms its own virial)`,
        );
      if (s.pair.neighborKind === 'full') anyFull = true;
    }
    this.kind = anyFull ? 'full' : 'half';
    this.cutTable = new Float64Array(s1 * s1);
    this.cutMax = 0;
    let etail = 0,
      ptail = 0,
      anyTail = false;
    this.subs.forEach((s, m) => {
      const mapped = (i: number, j: number): boolean => map[i * s1 + j].includes(m);
      let all = true;
      for (let i = 1; i <= n; i++) for (let j = i; j <= n; j++) if (!mapped(i, j)) all = false;
      if (s.pair.initMapped) s.pair.initMapped(system, mapped, host);
      else if (all) s.pair.init(system, host);
      else
        throw new Error(
          `pair ${s.name} inside pair_style ${this.style} must own every type pair in dpmd (it cannot be limited to some)`,
        );
      const skip = new Uint8Array(s1 * s1);
      for (let i = 1; i <= n; i++) {
        for (let j = 1; j <= n; j++) {
          if (!mapped(Math.min(i, j), Math.max(i, j))) {
            skip[i * s1 + j] = 1;
            continue;
          }
          const c = s.pair.typeCutoff ? s.pair.typeCutoff(i, j) : s.pair.cutoff();
          if (c > this.cutTable[i * s1 + j]) this.cutTable[i * s1 + j] = c;
          if (c > this.cutMax) this.cutMax = c;
        }
      }
      const halfFromFull = anyFull && s.pair.neighborKind === 'half';
      s.skip = !all || halfFromFull ? new HybridSkipList(skip, n, halfFromFull) : null;
      const t = s.pair.tail;
      if (t) {
        anyTail = true;
        etail += t.energy;
        ptail += t.pressure;
      }
    });
    this.tail = anyTail ? { energy: etail, pressure: ptail } : null;
  }

  cutoff(): number {
    return this.cutMax;
  }

  typeCutoff(i: number, j: number): number {
    return this.cutTable[i * (this.ntypes + 1) + j];
  }

  /** The file argument of `pair_coeff I J SUB [index] file ...` (the deck resolves it against the input's folder). */
  coeffFileArg(args: string[]): number {
    const same = this.subs.filter((s) => s.name === args[2]).length;
    return same > 1 ? 4 : 3;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    for (const s of this.subs) {
      const c = s.ctx;
      c.system = ctx.system;
      c.ghosts = ctx.ghosts;
      c.list = s.skip ? s.skip.update(ctx.list, ctx.ghosts) : ctx.list;
      const e0 = out.energy,
        c0 = out.ecoul;
      s.pair.compute(c, out, flags);
      if (flags.energy) {
        s.ecoul = out.ecoul - c0;
        s.evdwl = out.energy - e0 - s.ecoul;
      }
    }
  }

  /**
   * The sub-style `name` (the nsub-th of that name; 0 when it is unique) for compute pair, or
   * null (LAMMPS Force::pair_match with exact names).
   */
  subStyle(name: string, nsub: number): { readonly evdwl: number; readonly ecoul: number } | null {
    const same = this.subs.filter((s) => s.name === name);
    if (nsub === 0) return same.length === 1 ? same[0] : null;
    return same[nsub - 1] ?? null;
  }
}
