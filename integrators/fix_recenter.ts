import { Args } from '../src/args.js';
import { groupMass, groupXcm } from '../src/groups.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** One target coordinate: NULL (leave free), INIT (the centre of mass at init) or a value. */
type Target = { kind: 'null' } | { kind: 'init' } | { kind: 'value'; v: number };

/**
 * fix ID group recenter x y z [shift group2] [units box|lattice|fraction] (LAMMPS FixRecenter): at
 * the start of each step (initial_integrate, so after the integrators defined before it) the atoms
 * of group2 (default: the fix group) are translated so that the fix group's centre of mass
 * (unwrapped, mass-weighted) is at the target; NULL leaves a dimension alone, INIT keeps the centre
 * of mass where it was at the start of the run. Values are in lattice spacings by default, box
 * units, or fractions of the box. f_ID is the distance moved, f_ID[1..3] the shift (length units).
 */
export class FixRecenter implements Fix {
  readonly style = 'recenter';
  readonly vectorLength = 3;
  /** LAMMPS declares the distance and shift extensive (extscalar = extvector = 1): `thermo_modify norm yes` divides them by N. */
  readonly extensive = true;
  private masstotal = 0;
  private readonly xinit = new Float64Array(3);
  private readonly xcm = new Float64Array(3);
  private readonly shift = new Float64Array(3);
  private distance = 0;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly group2Bit: number,
    private readonly target: Target[],
    private readonly fraction: boolean,
  ) {}

  init(sim: Simulation): void {
    const s = sim.system;
    this.masstotal = groupMass(s, this.groupBit);
    if (this.target.some((t) => t.kind === 'init')) groupXcm(s, this.groupBit, this.masstotal, this.xinit);
  }

  initialIntegrate(sim: Simulation): void {
    const s = sim.system,
      box = s.box;
    groupXcm(s, this.groupBit, this.masstotal, this.xcm);
    for (let d = 0; d < 3; d++) {
      const t = this.target[d];
      let tgt = 0;
      if (t.kind === 'init') tgt = this.xinit[d];
      else if (t.kind === 'value') tgt = this.fraction ? box.lo[d] + t.v * (box.hi[d] - box.lo[d]) : t.v;
      this.shift[d] = t.kind === 'null' ? 0.0 : tgt - this.xcm[d];
    }
    const sh = this.shift;
    this.distance = Math.sqrt(sh[0] * sh[0] + sh[1] * sh[1] + sh[2] * sh[2]);
    const x = s.x,
      mask = s.mask,
      bit = this.group2Bit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      x[3 * i] += sh[0];
      x[3 * i + 1] += sh[1];
      x[3 * i + 2] += sh[2];
    }
  }

  computeScalar(): number {
    return this.distance;
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.shift[i];
  }
}

export function createFixRecenter(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix recenter', args);
  a.need(3, 'x y z');
  const raw: Target[] = [];
  for (const d of ['x', 'y', 'z']) {
    const w = a.peek()!;
    if (w === 'NULL' || w === 'INIT') {
      a.pos++;
      raw.push({ kind: w === 'NULL' ? 'null' : 'init' });
    } else raw.push({ kind: 'value', v: a.num(d) });
  }
  let group2Bit = bit;
  let units = 'lattice' as 'box' | 'lattice' | 'fraction';
  a.keywords({
    shift: (k) => {
      group2Bit = groupBitOf(sim, k.word('shift group'));
    },
    units: (k) => {
      units = k.oneOf('units', ['box', 'lattice', 'fraction'] as const);
    },
  });
  if (units === 'lattice') {
    const L = files?.lattice;
    const scale = [L?.xlattice ?? 1, L?.ylattice ?? 1, L?.zlattice ?? 1];
    raw.forEach((t, d) => {
      if (t.kind === 'value') t.v *= scale[d];
    });
  }
  return new FixRecenter(id, bit, group2Bit, raw, units === 'fraction');
}
