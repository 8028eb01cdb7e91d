/**
 * A small reader for NumPy `.npy` files (format versions 1-3, C order, little- or big-endian
 * float32/float64/int32/int64/uint8), as used by DeePMD-kit's `deepmd/npy` data sets
 * (set.000/coord.npy: nframes x natoms*3, box.npy: nframes x 9, energy.npy, force.npy).
 * Values are returned as float64 with the array's shape; Fortran-ordered arrays are refused.
 */
import { readFileSync } from 'node:fs';

export interface NpyArray {
  shape: number[];
  data: Float64Array;
}

/** Parse the bytes of a .npy file. */
export function parseNpy(buf: Uint8Array, name = 'npy'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (buf.length < 10 || !magic.every((b, k) => buf[k] === b)) throw new Error(`${name}: not a .npy file (bad magic)`);
  const major = buf[6];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const hstart = major === 1 ? 10 : 12;
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(buf.subarray(hstart, hstart + hlen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined)
    throw new Error(`${name}: cannot parse .npy header '${header.trim()}'`);
  if (fortran === 'True') throw new Error(`${name}: Fortran-ordered .npy arrays are not supported`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const little = descr[0] !== '>';
  const kind = descr.replace(/^[<>|=]/, '');
  const width: Record<string, number> = { f8: 8, f4: 4, i8: 8, i4: 4, u1: 1 };
  const w = width[kind];
  if (!w) throw new Error(`${name}: unsupported .npy dtype '${descr}'`);
  const off = hstart + hlen;
  if (buf.length < off + size * w)
    throw new Error(`${name}: truncated .npy file (${buf.length - off} data bytes, expected ${size * w})`);
  const data = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const o = off + k * w;
    switch (kind) {
      case 'f8':
        data[k] = dv.getFloat64(o, little);
        break;
      case 'f4':
        data[k] = dv.getFloat32(o, little);
        break;
      case 'i8':
        data[k] = Number(dv.getBigInt64(o, little));
        break;
      case 'i4':
        data[k] = dv.getInt32(o, little);
        break;
      default:
        data[k] = dv.getUint8(o);
    }
  }
  return { shape, data };
}

/** Read a .npy file from disk. */
export function readNpy(path: string): NpyArray {
  return parseNpy(readFileSync(path), path);
}
