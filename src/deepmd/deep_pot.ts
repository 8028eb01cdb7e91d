/**
 * DeepPot: the TypeScript counterpart of DeePMD-kit's Python `DeepPot`:
 *
 *   const dp = await DeepPot.load('model.yaml');            // .yaml / .json / .dp
 *   const r = dp.eval(coords, cells, atomTypes, true);
 *   // r.energy (nframes), r.force (nframes x natoms x 3), r.virial (nframes x 9),
 *   // r.atomEnergy (nframes x natoms), r.atomVirial (nframes x natoms x 9)
 *
 * Units are the model's (DeePMD-kit convention: Å, eV). coords: nframes x natoms x 3; cells: nframes x 9
 * (rows a, b, c), or null for open boundaries; atomTypes: natoms indices into the model's type_map
 * (use typeIndex() to map element names). A general (non-LAMMPS-oriented, even left-handed) cell is
 * rotated into LAMMPS orientation (a along x, b in the xy plane, c with positive z) for the ghost
 * builder; forces and virials are rotated back. Periodic images are exact for any rcut / box ratio.
 */
import { Box } from '../box.js';
import { Ghosts } from '../ghosts.js';
import { NeighborList } from '../neighbor_list.js';
import { DeepPotEvaluator, type EvaluatorOptions } from './evaluator.js';
import { DeepPotThreaded } from './evaluator_threads.js';
import type { WorkerPool } from '../parallel/worker_pool.js';
import { loadModelFile } from './model_file.js';
import type { ModelSpec } from './spec.js';

export interface DeepPotResult {
  /** nframes, eV. */
  energy: Float64Array;
  /** nframes x natoms x 3, eV/Å. */
  force: Float64Array;
  /** nframes x 9, eV (W_ab = sum_i r_ia F_ib). */
  virial: Float64Array;
  /** nframes x natoms (only when atomic). */
  atomEnergy?: Float64Array;
  /** nframes x natoms x 9 (only when atomic). */
  atomVirial?: Float64Array;
}

/**
 * Orthogonal Q (rows e1, e2, e3) taking cell rows into LAMMPS orientation: Q a = (lx, 0, 0),
 * Q b = (xy, ly, 0), Q c = (xz, yz, lz > 0). Returns Q (row-major 9) and the rotated cell (row-major 9).
 */
export function lammpsOrientation(cell: ArrayLike<number>): { q: Float64Array; cell: Float64Array } {
  const a = [cell[0], cell[1], cell[2]],
    b = [cell[3], cell[4], cell[5]],
    c = [cell[6], cell[7], cell[8]];
  const dot = (u: number[], v: number[]): number => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const la = Math.sqrt(dot(a, a));
  if (!(la > 0)) throw new Error('deepmd: degenerate cell (|a| = 0)');
  const e1 = a.map((v) => v / la);
  const bx = dot(b, e1);
  const bp = b.map((v, k) => v - bx * e1[k]);
  const ly = Math.sqrt(dot(bp, bp));
  if (!(ly > 1e-12 * la)) throw new Error('deepmd: degenerate cell (b parallel to a)');
  const e2 = bp.map((v) => v / ly);
  const cx = dot(c, e1),
    cy = dot(c, e2);
  const cp = c.map((v, k) => v - cx * e1[k] - cy * e2[k]);
  const lz = Math.sqrt(dot(cp, cp));
  if (!(lz > 1e-12 * la)) throw new Error('deepmd: degenerate cell (c in the plane of a and b)');
  const e3 = cp.map((v) => v / lz);
  return {
    q: Float64Array.of(...e1, ...e2, ...e3),
    cell: Float64Array.of(la, 0, 0, bx, ly, 0, cx, cy, lz),
  };
}

function isIdentity(q: Float64Array): boolean {
  return (
    q[0] === 1 &&
    q[4] === 1 &&
    q[8] === 1 &&
    q[1] === 0 &&
    q[2] === 0 &&
    q[3] === 0 &&
    q[5] === 0 &&
    q[6] === 0 &&
    q[7] === 0
  );
}

export class DeepPot {
  readonly evaluator: DeepPotEvaluator;
  /** The evaluator on the threads of `opts.pool` (DeepPotThreaded), or null: eval() then runs serially. */
  readonly threaded: DeepPotThreaded | null;

  constructor(
    readonly spec: ModelSpec,
    opts: EvaluatorOptions & { pool?: WorkerPool | null } = {},
  ) {
    const { pool, ...evOpts } = opts;
    this.evaluator = new DeepPotEvaluator(spec, evOpts);
    this.threaded = pool ? new DeepPotThreaded(spec, pool, evOpts) : null;
  }

  static async load(path: string, opts: EvaluatorOptions & { pool?: WorkerPool | null } = {}): Promise<DeepPot> {
    return new DeepPot(await loadModelFile(path), opts);
  }

  get typeMap(): string[] {
    return [...this.spec.typeMap];
  }
  get ntypes(): number {
    return this.spec.typeMap.length;
  }
  get rcut(): number {
    return this.spec.descriptor.rcut;
  }

  /** Element names -> model type indices; throws naming the first name missing from type_map. */
  typeIndex(names: string[]): Int32Array {
    return Int32Array.from(names, (n) => {
      const k = this.spec.typeMap.indexOf(n);
      if (k < 0)
        throw new Error(`deepmd: type '${n}' is not in the model's type_map [${this.spec.typeMap.join(', ')}]`);
      return k;
    });
  }

