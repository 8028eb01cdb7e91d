/**
 * The molecular part of a force evaluation (LAMMPS's Neighbor bond lists + Force's bond, angle,
 * dihedral and improper styles + the special-bond handling of the pair lists), owned by the
 * Simulation:
 *
 * - at init: the styles are checked against the topology (coefficients for every type), the
 *   special partner lists are built from the bonds, and the pair style's support for weights is
 *   checked;
 * - after every neighbor build (onBuild): each term's atoms are mapped to extended indices, the
 *   owning atom local and the others the image closest to it (LAMMPS neigh_bond's
 *   domain->closest_image), and the special weights are applied to the pair list;
 * - per evaluation (compute): the bonded forces go to a scratch buffer over the extended atoms,
 *   whose x (x) f sum is the bonded virial (the terms' atoms are positioned as connected clusters,
 *   so this equals LAMMPS's per-term virial tallies), then are added to the pair forces before
 *   the ghost fold. This holds on the threaded pair path too.
 */
import type { ComputeFlags, ForceBuffers } from '../potential.js';
import type { Simulation } from '../simulation.js';
import type { BondedContext, BondedHost, BondedStyle } from './bonded_style.js';
import { SpecialBonds, SpecialList } from './special.js';
import { ANCHOR, TERM_KINDS, type TermKind } from './topology.js';

/** A pair style that reads special weights from the list's top bits (LAMMPS factor_lj/factor_coul). */
export interface SpecialAwarePair {
  readonly appliesSpecial: true;
  /** Called at init with the special_bonds weights (index 0 = 1). */
  setSpecial(lj: Float64Array, coul: Float64Array): void;
}

function appliesSpecial(p: unknown): p is SpecialAwarePair {
  return (p as { appliesSpecial?: boolean }).appliesSpecial === true;
}

export class MolecularForces {
  /** The style of each term kind, null for none (or not set). */
  readonly styles: Record<TermKind, BondedStyle | null> = { bond: null, angle: null, dihedral: null, improper: null };
  readonly special = new SpecialBonds();
  private readonly specialList = new SpecialList();
  private specialFlags = [1, 0, 0, 0];
  private useSpecial = false;
  private encode = false;
  private active = false;
  /** Energies of the last evaluation with energy on (energy units): bonded terms and the pair's vdW/Coulomb parts. */
  ebond = 0;
  eangle = 0;
  edihed = 0;
  eimp = 0;
  /** Pair energy incl. dihedral charmm's 1-4 terms, and its Coulomb part (LAMMPS eng_vdwl + eng_coul, eng_coul). */
  epair = 0;
  ecoul = 0;
  private tagLocal = new Int32Array(0);
  private head = new Int32Array(0);
  private next = new Int32Array(0);
  private readonly atoms: Record<TermKind, Int32Array> = {
    bond: new Int32Array(0),
    angle: new Int32Array(0),
    dihedral: new Int32Array(0),
    improper: new Int32Array(0),
  };
  private fMol = new Float64Array(0);
  private readonly eterm = new Float64Array(4);
  private readonly ctx: BondedContext = {
    x: new Float64Array(0),
    f: new Float64Array(0),
    type: new Int32Array(0),
    map: new Int32Array(0),
    q: new Float64Array(0),
    qqrd2e: 1,
    eflag: false,
    eatom: null,
    evdwl: 0,
    ecoul: 0,
  };

  /** Check styles against the topology and build the special lists (LAMMPS init + Special::build). */
  init(sim: Simulation): void {
    const s = sim.system;
    const topo = s.topology;
    const pair = sim.pair;
    const host: BondedHost = {
      lj14: () => (pair as { lj14?: BondedHost['lj14'] } | null)?.lj14?.() ?? null,
      hasCharge: s.atomStyle.charge,
      specialLj: this.special.lj,
      warn: (msg) => sim.out.warn(msg),
    };
    for (const kind of TERM_KINDS) {
      const list = topo.list(kind);
      const style = this.styles[kind];
      if (style) style.init(list.ntypes, host);
      else if (list.count > 0) sim.out.warn(`${cap(kind)}s are defined but no ${kind} style is set`);
    }
    // Dihedral charmm with 1-4 weights counts those pairs itself: the pair list must not (LAMMPS check).
    const dih = this.styles.dihedral as { weightedPairs?: () => boolean } | null;
    if (dih?.weightedPairs?.() && (this.special.lj[3] !== 0 || this.special.coul[3] !== 0))
      throw new Error("Must use 'special_bonds charmm' with dihedral style charmm for use with CHARMM pair styles");
    this.topologyChanged(sim);
  }

