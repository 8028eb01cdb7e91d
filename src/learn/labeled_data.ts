/**
 * Labelled frames and how they are stored: DeePMD-kit deepmd/npy systems (type.raw, type_map.raw,
 * set.000/{coord,box,energy,force,virial}.npy, float64), one system per distinct atom-type sequence,
 * as dpdata writes them. A data directory is written under a temporary name and renamed into place,
 * so a killed run leaves either the whole directory or none of it (resume then writes it again).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from './structure.js';

export interface Labeled extends Frame {
  /** eV */
  energy: number;
  /** natoms x 3, eV/Å */
  force: Float64Array;
  /** 9, eV, W_ab = sum_i r_ia F_ib (DeePMD-kit's virial). */
  virial: Float64Array;
}

/** .npy v1.0 bytes of a little-endian float64 array of the given shape. */
export function npyF8(data: ArrayLike<number>, shape: number[]): Buffer {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += `${' '.repeat((64 - ((11 + header.length) % 64)) % 64)}\n`;
  const h = Buffer.alloc(10);
  h.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  h.writeUInt16LE(header.length, 8);
  return Buffer.concat([h, Buffer.from(header, 'latin1'), Buffer.from(Float64Array.from(data).buffer)]);
}

/** Frames grouped by their type sequence (keys in first-seen order). */
function groupByTypes(frames: Labeled[]): Labeled[][] {
  const groups = new Map<string, Labeled[]>();
  for (const f of frames) {
    const key = Array.from(f.types).join(' ');
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

/** Write one deepmd/npy system directory (all frames share natoms and types). */
function writeSystem(dir: string, frames: Labeled[], typeMap: string[]): void {
  const n = frames[0].natoms,
    nf = frames.length;
  mkdirSync(join(dir, 'set.000'), { recursive: true });
  writeFileSync(join(dir, 'type.raw'), `${Array.from(frames[0].types).join('\n')}\n`);
  writeFileSync(join(dir, 'type_map.raw'), `${typeMap.join('\n')}\n`);
  const cat = (get: (f: Labeled) => ArrayLike<number>, w: number) => {
    const a = new Float64Array(nf * w);
    frames.forEach((f, i) => {
      a.set(get(f), i * w);
    });
    return a;
  };
  const s = join(dir, 'set.000');
  writeFileSync(
    join(s, 'coord.npy'),
    npyF8(
      cat((f) => f.coord, 3 * n),
      [nf, 3 * n],
    ),
  );
  writeFileSync(
    join(s, 'box.npy'),
    npyF8(
      cat((f) => f.box, 9),
      [nf, 9],
    ),
  );
  writeFileSync(
    join(s, 'energy.npy'),
    npyF8(
      cat((f) => [f.energy], 1),
      [nf],
    ),
  );
  writeFileSync(
    join(s, 'force.npy'),
    npyF8(
      cat((f) => f.force, 3 * n),
      [nf, 3 * n],
    ),
  );
  writeFileSync(
    join(s, 'virial.npy'),
    npyF8(
      cat((f) => f.virial, 9),
      [nf, 9],
    ),
  );
}

/**
 * Write `frames` as systems `dir/sys.000`, `dir/sys.001`, ... (one per type sequence), replacing any
 * earlier `dir` as a whole. Returns the system paths. No frames: no directory.
 */
export function writeLabeledData(dir: string, frames: Labeled[], typeMap: string[]): string[] {
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  if (frames.length === 0) {
    rmSync(dir, { recursive: true, force: true });
    return [];
  }
  const groups = groupByTypes(frames);
  const names = groups.map((_, i) => `sys.${String(i).padStart(3, '0')}`);
  groups.forEach((g, i) => {
    writeSystem(join(tmp, names[i]), g, typeMap);
  });
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return names.map((n) => join(dir, n));
}
