import type { AtomSystem } from './system.js';

/** Most groups a simulation may have, `all` included (LAMMPS MAX_GROUP: one bit of a 32-bit mask each). */
export const MAX_GROUPS = 32;

/**
 * Groups of atoms (LAMMPS Group): up to 32 named groups, each one bit of the per-atom mask
 * `system.mask` (Int32Array, n entries). Group 0 is `all` (bit 1), set for every atom when it is
 * created. The group bit of index g is 1 << g (bit 31 gives a negative Int32; tests use `& bit`).
 */
export class Groups {
  private readonly names: (string | null)[] = new Array<string | null>(MAX_GROUPS).fill(null);

  constructor() {
    this.names[0] = 'all';
  }

  /** Index of a group, or -1 when it does not exist. */
  find(name: string): number {
    return this.names.indexOf(name);
  }

  /** The mask bit of an existing group; `who` names the asker in the error (e.g. "fix", "compute"). */
  bit(name: string, who = 'group'): number {
    const g = this.find(name);
    if (g < 0) throw new Error(`Could not find ${who} group ID '${name}'`);
    return 1 << g;
  }

  /** Names of the groups that exist, in index order. */
  list(): string[] {
    return this.names.filter((n): n is string => n !== null);
  }

  /** Index of the group with this name, created (empty) when it does not exist yet. */
  findOrCreate(name: string): number {
    const g = this.find(name);
    if (g >= 0) return g;
    // LAMMPS 29 Sep 2021 (Group::assign) puts no rule on the characters of a group ID:
    // examples/friction names its groups `lo-fixed` and `hi-fixed`.
    const free = this.names.indexOf(null);
    if (free < 0) throw new Error(`Too many groups (at most ${MAX_GROUPS}, all included)`);
    this.names[free] = name;
    return free;
  }

  /** Forget a group (its bit is cleared from every atom by the caller). */
  remove(g: number): void {
    this.names[g] = null;
  }
}

/** Number of atoms in the group with mask bit `bit` (LAMMPS Group::count). */
export function groupCount(s: AtomSystem, bit: number): number {
  const mask = s.mask;
  let c = 0;
  for (let i = 0; i < s.n; i++) if (mask[i] & bit) c++;
  return c;
}

/** Total mass of the group (LAMMPS Group::mass), mass units. */
export function groupMass(s: AtomSystem, bit: number): number {
  const mask = s.mask,
    mass = s.mass,
    rmass = s.rmass,
    type = s.type;
  let m = 0;
  for (let i = 0; i < s.n; i++) if (mask[i] & bit) m += rmass !== null ? rmass[i] : mass[type[i]];
  return m;
}

/**
 * Centre of mass of the group in unwrapped coordinates (LAMMPS Group::xcm): Σ m x_unwrapped / M,
 * summed in atom order as LAMMPS does on one process; zero when M = 0. Length units.
 */
export function groupXcm(s: AtomSystem, bit: number, masstotal: number, out: Float64Array): void {
  const mask = s.mask,
    mass = s.mass,
    rmass = s.rmass,
    type = s.type;
  const u = UNWRAP;
  let c0 = 0,
    c1 = 0,
    c2 = 0;
  for (let i = 0; i < s.n; i++) {
    if (!(mask[i] & bit)) continue;
    s.box.unwrap(s.x, s.image, i, u);
    const m = rmass !== null ? rmass[i] : mass[type[i]];
    c0 += u[0] * m;
    c1 += u[1] * m;
    c2 += u[2] * m;
  }
  if (masstotal > 0) {
    out[0] = c0 / masstotal;
    out[1] = c1 / masstotal;
    out[2] = c2 / masstotal;
  } else out[0] = out[1] = out[2] = 0;
}

const UNWRAP = new Float64Array(3);

/** Centre-of-mass velocity of the group (LAMMPS Group::vcm): Σ m v / M, zero when M = 0. */
export function groupVcm(s: AtomSystem, bit: number, masstotal: number, out: Float64Array): void {
  const mask = s.mask,
    mass = s.mass,
    rmass = s.rmass,
    type = s.type,
    v = s.v;
  let p0 = 0,
    p1 = 0,
    p2 = 0;
  for (let i = 0; i < s.n; i++) {
    if (!(mask[i] & bit)) continue;
    const m = rmass !== null ? rmass[i] : mass[type[i]];
    p0 += v[3 * i] * m;
    p1 += v[3 * i + 1] * m;
    p2 += v[3 * i + 2] * m;
  }
  if (masstotal > 0) {
    out[0] = p0 / masstotal;
    out[1] = p1 / masstotal;
    out[2] = p2 / masstotal;
  } else out[0] = out[1] = out[2] = 0;
}
