import type { DumpFile, DumpSnapshot } from './dump_reader.js';
import type { Simulation } from './simulation.js';

/** Per-atom fields read_dump and rerun can replace (LAMMPS ReadDump field names). */
export const DUMP_FIELDS = ['x', 'y', 'z', 'vx', 'vy', 'vz', 'q', 'ix', 'iy', 'iz', 'fx', 'fy', 'fz', 'type'] as const;
export type DumpField = (typeof DUMP_FIELDS)[number];

export interface ReadDumpOptions {
  /** box yes: the box becomes the snapshot's (default). */
  box: boolean;
  /** replace yes: matched atoms take the snapshot's values (default). */
  replace: boolean;
}

/** What one snapshot did (LAMMPS's read_dump summary). */
export interface ReadDumpCounts {
  before: number;
  inSnapshot: number;
  replaced: number;
  after: number;
}

/**
 * Apply one dump snapshot to the system as LAMMPS's read_dump does with purge/trim/add no: the box
 * is reset to the snapshot's (triclinic bounding box converted back to lo/hi), atoms are matched
 * by ID and the named fields replaced; atoms of the snapshot not in the system are ignored, atoms
 * of the system not in the snapshot are kept. Coordinates: a field x reads column x (wrapped), else
 * xs (scaled), xu (unwrapped), xsu; image flags are kept unless ix/iy/iz are read, and set to 0
 * for unwrapped coordinates, then every atom is wrapped into the box (image flags count the
 * wraps). The timestep becomes the snapshot's.
 */
export function applySnapshot(
  sim: Simulation,
  file: DumpFile,
  snap: DumpSnapshot,
  fields: readonly DumpField[],
  opts: ReadDumpOptions,
): ReadDumpCounts {
  const s = sim.system;
  const col = (name: string) => snap.columns.indexOf(name);
  const idCol = col('id');
  if (idCol < 0) throw new Error(`Read_dump: the dump file ${file.path} has no id column`);
  // x/y/z: which column and how it is written (LAMMPS: x, then xs, xu, xsu).
  let scaled = false,
    unwrapped = false;
  const colOf = fields.map((f) => {
    if (f === 'x' || f === 'y' || f === 'z') {
      for (const [suffix, sc, uw] of [
        ['', false, false],
        ['s', true, false],
        ['u', false, true],
        ['su', true, true],
      ] as const) {
        const c = col(f + suffix);
        if (c >= 0) {
          scaled = sc;
          unwrapped = uw;
          return c;
        }
      }
    }
    const c = col(f);
    if (c < 0) throw new Error(`Read_dump field ${f} not found in dump file ${file.path}`);
    return c;
  });
  if (opts.box) setBox(sim, snap);
  const b = s.box;
  const vals = file.values(snap);
  const nc = snap.columns.length;
  const local = new Int32Array(s.maxTag + 1).fill(-1);
  for (let i = 0; i < s.n; i++) local[s.tag[i]] = i;
  let replaced = 0;
  const lam = new Float64Array(3),
    xyz = new Float64Array(3);
  for (let a = 0; a < snap.natoms; a++) {
    const tag = vals[a * nc + idCol];
    const i = tag >= 1 && tag < local.length ? local[tag] : -1;
    if (i < 0 || !opts.replace) continue;
    replaced++;
    let hasX = false;
    for (let k = 0; k < fields.length; k++) {
      const v = vals[a * nc + colOf[k]];
      const f = fields[k];
      switch (f) {
        case 'x':
        case 'y':
        case 'z':
          s.x[3 * i + 'xyz'.indexOf(f)] = v;
          hasX = true;
          break;
        case 'vx':
        case 'vy':
        case 'vz':
          s.v[3 * i + 'xyz'.indexOf(f[1])] = v;
          break;
        case 'fx':
        case 'fy':
        case 'fz':
          s.f[3 * i + 'xyz'.indexOf(f[1])] = v;
          break;
        case 'ix':
        case 'iy':
        case 'iz':
          s.image[3 * i + 'xyz'.indexOf(f[1])] = v;
          break;
        case 'q':
          s.q[i] = v;
          break;
        default: {
          if (!(Number.isInteger(v) && v >= 1 && v <= s.ntypes))
            throw new Error(`Read_dump: invalid atom type ${v} for atom ${tag} in ${file.path}`);
          s.type[i] = v;
        }
      }
    }
    if (hasX && scaled) {
      // Scaled coordinates (fractions of the box edges) to box coordinates.
      lam.set(s.x.subarray(3 * i, 3 * i + 3));
      b.fromLamda(lam, 0, xyz, 0);
      s.x.set(xyz, 3 * i);
    }
    if (hasX && unwrapped) s.image[3 * i] = s.image[3 * i + 1] = s.image[3 * i + 2] = 0;
  }
  b.wrapAll(s.x, s.image, s.n);
  sim.step = snap.step;
  return { before: s.n, inSnapshot: snap.natoms, replaced, after: s.n };
}

/** The box of a snapshot: lo/hi from the (bounding) bounds and tilts, as LAMMPS's dump writes them. */
function setBox(sim: Simulation, snap: DumpSnapshot): void {
  const b = sim.system.box;
  const t = snap.tilt;
  if ((t !== null) !== b.triclinic) throw new Error('Read_dump triclinic status does not match simulation');
  const [bx, by, bz] = snap.bounds;
  if (t) {
    const [xy, xz, yz] = t;
    b.lo[0] = bx[0] - Math.min(0, xy, xz, xy + xz);
    b.hi[0] = bx[1] - Math.max(0, xy, xz, xy + xz);
    b.lo[1] = by[0] - Math.min(0, yz);
    b.hi[1] = by[1] - Math.max(0, yz);
    b.xy = xy;
    b.xz = xz;
    b.yz = yz;
  } else {
    b.lo[0] = bx[0];
    b.hi[0] = bx[1];
    b.lo[1] = by[0];
    b.hi[1] = by[1];
  }
  b.lo[2] = bz[0];
  b.hi[2] = bz[1];
  b.update();
}
