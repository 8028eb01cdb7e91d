import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The compact binary file of kinetic snapshots (`data.kin`):
 *   bytes 0..7   magic "DPMDKIN1"
 *   bytes 8..11  header length H (uint32, little endian)
 *   next H bytes header, UTF-8 JSON: { config, nx, nv, v_max, length, dtype: "float32",
 *                layout: "snapshot, cell, velocity", snapshots: [{ case, eps, t, initial }] }
 *   then         float32 little-endian values of f, snapshot after snapshot, each nx·nv values f[i*nv + j].
 * float32 keeps 7 digits of f, plenty for training data, at half the size of float64.
 */
export interface SnapshotHeader {
  config: unknown;
  nx: number;
  nv: number;
  v_max: number;
  length: number;
  snapshots: { case: number; eps: number; t: number; initial: unknown }[];
}

const MAGIC = 'DPMDKIN1';

export function writeSnapshotFile(path: string, header: SnapshotHeader, data: Float32Array): void {
  const size = header.nx * header.nv;
  if (data.length !== size * header.snapshots.length)
    throw new Error(`snapshot file: ${data.length} values for ${header.snapshots.length} snapshots of ${size}`);
  const head = Buffer.from(JSON.stringify({ ...header, dtype: 'float32', layout: 'snapshot, cell, velocity' }), 'utf8');
  const buf = Buffer.alloc(12 + head.length + data.length * 4);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(head.length, 8);
  head.copy(buf, 12);
  for (let i = 0; i < data.length; i++) buf.writeFloatLE(data[i], 12 + head.length + 4 * i);
  writeFileSync(path, buf);
}

export function readSnapshotFile(path: string): { header: SnapshotHeader; data: Float32Array } {
  const buf = readFileSync(path);
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC)
    throw new Error(`${path}: not a dpmd kinetic snapshot file (magic ${MAGIC} missing)`);
  const h = buf.readUInt32LE(8);
  if (12 + h > buf.length) throw new Error(`${path}: header length ${h} runs past the end of the file`);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + h)) as SnapshotHeader;
  const count = header.nx * header.nv * header.snapshots.length;
  if (buf.length !== 12 + h + 4 * count)
    throw new Error(`${path}: expected ${count} float32 values after the header, file size differs`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = buf.readFloatLE(12 + h + 4 * i);
  return { header, data };
}
