import { ELLIPSOID_SET_KEYWORDS, setEllipsoidKeyword } from '../asphere/set_ellipsoid.js';
import { COMMANDS, type Deck } from '../deck.js';
import { int, num, parseTypeRange } from '../parse.js';
import { RanPark } from '../random_park.js';
import type { AtomSystem } from '../system.js';

/** LAMMPS's largest atom ID (MAXTAGINT, 32-bit tags). */
const MAXTAGINT = 2147483647;

/** Value arguments of each keyword: how many, and whether it is an integer one. */
const KEYWORDS: Record<string, { n: number; int?: boolean }> = {
  type: { n: 1, int: true },
  'type/fraction': { n: 3 },
  mol: { n: 1, int: true },
  x: { n: 1 },
  y: { n: 1 },
  z: { n: 1 },
  vx: { n: 1 },
  vy: { n: 1 },
  vz: { n: 1 },
  charge: { n: 1 },
  mass: { n: 1 },
  diameter: { n: 1 },
  density: { n: 1 },
  'density/disc': { n: 1 },
  volume: { n: 1 },
  image: { n: 3, int: true },
};

/**
 * set style ID keyword values ... (LAMMPS Set): change per-atom attributes of the atoms selected
 * by style `atom` (ID range), `type` (type range), `mol` (molecule ID range), `group` or `region`
 * (atoms inside the region now). Keywords: type, type/fraction, mol, x y z, vx vy vz, charge,
 * image (NULL keeps a flag), mass (per-atom masses: atom_style sphere and peri; refused for styles
 * without them, as LAMMPS does), diameter (radius = d/2), density and density/disc (rmass from the
 * radius: 4π/3 r³ ρ, or π r² ρ for disc; ρ itself when there is no radius, as for atom_style peri;
 * LAMMPS Set::set), volume (atom_style peri's vfrac). A value may be v_name, an atom-style variable evaluated for every
 * atom before the keyword applies (LAMMPS varparse). type/fraction reseeds LAMMPS's RanPark from
 * each atom's coordinates, so the same seed picks the same atoms as LAMMPS regardless of atom
 * order. Prints "N settings made for KEYWORD" per keyword, as LAMMPS.
 */
export function registerSetCommand(): void {
  COMMANDS.register('set', (args, deck) => {
    const s = deck.sim.system;
    if (!s.boxExists) throw new Error('Set command before simulation box is defined');
    if (s.n === 0) throw new Error('Set command with no atoms existing');
    if (args.length < 4) throw new Error('Illegal set command: expected "set style ID keyword values ..."');
    const select = selection(deck, args[0], args[1]);
    deck.sim.out.print('Setting atom values ...');
    for (let k = 2; k < args.length; ) {
      const key = args[k];
      const ellipsoidKey = s.ellipsoid !== null && Object.hasOwn(ELLIPSOID_SET_KEYWORDS, key);
      const spec = ellipsoidKey
        ? ELLIPSOID_SET_KEYWORDS[key]
        : Object.hasOwn(KEYWORDS, key)
          ? KEYWORDS[key]
          : undefined;
      if (!spec)
        throw new Error(
          `Illegal set command: unknown keyword '${key}' (supported: ${Object.keys(KEYWORDS).join(' ')})`,
        );
      const vals = args.slice(k + 1, k + 1 + spec.n);
      if (vals.length < spec.n) throw new Error(`Illegal set command: ${key} needs ${spec.n} value(s)`);
      const count = ellipsoidKey
        ? setEllipsoidKeyword(s, select, key, vals)
        : key === 'type/fraction'
          ? setTypeFraction(s, select, vals)
          : setValues(deck, select, key, vals);
      deck.sim.out.print(`  ${count} settings made for ${key}`);
      k += 1 + spec.n;
    }
  });
}

/** The selected atoms (LAMMPS Set::selection), 1 per selected local atom. */
function selection(deck: Deck, style: string, id: string): Uint8Array {
  const sim = deck.sim;
  const s = sim.system;
  const sel = new Uint8Array(s.n);
  const inRange = (v: Int32Array, lo: number, hi: number) => {
    for (let i = 0; i < s.n; i++) if (v[i] >= lo && v[i] <= hi) sel[i] = 1;
  };
  switch (style) {
    case 'atom': {
      const [lo, hi] = idRange(id, MAXTAGINT);
      inRange(s.tag, lo, hi);
      break;
    }
    case 'type': {
      const [lo, hi] = parseTypeRange(id, s.ntypes);
      inRange(s.type, lo, hi);
      break;
    }
    case 'mol': {
      if (!s.atomStyle.molecule) throw new Error('Cannot use set mol with no molecule IDs defined');
      const [lo, hi] = idRange(id, MAXTAGINT);
      inRange(s.molecule, lo, hi);
      break;
    }
    case 'group': {
      const bit = sim.groups.bit(id, 'set');
      for (let i = 0; i < s.n; i++) if (s.mask[i] & bit) sel[i] = 1;
      break;
    }
    case 'region': {
      const r = deck.regions.get(id);
      if (!r) throw new Error(`Set region ID '${id}' does not exist`);
      for (let i = 0; i < s.n; i++) if (r.match(s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2])) sel[i] = 1;
      break;
    }
    default:
      throw new Error(`Illegal set command: unknown style '${style}' (supported: atom type mol group region)`);
  }
  return sel;
}

