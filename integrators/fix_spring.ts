import { Args } from '../src/args.js';
import { groupMass, groupXcm } from '../src/groups.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** Smallest spring length used as a divisor (LAMMPS fix_spring.cpp SMALL). */
const SMALL = 1.0e-10;

/**
 * fix ID group spring tether K x y z R0 | couple group2 K x y z R0 (LAMMPS FixSpring, 29 Sep 2021):
 * a harmonic spring E = K/2 (r − R0)² on the centre of mass of the group (unwrapped coordinates),
 * tethered to the point (x, y, z) or coupled to the centre of mass of group2 at the offset
 * (x, y, z) from it; a NULL coordinate leaves that direction free. The force −K (r − R0) r̂ is
 * shared among the group's atoms by mass (F_i = F m_i / M), so it pulls on the centre of mass alone.
 * Units: K energy/length², lengths in length units.
 *
 * f_ID is the spring energy (extensive; added to pe by `fix_modify ID energy yes`, off by default as
 * in LAMMPS); f_ID[1..3] the force on the group's centre (tether: −F; couple: on group2 it is −F),
 * f_ID[4] its magnitude, negative when the spring is compressed (r < R0).
 */
export class FixSpring implements Fix {
  readonly style = 'spring';
  readonly vectorLength = 4;
  readonly extensive = true;
  readonly energyGlobal = true;
  thermoEnergy = false;
  private espring = 0;
  private readonly ftotal = new Float64Array(4);
  private masstotal = 0;
  private masstotal2 = 0;
  private readonly xcm = new Float64Array(3);
  private readonly xcm2 = new Float64Array(3);

  /** target[d] null: direction d is free (NULL). group2Bit 0: tether. */
  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly group2Bit: number,
    private readonly k: number,
    private readonly target: readonly (number | null)[],
    private readonly r0: number,
  ) {}

  init(sim: Simulation): void {
    this.masstotal = groupMass(sim.system, this.groupBit);
    if (this.group2Bit) this.masstotal2 = groupMass(sim.system, this.group2Bit);
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const [xc, yc, zc] = this.target;
    const couple = this.group2Bit !== 0;
    groupXcm(s, this.groupBit, this.masstotal, this.xcm);
    let dx: number, dy: number, dz: number;
    if (couple) {
      groupXcm(s, this.group2Bit, this.masstotal2, this.xcm2);
      dx = this.xcm2[0] - this.xcm[0] - (xc ?? 0);
      dy = this.xcm2[1] - this.xcm[1] - (yc ?? 0);
      dz = this.xcm2[2] - this.xcm[2] - (zc ?? 0);
    } else {
      dx = this.xcm[0] - (xc ?? 0);
      dy = this.xcm[1] - (yc ?? 0);
      dz = this.xcm[2] - (zc ?? 0);
    }
    if (xc === null) dx = 0.0;
    if (yc === null) dy = 0.0;
    if (zc === null) dz = 0.0;
    let r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    r = Math.max(r, SMALL);
    const dr = r - this.r0;
    let fx = (this.k * dx * dr) / r;
    let fy = (this.k * dy * dr) / r;
    let fz = (this.k * dz * dr) / r;
    const ft = this.ftotal;
    const sign = couple ? 1 : -1;
    ft[0] = sign * fx;
    ft[1] = sign * fy;
    ft[2] = sign * fz;
    ft[3] = Math.sqrt(fx * fx + fy * fy + fz * fz);
    if (dr < 0.0) ft[3] = -ft[3];
    this.espring = 0.5 * this.k * dr * dr;

    // Per unit mass on each group: group 1 is pulled by +F (couple) or −F (tether), group2 by −F.
    let fx2 = 0.0,
      fy2 = 0.0,
      fz2 = 0.0;
    if (couple && this.masstotal2 > 0.0) {
      fx2 = fx / this.masstotal2;
      fy2 = fy / this.masstotal2;
      fz2 = fz / this.masstotal2;
    }
    if (this.masstotal > 0.0) {
      fx /= this.masstotal;
      fy /= this.masstotal;
      fz /= this.masstotal;
    } else if (couple) fx = fy = fz = 0.0;
    const f = s.f,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type,
      bit = this.groupBit,
      bit2 = this.group2Bit;
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      if (mask[i] & bit) {
        const m = pm ? rm[i] : mass[type[i]];
        if (couple) {
          f[k] += fx * m;
          f[k + 1] += fy * m;
          f[k + 2] += fz * m;
        } else {
          f[k] -= fx * m;
          f[k + 1] -= fy * m;
          f[k + 2] -= fz * m;
        }
      }
      if (mask[i] & bit2) {
        const m = pm ? rm[i] : mass[type[i]];
        f[k] -= fx2 * m;
        f[k + 1] -= fy2 * m;
        f[k + 2] -= fz2 * m;
      }
    }
  }

  computeScalar(): number {
    return this.espring;
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.ftotal[i];
  }
}

export function createFixSpring(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix spring', args);
  const style = a.oneOf('style', ['tether', 'couple'] as const);
  let bit2 = 0;
  if (style === 'couple') {
    const g2 = a.word('group2');
    bit2 = sim.groups.bit(g2, 'fix spring couple');
    if (bit2 === bit) a.fail('2nd group cannot be the same as fix group');
  }
  a.need(5, 'K x y z R0');
  const k = a.num('K');
  const target: (number | null)[] = [];
  for (const d of ['x', 'y', 'z']) {
    if (a.peek() === 'NULL') {
      a.pos++;
      target.push(null);
    } else target.push(a.num(d));
  }
  const r0 = a.num('R0', { ge: 0 });
  a.end();
  return new FixSpring(id, bit, bit2, k, target, r0);
}
