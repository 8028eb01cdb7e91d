/**
 * Training/validation data ready for the engine: systems loaded (data.ts) and every frame prepared
 * (ghosts + neighbor slots, frame.ts) once, with the batch size resolved per system.
 */
import { DataError, expandSystems, loadSystem, type LabeledSystem } from './data.js';
import { prepareFrame, type PreparedFrame } from './frame.js';
import { resolveBatchSize } from './sampler.js';
import type { DataConfig } from './input.js';
import type { Has } from './batch_grad.js';

export interface PreparedSystem {
  sys: LabeledSystem;
  frames: PreparedFrame[];
  has: Has;
  batchSize: number;
}

export function prepareSystem(sys: LabeledSystem, rcut: number, sel: number[], batchSize: number): PreparedSystem {
  const N = sys.natoms,
    frames: PreparedFrame[] = [];
  for (let f = 0; f < sys.nframes; f++) {
    frames.push(
      prepareFrame(
        sys.coord.subarray(3 * N * f, 3 * N * (f + 1)),
        sys.box ? sys.box.subarray(9 * f, 9 * f + 9) : null,
        sys.types,
        rcut,
        sel,
        {
          energy: sys.energy ? sys.energy[f] : undefined,
          force: sys.force ? sys.force.subarray(3 * N * f, 3 * N * (f + 1)) : null,
          virial: sys.virial ? sys.virial.subarray(9 * f, 9 * f + 9) : null,
        },
      ),
    );
  }
  return { sys, frames, has: { e: sys.energy !== null, f: sys.force !== null, v: sys.virial !== null }, batchSize };
}

/** Load every system of a data block; errors name the block's key (`training.training_data.systems[1]`). */
export function loadData(cfg: DataConfig, typeMap: string[], rcut: number, sel: number[]): PreparedSystem[] {
  const out: PreparedSystem[] = [];
  cfg.systems.forEach((path, i) => {
    try {
      for (const p of expandSystems(path)) {
        const s = loadSystem(p, typeMap);
        out.push(prepareSystem(s, rcut, sel, resolveBatchSize(cfg.batchSize, s.natoms)));
      }
    } catch (e) {
      if (e instanceof DataError) throw new DataError(`${cfg.key}.systems[${i}]: ${e.message}`);
      throw e;
    }
  });
  return out;
}