  /**
   * Rebuild the special lists and the pair-list hooks from the current bonds (init, and fix deposit
   * after it inserts a molecule, as LAMMPS's add_molecule_atom copies the template's specials).
   */
  topologyChanged(sim: Simulation): void {
    const s = sim.system;
    const topo = s.topology;
    const pair = sim.pair;
    this.specialList.build(s.maxTag, topo.bond.tags, topo.bond.count);
    this.useSpecial = topo.bond.count > 0;
    this.specialFlags = [1, this.special.flag(1), this.special.flag(2), this.special.flag(3)];
    this.encode = false;
    if (this.useSpecial && pair) {
      if (appliesSpecial(pair)) {
        pair.setSpecial(this.special.lj, this.special.coul);
        this.encode = true;
      } else if (this.specialFlags.includes(2)) {
        throw new Error(
          `Pair style ${pair.style} does not apply special_bonds weights: with it the lj and coul weights must be ` +
            `both 0 (exclude) or both 1, got lj ${Array.from(this.special.lj.subarray(1)).join(' ')} coul ${Array.from(this.special.coul.subarray(1)).join(' ')}`,
        );
      }
    } else if (pair && appliesSpecial(pair)) {
      pair.setSpecial(this.special.lj, this.special.coul);
    }
    this.active = topo.any;
    sim.neighbor.onBuild = this.active ? () => this.onBuild(sim) : null;
  }

  /** After a neighbor build: closest-image term lists and the special weights on the pair list. */
  onBuild(sim: Simulation): void {
    const s = sim.system;
    const g = sim.neighbor.ghosts;
    const maxTag = s.maxTag;
    if (this.tagLocal.length < maxTag + 1) {
      this.tagLocal = new Int32Array(maxTag + 1);
      this.head = new Int32Array(maxTag + 1);
    }
    const tagLocal = this.tagLocal,
      head = this.head;
    tagLocal.fill(-1, 0, maxTag + 1);
    head.fill(-1, 0, maxTag + 1);
    for (let i = 0; i < s.n; i++) tagLocal[s.tag[i]] = i;
    if (this.next.length < g.nall) this.next = new Int32Array(Math.ceil(g.nall * 1.2) + 16);
    const next = this.next;
    // Chains of the copies of each atom ID, locals first (LAMMPS sametag).
    for (let k = g.nall - 1; k >= 0; k--) {
      const t = s.tag[g.map[k]];
      next[k] = head[t];
      head[t] = k;
    }
    const cutGhost = sim.neighbor.cutNeighbor;
    const periodic = s.box.periodic.some((p) => p);
    for (const kind of TERM_KINDS) {
      const list = s.topology.list(kind);
      if (!this.styles[kind] || list.count === 0) continue;
      const a = list.arity;
      if (this.atoms[kind].length < a * list.count) this.atoms[kind] = new Int32Array(a * list.count);
      const out = this.atoms[kind];
      const tags = list.tags;
      const x = g.xAll;
      for (let t = 0; t < list.count; t++) {
        const anchor = tagLocal[tags[a * t + ANCHOR[kind]]];
        if (anchor < 0) throw missing(kind, tags, a, t);
        for (let m = 0; m < a; m++) {
          let best = -1,
            bestD = Infinity;
          for (let k = head[tags[a * t + m]]; k >= 0; k = next[k]) {
            const dx = x[3 * k] - x[3 * anchor],
              dy = x[3 * k + 1] - x[3 * anchor + 1],
              dz = x[3 * k + 2] - x[3 * anchor + 2];
            const d = dx * dx + dy * dy + dz * dz;
            if (d < bestD) {
              bestD = d;
              best = k;
            }
          }
          if (best < 0) throw missing(kind, tags, a, t);
          // Beyond the ghost cutoff the closest image may not exist as a ghost: LAMMPS loses it too.
          if (periodic && bestD > cutGhost * cutGhost)
            throw new Error(
              `${cap(kind)} atoms ${Array.from(tags.subarray(a * t, a * t + a)).join(' ')} missing: atom ${tags[a * t + m]} ` +
                `is ${Math.sqrt(bestD).toPrecision(6)} from atom ${tags[a * t + ANCHOR[kind]]}, beyond the ghost cutoff ${cutGhost}`,
            );
          out[a * t + m] = best;
        }
      }
    }
    if (this.useSpecial) {
      const nb = sim.neighbor;
      const flags = this.specialFlags;
      if (nb.needHalf) this.specialList.filter(nb.half, g, s, tagLocal, flags, s.box, this.encode);
      if (nb.needFull) this.specialList.filter(nb.full, g, s, tagLocal, flags, s.box, this.encode);
    }
  }

