/**
 * The WebAssembly binary encodings the hand-assembled kernels use (src/nn/wasm_gemm.ts,
 * src/deepmd/descriptors/table_wasm.ts, potentials/lj_cut_simd.ts, potentials/eam_simd.ts, src/neighbor_wasm.ts), written once. Every instruction is a
 * number[] of bytes (a function when it has immediates) that a kernel concatenates into a function body;
 * the kernels' loops stay in their own files. Spec: https://webassembly.github.io/spec/core/binary/
 * (section links below are into that document).
 */

import { setFlagsFromString } from 'node:v8';

// ---- integers and containers (values.html#integers, conventions.html#vectors, modules.html#sections) ----

/** Unsigned LEB128: 7 bits a byte, low first, the high bit set on every byte but the last. */
export function uleb(n: number): number[] {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    o.push(b);
  } while (n);
  return o;
}

/** Signed LEB128: as uleb, ending once the rest is the sign extension of the last byte's bit 6. */
export function sleb(n: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
}

/** A vector: its length (uleb), then the items. */
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
/** A section: its id, its byte size (uleb), its body. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
/** A name (ASCII here): its byte length, its bytes. */
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// ---- value types (types.html#value-types) ----

export const I32 = 0x7f,
  F64 = 0x7c,
  V128 = 0x7b;

// ---- variables and constants (instructions.html#variable-instructions, #numeric-instructions) ----

/** local.get / local.set / local.tee of local (or parameter) l. */
export const get = (l: number) => [0x20, ...uleb(l)],
  set = (l: number) => [0x21, ...uleb(l)],
  tee = (l: number) => [0x22, ...uleb(l)];
/** i32.const v (signed LEB128), f64.const v (its 8 IEEE bytes, little-endian). */
export const i32c = (v: number) => [0x41, ...sleb(v)];
export const f64c = (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];

// ---- control (instructions.html#control-instructions); block types: 0x40 empty, or one value type ----

export const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  IF = [0x04, 0x40],
  /** if with a v128 result (both arms leave one v128). */
  IF_V128 = [0x04, V128],
  ELSE = [0x05],
  END = [0x0b],
  /** br / br_if to the label d enclosing constructs out (0: the innermost; a loop's label is its start). */
  BR = (d: number) => [0x0c, ...uleb(d)],
  BR_IF = (d: number) => [0x0d, ...uleb(d)];

// ---- scalar numeric (instructions.html#numeric-instructions) ----

/** select: (a, b, c) -> c ? a : b. */
export const SELECT = [0x1b];

export const I32_EQZ = [0x45],
  I32_LT_S = [0x48],
  I32_GT_S = [0x4a],
  I32_LE_S = [0x4c],
  I32_GE_S = [0x4e],
  I32_ADD = [0x6a],
  I32_SUB = [0x6b],
  I32_MUL = [0x6c],
  I32_AND = [0x71],
  I32_OR = [0x72],
  I32_SHR_U = [0x76],
  F64_EQ = [0x61],
  F64_NE = [0x62],
  F64_LT = [0x63],
  F64_GT = [0x64],
  F64_NEG = [0x9a],
  F64_FLOOR = [0x9c],
  F64_ADD = [0xa0],
  F64_SUB = [0xa1],
  F64_MUL = [0xa2],
  I32_TRUNC_F64_S = [0xaa],
  I32_TRUNC_F64_U = [0xab];

// ---- memory (instructions.html#memory-instructions): memarg = alignment exponent, byte offset ----
// The alignment is a hint (2^a bytes; a misaligned access is still correct); the kernels claim 8 bytes
// for f64 and v128 accesses (their data are f64 arrays), 4 for i32.

const memarg = (align: number, offset: number) => [align, ...uleb(offset)];
export const I32_LOAD = (offset: number) => [0x28, ...memarg(2, offset)],
  F64_LOAD = (offset: number) => [0x2b, ...memarg(3, offset)],
  F64_STORE = (offset: number) => [0x39, ...memarg(3, offset)],
  I32_STORE = (offset: number) => [0x36, ...memarg(2, offset)];

// ---- SIMD (instructions.html#vector-instructions): prefix 0xfd, then the opcode as uleb ----

export const simd = (op: number) => [0xfd, ...uleb(op)];
export const V128_LOAD = (offset: number) => [...simd(0x00), ...memarg(3, offset)],
  V128_STORE = (offset: number) => [...simd(0x0b), ...memarg(3, offset)],
  /** v128.load64_splat: one f64 into both lanes. */
  V128_LOAD64_SPLAT = (offset: number) => [...simd(0x0a), ...memarg(3, offset)],
  /** v128.load64_lane: (address, vector) -> the vector with lane `lane` loaded. */
  V128_LOAD64_LANE = (offset: number, lane: number) => [...simd(0x57), ...memarg(3, offset), lane];
