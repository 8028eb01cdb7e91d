/**
 * One labelled frame prepared for training: extended (ghost) coordinates and DeePMD-kit neighbor
 * slots, computed once (they do not depend on the network). The cell is rotated into LAMMPS
 * orientation (as DeepPot does); labels are rotated with it (F' = Q F, W' = Q W Q^T), so losses and
 * RMSEs are unchanged.
 */
import { Box } from '../box.js';
import { Ghosts } from '../ghosts.js';
import { NeighborList } from '../neighbor_list.js';
import { formatNeighbors, NeighborScratch } from '../deepmd/kernels.js';
import { lammpsOrientation } from '../deepmd/deep_pot.js';

export interface PreparedFrame {
  nloc: number;
  nall: number;
  /** nall x 3, Å (rotated frame). */
  xAll: Float64Array;
  /** nall model types. */
  type: Int32Array;
  /** nall -> local owner. */
  map: Int32Array;
  /** nloc x nnei neighbor slots (extended index or -1). */
  nlist: Int32Array;
  /** Labels in the rotated frame: energy (NaN if absent), force nloc x 3 (or null), virial 9 (or null). */
  energy: number;
  force: Float64Array | null;
  virial: Float64Array | null;
  /** Neighbors within rcut that got no slot (sel too small). */
  dropped: number;
}

const rot3 = (q: Float64Array, v: Float64Array, o: number, out: Float64Array, oo: number): void => {
  const a = v[o],
    b = v[o + 1],
    c = v[o + 2];
  for (let d = 0; d < 3; d++) out[oo + d] = q[3 * d] * a + q[3 * d + 1] * b + q[3 * d + 2] * c;
};

/**
 * coord: nloc x 3 (Å), cell: 9 rows a, b, c (Å) or null (open boundaries), type: nloc.
 * sel/rcut as the model's descriptor.
 */
export function prepareFrame(
  coord: Float64Array,
  cell: Float64Array | null,
  type: Int32Array,
  rcut: number,
  sel: number[],
  labels: { energy?: number; force?: Float64Array | null; virial?: Float64Array | null } = {},
): PreparedFrame {
  const nloc = type.length;
  const ntypes = sel.length;
  let q: Float64Array = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
  const x = new Float64Array(3 * nloc);
  let box: Box;
  if (cell) {
    const o = lammpsOrientation(cell);
    q = o.q;
    box = Box.fromCell(o.cell);
    for (let i = 0; i < nloc; i++) rot3(q, coord, 3 * i, x, 3 * i);
  } else {
    x.set(coord);
    const lo = [Infinity, Infinity, Infinity],
      hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < nloc; i++)
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d], x[3 * i + d]);
        hi[d] = Math.max(hi[d], x[3 * i + d]);
      }
    box = new Box(
      lo.map((v) => v - 1),
      hi.map((v) => v + 1),
    );
    box.periodic = [false, false, false];
  }
  const g = new Ghosts();
  g.build(box, x, type, nloc, rcut);
  const nl = new NeighborList(false);
  nl.build(g, rcut);
  const nnei = sel.reduce((a, b) => a + b, 0);
  const sec = new Int32Array(ntypes + 1);
  for (let t = 0; t < ntypes; t++) sec[t + 1] = sec[t] + sel[t];
  const nlist = new Int32Array(nloc * nnei);
  const sc = new NeighborScratch();
  let dropped = 0;
  for (let i = 0; i < nloc; i++) {
    dropped += formatNeighbors(
      i,
      nl.list,
      nl.offset[i],
      nl.offset[i + 1],
      g.xAll,
      g.type,
      rcut,
      sel,
      sec,
      ntypes,
      null,
      nlist,
      i * nnei,
      sc,
    );
  }
  const nall = g.nall;
  let force: Float64Array | null = null,
    virial: Float64Array | null = null;
  if (labels.force) {
    force = new Float64Array(3 * nloc);
    for (let i = 0; i < nloc; i++) rot3(q, labels.force, 3 * i, force, 3 * i);
  }
  if (labels.virial) {
    const w = labels.virial;
    virial = new Float64Array(9);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += q[3 * a + k] * w[3 * k + l] * q[3 * b + l];
        virial[3 * a + b] = s;
      }
  }
  return {
    nloc,
    nall,
    xAll: g.xAll.slice(0, 3 * nall),
    type: g.type.slice(0, nall),
    map: g.map.slice(0, nall),
    nlist,
    energy: labels.energy ?? NaN,
    force,
    virial,
    dropped,
  };
}
