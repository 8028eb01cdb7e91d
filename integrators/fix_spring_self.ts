import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group spring/self K [xyz|xy|xz|yz|x|y|z] (LAMMPS FixSpringSelf): each atom of the group is
 * tethered to where it was when the fix was defined (unwrapped coordinates, kept by atom ID so atom
 * sorting does not matter) by E = ½ K |Δ|², f = −K Δ on the chosen dimensions. f_ID is Σ E
 * (energy units, extensive; `fix_modify energy yes` adds it to pe). As in LAMMPS 29 Sep 2021 it
 * has no virial (`fix_modify virial` is refused).
 */
export class FixSpringSelf implements Fix {
  readonly style = 'spring/self';
  readonly extensive = true;
  readonly energyGlobal = true;
  thermoEnergy = false;
  private espring = 0;
  private readonly unwrap = new Float64Array(3);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly k: number,
    private readonly flags: [boolean, boolean, boolean],
    /** Original unwrapped position by atom ID: 3 × (maxTag + 1). */
    private readonly xoriginal: Float64Array,
  ) {}

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const f = s.f,
      mask = s.mask,
      tag = s.tag,
      bit = this.groupBit,
      u = this.unwrap,
      x0 = this.xoriginal,
      k = this.k;
    const [fx, fy, fz] = this.flags;
    let e = 0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const t = tag[i];
      if (3 * t + 2 >= x0.length) throw new Error(`fix spring/self: atom ${t} did not exist when the fix was defined`);
      s.box.unwrap(s.x, s.image, i, u);
      const dx = fx ? u[0] - x0[3 * t] : 0.0;
      const dy = fy ? u[1] - x0[3 * t + 1] : 0.0;
      const dz = fz ? u[2] - x0[3 * t + 2] : 0.0;
      f[3 * i] -= k * dx;
      f[3 * i + 1] -= k * dy;
      f[3 * i + 2] -= k * dz;
      e += k * (dx * dx + dy * dy + dz * dz);
    }
    this.espring = 0.5 * e;
  }

  computeScalar(): number {
    return this.espring;
  }
}

export function createFixSpringSelf(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix spring/self', args);
  a.need(1, 'K');
  const k = a.num('K', { ge: 0 });
  let flags: [boolean, boolean, boolean] = [true, true, true];
  if (a.more()) {
    const d = a.oneOf('dimensions', ['xyz', 'xy', 'xz', 'yz', 'x', 'y', 'z'] as const);
    flags = [d.includes('x'), d.includes('y'), d.includes('z')];
  }
  a.end();
  const s = sim.system;
  let maxTag = 0;
  for (let i = 0; i < s.n; i++) maxTag = Math.max(maxTag, s.tag[i]);
  const x0 = new Float64Array(3 * (maxTag + 1));
  const u = new Float64Array(3);
  for (let i = 0; i < s.n; i++) {
    if (!(s.mask[i] & bit)) continue;
    s.box.unwrap(s.x, s.image, i, u);
    x0.set(u, 3 * s.tag[i]);
  }
  return new FixSpringSelf(id, bit, k, flags, x0);
}
