/** Writes small synthetic DeePMD-kit systems (deepmd/npy and deepmd/raw) for the training tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/nn/rng.js';

/** Minimal .npy (v1.0, little-endian) writer: float64 ('<f8') or float32 ('<f4'). */
export function npyBytes(data: ArrayLike<number>, shape: number[], dtype: 'f8' | 'f4' = 'f8'): Buffer {
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`;
  const h = Buffer.alloc(10);
  h.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  h.writeUInt16LE(header.length, 8);
  const body =
    dtype === 'f8' ? Buffer.from(Float64Array.from(data).buffer) : Buffer.from(Float32Array.from(data).buffer);
  return Buffer.concat([h, Buffer.from(header, 'latin1'), body]);
}

/** Smooth toy labels: pair energy sum 0.2 (r - 2.5)^2 e^{-r} style is not needed; random but consistent sizes. */
export function writeNpySystem(
  dir: string,
  nat: number,
  nframes: number,
  seed: number,
  opts: { virial?: boolean; f32?: boolean; sets?: number } = {},
): void {
  const rng = new Rng(seed);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'type.raw'), `${Array.from({ length: nat }, (_, i) => (i % 3 === 0 ? 0 : 1)).join(' ')}\n`);
  writeFileSync(join(dir, 'type_map.raw'), 'O\nH\n');
  const sets = opts.sets ?? 1;
  for (let s = 0; s < sets; s++) {
    const sd = join(dir, `set.00${s}`);
    mkdirSync(sd, { recursive: true });
    const L = 4.5;
    const coord: number[] = [],
      box: number[] = [],
      e: number[] = [],
      f: number[] = [],
      v: number[] = [];
    for (let k = 0; k < nframes; k++) {
      for (let i = 0; i < 3 * nat; i++) coord.push(L * rng.uniform());
      box.push(L, 0.3, 0, 0.2, L + 0.1, 0, 0.1, -0.2, L - 0.1); // general (not LAMMPS-oriented) cell: labels get rotated
      e.push(-10 * nat + rng.normal());
      for (let i = 0; i < 3 * nat; i++) f.push(0.5 * rng.normal());
      for (let i = 0; i < 9; i++) v.push(rng.normal());
    }
    const dt = opts.f32 ? 'f4' : 'f8';
    writeFileSync(join(sd, 'coord.npy'), npyBytes(coord, [nframes, 3 * nat], dt));
    writeFileSync(join(sd, 'box.npy'), npyBytes(box, [nframes, 9], dt));
    writeFileSync(join(sd, 'energy.npy'), npyBytes(e, [nframes], dt));
    writeFileSync(join(sd, 'force.npy'), npyBytes(f, [nframes, 3 * nat], dt));
    if (opts.virial) writeFileSync(join(sd, 'virial.npy'), npyBytes(v, [nframes, 9], dt));
  }
}

/** deepmd/raw system with open boundaries (nopbc), no virial. */
export function writeRawSystem(dir: string, nat: number, nframes: number, seed: number): void {
  const rng = new Rng(seed);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'type.raw'), `${Array.from({ length: nat }, (_, i) => i % 2).join('\n')}\n`);
  writeFileSync(join(dir, 'type_map.raw'), 'O H\n');
  writeFileSync(join(dir, 'nopbc'), '');
  const line = (n: number, scale: number, shift = 0) =>
    Array.from({ length: n }, () => (shift + scale * rng.normal()).toFixed(6)).join(' ');
  writeFileSync(join(dir, 'coord.raw'), `${Array.from({ length: nframes }, () => line(3 * nat, 1.2)).join('\n')}\n`);
  writeFileSync(
    join(dir, 'energy.raw'),
    `${Array.from({ length: nframes }, () => line(1, 1, -10 * nat)).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'force.raw'), `${Array.from({ length: nframes }, () => line(3 * nat, 0.3)).join('\n')}\n`);
}

export function smallInput(
  systems: string[],
  valid: string[] | null,
  extra: { numb_steps?: number; disp_freq?: number; save_freq?: number; pref_v?: number; dir: string },
) {
  return {
    model: {
      type_map: ['O', 'H'],
      descriptor: {
        type: 'se_e2_a',
        sel: [6, 10],
        rcut_smth: 0.8,
        rcut: 3.0,
        neuron: [4, 8],
        axis_neuron: 3,
        type_one_side: true,
        seed: 1,
      },
      fitting_net: { neuron: [8, 8], resnet_dt: true, seed: 1 },
      data_stat_nbatch: 2,
    },
    learning_rate: { type: 'exp', decay_steps: 2, start_lr: 0.005, stop_lr: 1e-4 },
    loss: {
      type: 'ener',
      start_pref_e: 0.02,
      limit_pref_e: 1,
      start_pref_f: 100,
      limit_pref_f: 1,
      start_pref_v: extra.pref_v ?? 0,
      limit_pref_v: extra.pref_v ?? 0,
    },
    training: {
      training_data: { systems, batch_size: 'auto' },
      ...(valid ? { validation_data: { systems: valid, batch_size: 1, numb_btch: 2 } } : {}),
      numb_steps: extra.numb_steps ?? 6,
      seed: 10,
      disp_file: join(extra.dir, 'lcurve.out'),
      disp_freq: extra.disp_freq ?? 2,
      save_freq: extra.save_freq ?? 3,
      save_ckpt: join(extra.dir, 'model.ckpt'),
    },
  };
}
