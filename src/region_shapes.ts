import { num } from './parse.js';

/**
 * The curved and open region styles of LAMMPS (RegSphere, RegCylinder, RegCone, RegPlane): each
 * parsed into an `inside(x, y, z)` test with LAMMPS's scaling of lattice units (centres by the
 * spacing of their own axis, radii by the spacing of the first axis across the cylinder/cone axis,
 * bounds along the axis by that axis's spacing; plane normals are unit vectors, never scaled).
 * Boundaries count as inside, as in LAMMPS.
 */
export type Inside = (x: number, y: number, z: number) => boolean;

const BIG = 1e20;

/** How a shape reads its numbers: lattice scale per axis and the box for INF / EDGE bounds. */
export interface ShapeContext {
  scale: readonly number[];
  boxLo: ArrayLike<number> | null;
  boxHi: ArrayLike<number> | null;
}

/** The number of parameters each shape style takes after its name. */
export const SHAPE_PARAMS: Record<string, number> = { sphere: 4, cylinder: 6, cone: 7, plane: 6 };

/** sphere x y z R: |r - c| <= R. */
function sphere(p: string[], c: ShapeContext): Inside {
  const [xc, yc, zc] = [0, 1, 2].map((d) => c.scale[d] * num(p[d], 'region sphere centre'));
  const r = c.scale[0] * num(p[3], 'region sphere radius');
  if (r < 0) throw new Error('Illegal region sphere command: radius must be >= 0');
  return (x, y, z) => {
    const dx = x - xc,
      dy = y - yc,
      dz = z - zc;
    return Math.sqrt(dx * dx + dy * dy + dz * dz) <= r;
  };
}

/** The two axes across a cylinder or cone along `dim` (LAMMPS: x -> y z, y -> x z, z -> x y). */
function across(dim: string): [number, number, number] {
  if (dim === 'x') return [1, 2, 0];
  if (dim === 'y') return [0, 2, 1];
  if (dim === 'z') return [0, 1, 2];
  throw new Error(`Illegal region axis '${dim}': must be x, y or z`);
}

/** A bound along the axis: a number in that axis's units, or INF / EDGE (needs the box). */
function axisBound(s: string, axis: number, isLo: boolean, c: ShapeContext, what: string): number {
  if (s === 'INF' || s === 'EDGE') {
    if (!c.boxLo || !c.boxHi) throw new Error('Cannot use region INF or EDGE when box does not exist');
    if (s === 'EDGE') return isLo ? c.boxLo[axis] : c.boxHi[axis];
    return isLo ? -BIG : BIG;
  }
  return c.scale[axis] * num(s, what);
}

/** cylinder dim c1 c2 R lo hi: distance from the axis <= R and lo <= axis coordinate <= hi. */
function cylinder(p: string[], c: ShapeContext): Inside {
  const [a1, a2, ax] = across(p[0]);
  const c1 = c.scale[a1] * num(p[1], 'region cylinder c1');
  const c2 = c.scale[a2] * num(p[2], 'region cylinder c2');
  const r = c.scale[a1] * num(p[3], 'region cylinder radius');
  if (r < 0) throw new Error('Illegal region cylinder command: radius must be >= 0');
  const lo = axisBound(p[4], ax, true, c, 'region cylinder lo');
  const hi = axisBound(p[5], ax, false, c, 'region cylinder hi');
  if (lo > hi) throw new Error('Illegal region cylinder command: lo > hi');
  return (x, y, z) => {
    const q = [x, y, z];
    const d1 = q[a1] - c1,
      d2 = q[a2] - c2;
    return Math.sqrt(d1 * d1 + d2 * d2) <= r && q[ax] >= lo && q[ax] <= hi;
  };
}

/**
 * The bounding box of a sphere or a finite cylinder (LAMMPS RegSphere/RegCylinder extent_*, which
 * create_box uses), in the same units as the inside test; null for other shapes and for cylinders
 * with an INF bound (LAMMPS bboxflag = 0).
 */
export function shapeExtent(style: string, p: string[], c: ShapeContext): { lo: number[]; hi: number[] } | null {
  if (style === 'sphere') {
    const ctr = [0, 1, 2].map((d) => c.scale[d] * num(p[d], 'region sphere centre'));
    const r = c.scale[0] * num(p[3], 'region sphere radius');
    return { lo: ctr.map((v) => v - r), hi: ctr.map((v) => v + r) };
  }
  if (style !== 'cylinder' || p[4] === 'INF' || p[5] === 'INF') return null;
  const [a1, a2, ax] = across(p[0]);
  const c1 = c.scale[a1] * num(p[1], 'region cylinder c1');
  const c2 = c.scale[a2] * num(p[2], 'region cylinder c2');
  const r = c.scale[a1] * num(p[3], 'region cylinder radius');
  const lo = [0, 0, 0],
    hi = [0, 0, 0];
  lo[a1] = c1 - r;
  hi[a1] = c1 + r;
  lo[a2] = c2 - r;
  hi[a2] = c2 + r;
  lo[ax] = axisBound(p[4], ax, true, c, 'region cylinder lo');
  hi[ax] = axisBound(p[5], ax, false, c, 'region cylinder hi');
  return { lo, hi };
}

/** cone dim c1 c2 Rlo Rhi lo hi: the radius varies linearly from Rlo at lo to Rhi at hi. */
function cone(p: string[], c: ShapeContext): Inside {
  const [a1, a2, ax] = across(p[0]);
  const c1 = c.scale[a1] * num(p[1], 'region cone c1');
  const c2 = c.scale[a2] * num(p[2], 'region cone c2');
  const rlo = c.scale[a1] * num(p[3], 'region cone radlo');
  const rhi = c.scale[a1] * num(p[4], 'region cone radhi');
  if (rlo < 0 || rhi < 0) throw new Error('Illegal radius in region cone command');
  if (rlo === 0 && rhi === 0) throw new Error('Illegal radius in region cone command');
  const lo = axisBound(p[5], ax, true, c, 'region cone lo');
  const hi = axisBound(p[6], ax, false, c, 'region cone hi');
  if (!(lo < hi)) throw new Error('Illegal cone length in region cone command');
  return (x, y, z) => {
    const q = [x, y, z];
    const d1 = q[a1] - c1,
      d2 = q[a2] - c2;
    const radius = rlo + ((q[ax] - lo) * (rhi - rlo)) / (hi - lo);
    return Math.sqrt(d1 * d1 + d2 * d2) <= radius && q[ax] >= lo && q[ax] <= hi;
  };
}

/** plane px py pz nx ny nz: the half-space on the side the normal points to, (r - p) . n >= 0. */
function plane(p: string[], c: ShapeContext): Inside {
  const [xp, yp, zp] = [0, 1, 2].map((d) => c.scale[d] * num(p[d], 'region plane point'));
  const n = [3, 4, 5].map((k) => num(p[k], 'region plane normal'));
  const len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  if (len === 0) throw new Error('Illegal region plane normal vector');
  const [nx, ny, nz] = n.map((v) => v / len);
  return (x, y, z) => (x - xp) * nx + (y - yp) * ny + (z - zp) * nz >= 0;
}

export const SHAPES: Record<string, (p: string[], c: ShapeContext) => Inside> = { sphere, cylinder, cone, plane };