  /**
   * Add the bonded forces, energies and virial to the pair style's (fb holds the pair results,
   * before the ghost fold). Records epair/ecoul for thermo's evdwl and ecoul.
   */
  compute(sim: Simulation, fb: ForceBuffers, flags: ComputeFlags): void {
    this.epair = fb.energy;
    this.ecoul = fb.ecoul;
    if (!this.active) return;
    // Bonded forces land on ghosts too: the caller must fold them.
    fb.ghostsFolded = false;
    const s = sim.system;
    const g = sim.neighbor.ghosts;
    const nall = g.nall;
    if (this.fMol.length < 3 * nall) this.fMol = new Float64Array(3 * Math.ceil(nall * 1.2) + 48);
    const fm = this.fMol;
    fm.fill(0, 0, 3 * nall);
    const c = this.ctx;
    c.x = g.xAll;
    c.f = fm;
    c.type = g.type;
    c.map = g.map;
    c.q = s.q;
    c.qqrd2e = s.units.qqr2e;
    c.eflag = flags.energy;
    c.eatom = flags.eatom ? fb.eatom : null;
    c.evdwl = 0;
    c.ecoul = 0;
    // Allocation-free: energies by kind into a preallocated array.
    const e = this.eterm;
    for (let k = 0; k < 4; k++) {
      const kind = TERM_KINDS[k];
      const style = this.styles[kind];
      const list = s.topology.list(kind);
      e[k] = style && list.count > 0 ? style.compute(c, this.atoms[kind], list.type, list.count) : 0;
    }
    if (flags.energy) {
      this.ebond = e[0];
      this.eangle = e[1];
      this.edihed = e[2];
      this.eimp = e[3];
      this.epair += c.evdwl + c.ecoul;
      this.ecoul += c.ecoul;
      fb.energy += e[0] + e[1] + e[2] + e[3] + c.evdwl + c.ecoul;
      fb.ecoul += c.ecoul;
    }
    if (flags.virial) {
      const x = g.xAll,
        w = fb.virial;
      for (let k = 0; k < 3 * nall; k += 3) {
        w[0] += fm[k] * x[k];
        w[1] += fm[k + 1] * x[k + 1];
        w[2] += fm[k + 2] * x[k + 2];
        w[3] += fm[k + 1] * x[k];
        w[4] += fm[k + 2] * x[k];
        w[5] += fm[k + 2] * x[k + 1];
      }
    }
    const f = fb.f;
    for (let k = 0; k < 3 * nall; k++) f[k] += fm[k];
  }
}

function cap(kind: string): string {
  return kind[0].toUpperCase() + kind.slice(1);
}

function missing(kind: TermKind, tags: Int32Array, a: number, t: number): Error {
  return new Error(`${cap(kind)} atoms ${Array.from(tags.subarray(a * t, a * t + a)).join(' ')} missing`);
}