  /** DeePMD-kit DeepPot.eval(coords, cells, atom_types, atomic). */
  eval(
    coords: ArrayLike<number>,
    cells: ArrayLike<number> | null,
    atomTypes: ArrayLike<number>,
    atomic = false,
  ): DeepPotResult {
    const natoms = atomTypes.length;
    if (natoms === 0) throw new Error('deepmd: no atoms');
    const nframes = coords.length / (3 * natoms);
    if (!Number.isInteger(nframes) || nframes < 1)
      throw new Error(`deepmd: coords has ${coords.length} values, not a multiple of 3 x ${natoms} atoms`);
    if (cells !== null && cells.length !== 9 * nframes)
      throw new Error(`deepmd: cells has ${cells.length} values, expected 9 x ${nframes} frames`);
    const types = Int32Array.from(atomTypes);
    for (let i = 0; i < natoms; i++) {
      if (!Number.isInteger(atomTypes[i]) || types[i] < 0 || types[i] >= this.ntypes) {
        throw new Error(
          `deepmd: atom ${i} has type ${atomTypes[i]}, but the model's type_map is [${this.spec.typeMap.join(', ')}] (indices 0..${this.ntypes - 1})`,
        );
      }
    }
    for (let k = 0; k < coords.length; k++)
      if (!Number.isFinite(coords[k])) throw new Error(`deepmd: non-finite coordinate at index ${k}`);
    const res: DeepPotResult = {
      energy: new Float64Array(nframes),
      force: new Float64Array(nframes * natoms * 3),
      virial: new Float64Array(nframes * 9),
    };
    if (atomic) {
      res.atomEnergy = new Float64Array(nframes * natoms);
      res.atomVirial = new Float64Array(nframes * natoms * 9);
    }
    const ghosts = new Ghosts();
    const nl = new NeighborList(false);
    const x = new Float64Array(3 * natoms);
    for (let f = 0; f < nframes; f++) {
      let q: Float64Array = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
      let box: Box;
      const xf = Array.prototype.slice.call(coords, 3 * natoms * f, 3 * natoms * (f + 1)) as number[];
      if (cells !== null) {
        const o = lammpsOrientation(Array.prototype.slice.call(cells, 9 * f, 9 * f + 9) as number[]);
        q = o.q;
        box = Box.fromCell(o.cell);
        for (let i = 0; i < natoms; i++) {
          for (let d = 0; d < 3; d++)
            x[3 * i + d] = q[3 * d] * xf[3 * i] + q[3 * d + 1] * xf[3 * i + 1] + q[3 * d + 2] * xf[3 * i + 2];
        }
      } else {
        x.set(xf);
        const lo = [Infinity, Infinity, Infinity],
          hi = [-Infinity, -Infinity, -Infinity];
        for (let i = 0; i < natoms; i++) {
          for (let d = 0; d < 3; d++) {
            lo[d] = Math.min(lo[d], x[3 * i + d]);
            hi[d] = Math.max(hi[d], x[3 * i + d]);
          }
        }
        box = new Box(
          lo.map((v) => v - 1),
          hi.map((v) => v + 1),
        );
        box.periodic = [false, false, false];
      }
      ghosts.build(box, x, types, natoms, this.rcut);
      nl.build(ghosts, this.rcut);
      const nall = ghosts.nall;
      const force = new Float64Array(3 * nall),
        virial = new Float64Array(9);
      const atomVirial = atomic ? new Float64Array(9 * nall) : null;
      const atomEnergy = atomic ? new Float64Array(natoms) : null;
      res.energy[f] = (this.threaded ?? this.evaluator).compute(ghosts, nl, { force, virial, atomVirial, atomEnergy });
      ghosts.fold(force, 3);
      if (atomVirial) ghosts.fold(atomVirial, 9);
      const rot = !isIdentity(q);
      // back-rotation: F = Q^T F', W = Q^T W' Q
      for (let i = 0; i < natoms; i++) {
        const o = 3 * (natoms * f + i);
        if (!rot) {
          res.force.set(force.subarray(3 * i, 3 * i + 3), o);
          continue;
        }
        for (let d = 0; d < 3; d++)
          res.force[o + d] = q[d] * force[3 * i] + q[3 + d] * force[3 * i + 1] + q[6 + d] * force[3 * i + 2];
      }
      const rot9 = (src: Float64Array, so: number, dst: Float64Array, dO: number): void => {
        if (!rot) {
          dst.set(src.subarray(so, so + 9), dO);
          return;
        }
        for (let a = 0; a < 3; a++) {
          for (let b = 0; b < 3; b++) {
            let s = 0;
            for (let k = 0; k < 3; k++)
              for (let l = 0; l < 3; l++) s += q[3 * k + a] * src[so + 3 * k + l] * q[3 * l + b];
            dst[dO + 3 * a + b] = s;
          }
        }
      };
      rot9(virial, 0, res.virial, 9 * f);
      if (atomic && atomEnergy && atomVirial) {
        res.atomEnergy!.set(atomEnergy, natoms * f);
        for (let i = 0; i < natoms; i++) rot9(atomVirial, 9 * i, res.atomVirial!, 9 * (natoms * f + i));
      }
    }
    return res;
  }
}
