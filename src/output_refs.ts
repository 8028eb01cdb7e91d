import type { Simulation } from './simulation.js';

/**
 * References to the global outputs of computes and fixes as decks write them: `c_ID` (the compute's
 * scalar), `c_ID[i]` (element i, 1-based, of its vector), `f_ID`, `f_ID[i]` (the same for a fix:
 * its computeScalar, or energyCouple for thermostats, whose LAMMPS compute_scalar it is; its
 * computeVector). Thermo, equal-style variables and fix ave/time all read them through here, so
 * the checks and LAMMPS's messages are the same everywhere.
 *
 * The ID is looked up when the value is read (at every thermo row), as a fix or compute may be
 * redefined or deleted between runs; `check` resolves it once before a run to fail early.
 */
export interface OutputRef {
  readonly kind: 'c' | 'f';
  readonly id: string;
  /** 0 for the scalar, else the 1-based vector index. */
  readonly index: number;
}

/** Parse `c_ID`, `c_ID[i]`, `f_ID`, `f_ID[i]`; null when the word is not such a reference. */
export function parseOutputRef(word: string): OutputRef | null {
  const m = /^([cf])_([^[\]\s]+)(?:\[(\d+)\])?$/.exec(word);
  if (!m) return null;
  const index = m[3] === undefined ? 0 : Number(m[3]);
  if (m[3] !== undefined && !(index >= 1 && Number.isSafeInteger(index)))
    throw new Error(`Invalid index in '${word}': must be 1 or more`);
  return { kind: m[1] as 'c' | 'f', id: m[2], index };
}

/** What a resolved reference reads now, and how thermo normalises it. */
export interface OutputValue {
  value(sim: Simulation): number;
  /** Extensive (LAMMPS extscalar/extvector): thermo divides it by the atom count under norm yes. */
  readonly extensive: boolean;
  /** Reading it needs the potential energy of the step (compute pe). */
  readonly needsEnergy: boolean;
}

/**
 * Resolve a reference against the computes and fixes defined now. `who` prefixes the errors as
 * LAMMPS does ("Thermo", "Variable", "Fix ave/time").
 */
export function resolveOutputRef(sim: Simulation, ref: OutputRef, who: string): OutputValue {
  const { id, index } = ref;
  // LAMMPS's wording: "Thermo compute does not compute scalar", "Fix ave/time compute does not calculate a scalar".
  const does = who === 'Fix ave/time' ? 'does not calculate a' : 'does not compute';
  if (ref.kind === 'c') {
    const c = sim.computes.find((x) => x.id === id);
    if (!c) throw new Error(`Could not find ${who.toLowerCase()} compute ID '${id}'`);
    const needsEnergy = c.needsEnergy === true;
    if (index === 0) {
      if (!c.computeScalar) throw new Error(`${who} compute ${id} ${does} scalar`);
      return { value: (s) => c.computeScalar!(s), extensive: c.extensiveScalar === true, needsEnergy };
    }
    if (!c.computeVector || !c.sizeVector) throw new Error(`${who} compute ${id} ${does} vector`);
    if (index > c.sizeVector)
      throw new Error(`${who} compute ${id} vector is accessed out-of-range (index ${index} > ${c.sizeVector})`);
    return { value: (s) => c.computeVector!(s)[index - 1], extensive: c.extensiveVector === true, needsEnergy };
  }
  const f = sim.fixes.find((x) => x.id === id);
  if (!f) throw new Error(`Could not find ${who.toLowerCase()} fix ID '${id}'`);
  const extensive = f.extensive === true;
  if (index === 0) {
    if (f.computeScalar) return { value: (s) => f.computeScalar!(s), extensive, needsEnergy: false };
    if (f.energyCouple) return { value: (s) => f.energyCouple!(s), extensive, needsEnergy: false };
    throw new Error(`${who} fix ${id} ${does} scalar`);
  }
  if (!f.computeVector || !f.vectorLength) throw new Error(`${who} fix ${id} ${does} vector`);
  if (index > f.vectorLength)
    throw new Error(`${who} fix ${id} vector is accessed out-of-range (index ${index} > ${f.vectorLength})`);
  const ext = f.extensiveElement ? f.extensiveElement(index - 1) : extensive;
  return { value: (s) => f.computeVector!(s, index - 1), extensive: ext, needsEnergy: false };
}
