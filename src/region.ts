import type { Box } from './box.js';
import type { Lattice } from './lattice.js';
import { num } from './parse.js';
import { type Inside, SHAPE_PARAMS, SHAPES, shapeExtent } from './region_shapes.js';

const BIG = 1e20;

/** Region styles dpmd knows: LAMMPS's names. */
export type RegionStyle = 'block' | 'prism' | 'sphere' | 'cylinder' | 'cone' | 'plane' | 'union' | 'intersect';
const STYLES: readonly string[] = ['block', 'prism', 'sphere', 'cylinder', 'cone', 'plane', 'union', 'intersect'];

/**
 * Geometric regions (LAMMPS Region): `block` and `prism` (which create_box takes), `sphere`,
 * `cylinder`, `cone`, `plane` (src/region_shapes.ts), and `union` / `intersect` of other regions
 * (each with its own side), in lattice units by default (`units box` for plain lengths), `side
 * in|out`. Used by create_box, create_atoms, group region and the commands that select atoms.
 */
export class Region {
  lo = [0, 0, 0];
  hi = [0, 0, 0];
  xy = 0;
  xz = 0;
  yz = 0;
  interior = true;
  /** Bounding box of a sphere or finite cylinder (LAMMPS extent_*; create_box uses it), else null. */
  extent: { lo: number[]; hi: number[] } | null = null;
  private hinv = [0, 0, 0, 0, 0, 0];

  constructor(
    readonly id: string,
    readonly style: RegionStyle,
  ) {}

  /** The test of a sphere, cylinder, cone, plane, union or intersect (block and prism test inline). */
  private shape: Inside | null = null;

  /**
   * Parse `region ID style args... keyword value ...`; `regions` resolves the members of a union or
   * an intersect.
   */
  static parse(
    args: string[],
    lattice: Lattice | null,
    box: Box | null,
    regions?: ReadonlyMap<string, Region>,
  ): Region {
    const [id, style] = args;
    if (!STYLES.includes(style)) throw new Error(`Unknown region style '${style}' (supported: ${STYLES.join(', ')})`);
    const R = new Region(id, style as RegionStyle);
    let nParams = style === 'block' ? 6 : style === 'prism' ? 9 : (SHAPE_PARAMS[style] ?? 0);
    if (style === 'union' || style === 'intersect') {
      const n = Number(args[2]);
      if (!(Number.isInteger(n) && n >= 1))
        throw new Error(`Illegal region ${style} command: N must be a positive integer`);
      nParams = n + 1;
    }
    const params = args.slice(2, 2 + nParams);
    if (params.length !== nParams) throw new Error(`Illegal region ${style} command: expected ${nParams} values`);
    let unitsLattice = true;
    for (let k = 2 + nParams; k < args.length; k += 2) {
      if (args[k] === 'units') {
        if (args[k + 1] !== 'box' && args[k + 1] !== 'lattice')
          throw new Error(`Illegal region units '${args[k + 1]}'`);
        unitsLattice = args[k + 1] === 'lattice';
      } else if (args[k] === 'side') {
        if (args[k + 1] !== 'in' && args[k + 1] !== 'out') throw new Error(`Illegal region side '${args[k + 1]}'`);
        R.interior = args[k + 1] === 'in';
      } else if (args[k] === 'move' || args[k] === 'rotate' || args[k] === 'open') {
        throw new Error(`region keyword '${args[k]}' (moving or open regions) is not supported by dpmd yet`);
      } else {
        throw new Error(`Illegal region keyword '${args[k]}'`);
      }
    }
    if (style === 'union' || style === 'intersect') {
      const members = params.slice(1).map((m) => {
        const r = regions?.get(m);
        if (!r) throw new Error(`Region ${style} region ID '${m}' does not exist`);
        return r;
      });
      // A member's own side applies (LAMMPS calls each member's match()).
      R.shape =
        style === 'union'
          ? (x, y, z) => members.some((r) => r.match(x, y, z))
          : (x, y, z) => members.every((r) => r.match(x, y, z));
      return R;
    }
    if (unitsLattice && !lattice)
      throw new Error('Use of region with undefined lattice: define a lattice or use "units box"');
    const scale = unitsLattice ? [lattice!.xlattice, lattice!.ylattice, lattice!.zlattice] : [1, 1, 1];
    if (style in SHAPES) {
      const ctx = { scale, boxLo: box ? box.lo : null, boxHi: box ? box.hi : null };
      R.shape = SHAPES[style](params, ctx);
      R.extent = shapeExtent(style, params, ctx);
      return R;
    }
    const bound = (s: string, d: number, isLo: boolean): number => {
      if (s === 'INF' || s === 'EDGE') {
        if (!box) throw new Error('Cannot use region INF or EDGE when box does not exist');
        if (s === 'EDGE') return isLo ? box.lo[d] : box.hi[d];
        return isLo ? -BIG : BIG;
      }
      const v = scale[d] * num(s, `region ${style} bound`);
      if (!Number.isFinite(v))
        throw new Error(`Illegal region ${style}: bound ${s} times the lattice spacing overflows`);
      return v;
    };
    for (let d = 0; d < 3; d++) {
      R.lo[d] = bound(params[2 * d], d, true);
      R.hi[d] = bound(params[2 * d + 1], d, false);
      if (R.lo[d] > R.hi[d]) throw new Error(`Illegal region ${style}: lo > hi in dimension ${'xyz'[d]}`);
    }
    if (style === 'prism') {
      R.xy = scale[0] * num(params[6], 'prism xy');
      R.xz = scale[0] * num(params[7], 'prism xz');
      R.yz = scale[1] * num(params[8], 'prism yz');
      const h0 = R.hi[0] - R.lo[0],
        h1 = R.hi[1] - R.lo[1],
        h2 = R.hi[2] - R.lo[2];
      R.hinv = [
        1 / h0,
        1 / h1,
        1 / h2,
        -R.yz / (h1 * h2),
        (R.yz * R.xy - h1 * R.xz) / (h0 * h1 * h2),
        -R.xy / (h0 * h1),
      ];
    }
    return R;
  }

  /** Is the point inside (or outside, for side out)? Boundaries count as inside, as in LAMMPS. */
  match(x: number, y: number, z: number): boolean {
    let inside: boolean;
    if (this.shape) {
      inside = this.shape(x, y, z);
    } else if (this.style === 'block') {
      inside =
        x >= this.lo[0] && x <= this.hi[0] && y >= this.lo[1] && y <= this.hi[1] && z >= this.lo[2] && z <= this.hi[2];
    } else {
      const h = this.hinv;
      const dx = x - this.lo[0],
        dy = y - this.lo[1],
        dz = z - this.lo[2];
      const a = h[0] * dx + h[5] * dy + h[4] * dz;
      const b = h[1] * dy + h[3] * dz;
      const c = h[2] * dz;
      inside = a >= 0 && a <= 1 && b >= 0 && b <= 1 && c >= 0 && c <= 1;
    }
    return inside === this.interior;
  }
}