/** ID ranges "5", "*", "3*", "*9", "3*9" within 1..max (utils::bounds). */
function idRange(s: string, max: number): [number, number] {
  const m = /^(\d*)\*(\d*)$/.exec(s);
  let lo: number, hi: number;
  if (m) {
    lo = m[1] ? Number(m[1]) : 1;
    hi = m[2] ? Number(m[2]) : max;
  } else if (/^\d+$/.test(s)) lo = hi = Number(s);
  else throw new Error(`Invalid range string: ${s}`);
  if (lo < 1 || hi > max || lo > hi) throw new Error(`Numeric index ${s} is out of bounds (1-${max})`);
  return [lo, hi];
}

/** type/fraction T FRACTION SEED (LAMMPS Set::setrandom TYPE_FRACTION). */
function setTypeFraction(s: AtomSystem, sel: Uint8Array, vals: string[]): number {
  const t = int(vals[0], 'set type/fraction type');
  const frac = num(vals[1], 'set type/fraction fraction');
  const seed = int(vals[2], 'set type/fraction seed');
  if (t < 1 || t > s.ntypes) throw new Error('Invalid type value in set command');
  if (frac < 0 || frac > 1) throw new Error('Invalid value in set command: fraction must be in [0,1]');
  if (seed <= 0) throw new Error('Invalid random number seed in set command');
  const r = new RanPark(seed);
  let count = 0;
  for (let i = 0; i < s.n; i++) {
    if (!sel[i]) continue;
    r.resetFromCoord(seed, s.x, 3 * i);
    if (r.uniform() >= frac) continue;
    s.type[i] = t;
    count++;
  }
  return count;
}

/** The keywords with one value per atom (a number, or v_name per atom), LAMMPS Set::set. */
function setValues(deck: Deck, sel: Uint8Array, key: string, vals: string[]): number {
  const sim = deck.sim;
  const s = sim.system;
  if (key === 'charge' && !s.atomStyle.charge)
    throw new Error(`Cannot set attribute charge for atom style ${s.atomStyle.name}`);
  if (key === 'mol' && !s.atomStyle.molecule)
    throw new Error(`Cannot set attribute mol for atom style ${s.atomStyle.name}`);
  if ((key === 'mass' || key.startsWith('density')) && !s.perAtomMass)
    throw new Error(`Cannot set attribute ${key} for atom style ${s.atomStyle.name} (no per-atom masses)`);
  if (key === 'diameter' && !s.atomStyle.sphere)
    throw new Error(`Cannot set attribute diameter for atom style ${s.atomStyle.name}`);
  if (key === 'density/disc' && s.dimension !== 2) throw new Error('Density/disc option requires 2d simulation');
  if (key === 'volume' && !s.peri)
    throw new Error(`Cannot set attribute volume for atom style ${s.atomStyle.name} (atom_style peri has it)`);
  // Each value: a constant, an atom-style variable's values, or (image only) NULL = keep.
  const columns = vals.map((w) => {
    if (key === 'image' && w === 'NULL') return null;
    if (w.startsWith('v_')) {
      const name = w.slice(2);
      if (sim.variables.styleOf(name) === undefined)
        throw new Error(`Variable name ${name} for set command does not exist`);
      if (sim.variables.styleOf(name) !== 'atom') throw new Error(`Variable ${name} for set command is invalid style`);
      return sim.variables.evaluateAtomArray(name);
    }
    return KEYWORDS[key].int ? int(w, `set ${key}`) : num(w, `set ${key}`);
  });
  const at = (c: number, i: number): number => {
    const v = columns[c]!;
    return typeof v === 'number' ? v : v[i];
  };
  if (key === 'image') {
    for (let d = 0; d < 3; d++) {
      const v = columns[d];
      if (v !== null && !s.box.periodic[d] && (typeof v !== 'number' || v !== 0))
        throw new Error('Cannot set non-zero image flag for non-periodic dimension');
    }
  }
  let count = 0;
  for (let i = 0; i < s.n; i++) {
    if (!sel[i]) continue;
    const v = columns[0] === null ? 0 : at(0, i);
    switch (key) {
      case 'type': {
        // Atom-style values are truncated to int as LAMMPS's static_cast<int>.
        const t = Math.trunc(v);
        if (t <= 0 || t > s.ntypes) throw new Error(`Invalid value ${t} in set type command`);
        s.type[i] = t;
        break;
      }
      case 'mol':
        s.molecule[i] = Math.trunc(v);
        break;
      case 'x':
      case 'y':
      case 'z':
        s.x[3 * i + 'xyz'.indexOf(key)] = v;
        break;
      case 'vx':
      case 'vy':
      case 'vz':
        s.v[3 * i + 'xyz'.indexOf(key[1])] = v;
        break;
      case 'charge':
        s.q[i] = v;
        break;
      case 'mass':
        if (v <= 0.0) throw new Error('Invalid mass in set command');
        s.rmass![i] = v;
        break;
      case 'diameter':
        if (v < 0.0) throw new Error('Invalid diameter in set command');
        s.radius[i] = 0.5 * v;
        break;
      case 'density':
      case 'density/disc': {
        if (v <= 0.0) throw new Error('Invalid density in set command');
        const r = s.atomStyle.sphere ? s.radius[i] : 0.0;
        if (r > 0.0)
          s.rmass![i] = key === 'density/disc' ? Math.PI * r * r * v : ((4.0 * Math.PI) / 3.0) * r * r * r * v;
        else s.rmass![i] = v;
        break;
      }
      case 'volume':
        if (!(v > 0)) throw new Error(`Invalid volume in set command: ${v}`);
        s.peri!.vfrac[i] = v;
        break;
      default: // image
        for (let d = 0; d < 3; d++) if (columns[d] !== null) s.image[3 * i + d] = Math.trunc(at(d, i));
    }
    count++;
  }
  return count;
}