/** v128.const 0 (16 immediate bytes). */
export const V128_ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)];
export const F64X2_SPLAT = simd(0x14),
  F64X2_EXTRACT_LANE = (lane: number) => [...simd(0x21), lane],
  F64X2_FLOOR = simd(0x75),
  F64X2_ADD = simd(0xf0),
  F64X2_SUB = simd(0xf1),
  F64X2_MUL = simd(0xf2),
  F64X2_DIV = simd(0xf3),
  F64X2_LT = simd(0x49),
  F64X2_NEG = simd(0xed),
  F64X2_SQRT = simd(0xef),
  /** pmin(a, b) = b < a ? b : a. */
  F64X2_PMIN = simd(0xf6),
  I32X4_SPLAT = simd(0x11),
  I32X4_EXTRACT_LANE = (lane: number) => [...simd(0x1b), lane],
  I32X4_SHL = simd(0xab),
  I32X4_MIN_S = simd(0xb6),
  /** Lanes 0, 1 = trunc of the two f64 lanes (saturating), lanes 2, 3 = 0. */
  I32X4_TRUNC_SAT_F64X2_S_ZERO = simd(0xfc),
  /** The two f64 lanes = i32 lanes 0, 1. */
  F64X2_CONVERT_LOW_I32X4_S = simd(0xfe),
  /** i8x16.shuffle taking lane l (of two f64 lanes) of both operands: (a_l, b_l). */
  I8X16_SHUFFLE_LANES = (l: number) => [
    ...simd(0x0d),
    ...Array.from({ length: 8 }, (_, k) => 8 * l + k),
    ...Array.from({ length: 8 }, (_, k) => 16 + 8 * l + k),
  ];

// ---- code builders and module memory ----

/**
 * A function body under construction: `e(...instructions)` appends each instruction's bytes to `code`
 * (the kernels' local emitters write `e(get(A), get(B), F64_ADD, set(C))`, one line a statement).
 */
export function codeEmitter(): { code: number[]; e: (...parts: number[][]) => void } {
  const code: number[] = [];
  return {
    code,
    e: (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    },
  };
}

/**
 * Grow `memory` to at least `need` bytes (whole 64 KiB pages). Returns true when it grew: the old
 * buffer is then detached and the caller's typed-array views over it must be made again.
 */
export function growMemory(memory: WebAssembly.Memory, need: number): boolean {
  if (need <= memory.buffer.byteLength) return false;
  memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  return true;
}

// ---- module skeleton (modules.html) ----

/** A function type (types.html#function-types): param and result value types. */
export const funcType = (params: number[], results: number[]): number[] => [
  0x60,
  ...vec(params.map((t) => [t])),
  ...vec(results.map((t) => [t])),
];

/**
 * A function body (modules.html#code-section): its locals as runs of [count, type] (indices after the
 * parameters, in order), then `code`, which ends with the function's own END.
 */
export const funcBody = (locals: [number, number][], code: number[]): number[] => [
  ...vec(locals.map(([n, t]) => [...uleb(n), t])),
  ...code,
];

/**
 * The module all the kernels are: the memory imported as env.memory (min 1 page), then functions
 * exported by name, function i of type `types[funcs[i].type]` and export index i.
 */
export function memoryImportingModule(
  types: number[][],
  funcs: { name: string; type: number; body: number[] }[],
): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic "\0asm", version 1
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])), // import: memory, min 1 page
    ...section(3, vec(funcs.map((f) => uleb(f.type)))),
    ...section(
      7,
      vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])), // export kind 0x00: function
    ),
    ...section(10, vec(funcs.map((f) => [...uleb(f.body.length), ...f.body]))),
  ]);
}

/**
 * Whether the runtime can run `bytes`: false without WebAssembly, or where it rejects the module
 * (a runtime without SIMD rejects the v128 instructions); the kernels then fall back to JavaScript.
 */
export const wasmAccepts = (bytes: Uint8Array<ArrayBuffer>): boolean =>
  typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes);

/**
 * Compile with V8's optimizing tier at once. By default V8 first runs new WebAssembly code from its
 * baseline compiler (Liftoff) and optimizes a function only after it has run for a while; a kernel
 * called once per MD step spent its first ~20 steps in baseline code, 1.5x slower (measured on
 * lj_cut_simd.ts: 8-9 ms against 5.5-6 ms per call on the 32k LJ melt). The flag is process-wide: it
 * is set for this one compilation only (modules of a few kB) and restored.
 */
export function optimizedModule(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  try {
    setFlagsFromString('--no-liftoff');
    return new WebAssembly.Module(bytes);
  } finally {
    setFlagsFromString('--liftoff');
  }
}
