/**
 * Protocol Buffers wire format, the small part needed for TensorFlow GraphDef files: a bounded
 * reader (varint, 64-bit, length-delimited, 32-bit fields) and a writer. Every read checks the
 * remaining length, so a truncated or corrupted file ends in a WireError, never an out-of-range read
 * or an endless loop (each field consumes at least one byte).
 */

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** One field of a message: number, wire type and its value (a number/bigint for scalars, bytes for LEN). */
export interface WireField {
  no: number;
  wt: number;
  /** VARINT: the value as a number (exact up to 2^53; larger values lose low bits, which GraphDef never needs). */
  int: number;
  /** LEN: a view of the payload; I64/I32: the 8 or 4 raw bytes. */
  bytes: Uint8Array;
}

export class WireReader {
  private pos: number;
  private readonly end: number;
  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a signed 64-bit value (negative int32/int64 are 10-byte two's complement on the wire). */
  varint(): number {
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (let k = 0; k < 10; k++) {
      if (this.pos >= this.end) throw new WireError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++];
      if (k < 7) result += (b & 0x7f) * mul;
      if (b < 0x80) return k < 7 ? result : this.bigVarint(start);
      mul *= 128;
    }
    throw new WireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** Exact decoding of a long varint (8-10 bytes) through BigInt, read as int64. */
  private bigVarint(start: number): number {
    let x = 0n;
    for (let k = 0, p = start; p < this.pos; k++, p++) x |= BigInt(this.buf[p] & 0x7f) << BigInt(7 * k);
    return Number(BigInt.asIntN(64, x));
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end)
      throw new WireError(`field of ${n} bytes at byte ${this.pos} runs past the end (${this.end})`);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** Next field, or null at the end of the message. */
  next(): WireField | null {
    if (this.done) return null;
    const key = this.varint();
    const no = Math.floor(key / 8),
      wt = key % 8;
    if (no === 0) throw new WireError(`field number 0 at byte ${this.pos}`);
    switch (wt) {
      case WIRE_VARINT:
        return { no, wt, int: this.varint(), bytes: EMPTY };
      case WIRE_I64:
        return { no, wt, int: 0, bytes: this.take(8) };
      case WIRE_LEN:
        return { no, wt, int: 0, bytes: this.take(this.varint()) };
      case WIRE_I32:
        return { no, wt, int: 0, bytes: this.take(4) };
      default:
        throw new WireError(`unsupported wire type ${wt} (field ${no}) at byte ${this.pos}`);
    }
  }
}

const EMPTY = new Uint8Array(0);

/** Signed int64/int32 from a varint (WireReader.varint already reads 64-bit two's complement). */
export function signedVarint(v: number): number {
  return v;
}

export function f64(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true);
}

export function f32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
}

const utf8 = new TextDecoder('utf-8');
export function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Packed repeated varints (or a single unpacked one) appended to out. */
export function packedVarints(f: WireField, out: number[]): void {
  if (f.wt === WIRE_VARINT) {
    out.push(signedVarint(f.int));
    return;
  }
  const r = new WireReader(f.bytes);
  while (!r.done) out.push(signedVarint(r.varint()));
}

/** Packed repeated fixed-width floats (or a single unpacked one) appended to out. */
export function packedFloats(f: WireField, width: 4 | 8, out: number[]): void {
  if (f.wt !== WIRE_LEN) {
    out.push(width === 8 ? f64(f.bytes) : f32(f.bytes));
    return;
  }
  if (f.bytes.length % width !== 0)
    throw new WireError(`packed float field of ${f.bytes.length} bytes is not a multiple of ${width}`);
  const dv = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length);
  for (let o = 0; o < f.bytes.length; o += width)
    out.push(width === 8 ? dv.getFloat64(o, true) : dv.getFloat32(o, true));
}

/** Growable byte buffer with the protobuf encoders. */
export class WireWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  rawVarint(v: number): void {
    // negative int64 values are written as 10-byte two's complement, as protobuf does
    let x = v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v);
    this.ensure(10);
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      this.buf[this.len++] = b;
    } while (x > 0n);
  }

  key(no: number, wt: number): void {
    this.rawVarint(no * 8 + wt);
  }

  varint(no: number, v: number): void {
    this.key(no, WIRE_VARINT);
    this.rawVarint(v);
  }

  bytes(no: number, b: Uint8Array): void {
    this.key(no, WIRE_LEN);
    this.rawVarint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  string(no: number, s: string): void {
    this.bytes(no, new TextEncoder().encode(s));
  }

  float(no: number, v: number): void {
    this.key(no, WIRE_I32);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, v, true);
    this.len += 4;
  }

  packedDoubles(no: number, vs: number[], width: 4 | 8): void {
    const b = new Uint8Array(vs.length * width);
    const dv = new DataView(b.buffer);
    vs.forEach((v, k) => {
      width === 8 ? dv.setFloat64(k * 8, v, true) : dv.setFloat32(k * 4, v, true);
    });
    this.bytes(no, b);
  }

  packedVarints(no: number, vs: number[]): void {
    const w = new WireWriter();
    for (const v of vs) w.rawVarint(v);
    this.bytes(no, w.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
