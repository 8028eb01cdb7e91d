/**
 * TensorFlow GraphDef (a frozen `.pb` graph) as plain data: nodes with name, op, inputs and attributes,
 * decoded from the protobuf wire format (protobuf_wire.ts) and encoded back. Only the messages a
 * frozen graph's nodes use are modelled (tensorflow/core/framework/{graph,node_def,attr_value,tensor,
 * tensor_shape}.proto); unknown fields are skipped on decoding, as protobuf does. No TensorFlow.
 *
 * Field numbers: GraphDef{node 1, library 2, version 3, versions 4}; NodeDef{name 1, op 2, input 3,
 * device 4, attr 5 (map entry key 1, value 2)}; AttrValue{list 1, s 2, i 3, f 4, b 5, type 6, shape 7,
 * tensor 8}; ListValue{s 2, i 3, f 4, b 5, type 6, shape 7, tensor 8}; TensorShapeProto{dim 2
 * (size 1, name 2), unknown_rank 3}; TensorProto{dtype 1, tensor_shape 2, tensor_content 4, float_val 5,
 * double_val 6, int_val 7, string_val 8, int64_val 10, bool_val 11, half_val 13}.
 */
import {
  f32,
  packedFloats,
  packedVarints,
  signedVarint,
  text,
  WireError,
  WireReader,
  WireWriter,
  type WireField,
} from './protobuf_wire.js';

export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, STRING: 7, INT64: 9, BOOL: 10, HALF: 19 } as const;

/** Largest tensor (elements) decoded from a graph: bounds memory for a corrupted or hostile shape. */
export const MAX_TENSOR_ELEMENTS = 1 << 25;

export interface TfShape {
  dims: number[];
  unknownRank: boolean;
}

export interface TfTensor {
  dtype: number;
  shape: TfShape;
  content: Uint8Array | null;
  floatVal: number[];
  doubleVal: number[];
  intVal: number[];
  int64Val: number[];
  boolVal: number[];
  halfVal: number[];
  stringVal: Uint8Array[];
}

export interface TfAttrList {
  s: Uint8Array[];
  i: number[];
  f: number[];
  b: boolean[];
  type: number[];
  shape: TfShape[];
  tensor: TfTensor[];
}

export interface TfAttr {
  s?: Uint8Array;
  i?: number;
  f?: number;
  b?: boolean;
  type?: number;
  shape?: TfShape;
  tensor?: TfTensor;
  list?: TfAttrList;
}

export interface TfNode {
  name: string;
  op: string;
  input: string[];
  device: string;
  attr: Map<string, TfAttr>;
}

export interface GraphDef {
  nodes: TfNode[];
}

export function emptyTensor(): TfTensor {
  return {
    dtype: 0,
    shape: { dims: [], unknownRank: false },
    content: null,
    floatVal: [],
    doubleVal: [],
    intVal: [],
    int64Val: [],
    boolVal: [],
    halfVal: [],
    stringVal: [],
  };
}

export function emptyList(): TfAttrList {
  return { s: [], i: [], f: [], b: [], type: [], shape: [], tensor: [] };
}

// ------------------------------------------------------------------------------------------------
// Decoding

function fields(bytes: Uint8Array, each: (f: WireField) => void): void {
  const r = new WireReader(bytes);
  for (let f = r.next(); f; f = r.next()) each(f);
}

function decodeShape(b: Uint8Array): TfShape {
  const s: TfShape = { dims: [], unknownRank: false };
  fields(b, (f) => {
    if (f.no === 2) {
      let size = 0;
      fields(f.bytes, (g) => {
        if (g.no === 1) size = signedVarint(g.int);
      });
      s.dims.push(size);
    } else if (f.no === 3) s.unknownRank = f.int !== 0;
  });
  return s;
}

function decodeTensor(b: Uint8Array): TfTensor {
  const t = emptyTensor();
  fields(b, (f) => {
    switch (f.no) {
      case 1:
        t.dtype = f.int;
        break;
      case 2:
        t.shape = decodeShape(f.bytes);
        break;
      case 4:
        t.content = f.bytes;
        break;
      case 5:
        packedFloats(f, 4, t.floatVal);
        break;
      case 6:
        packedFloats(f, 8, t.doubleVal);
        break;
      case 7:
        packedVarints(f, t.intVal);
        break;
      case 8:
        t.stringVal.push(f.bytes);
        break;
      case 10:
        packedVarints(f, t.int64Val);
        break;
      case 11:
        packedVarints(f, t.boolVal);
        break;
      case 13:
        packedVarints(f, t.halfVal);
        break;
      default:
        break;
    }
  });
  return t;
}

function decodeList(b: Uint8Array): TfAttrList {
  const l = emptyList();
  fields(b, (f) => {
    switch (f.no) {
      case 2:
        l.s.push(f.bytes);
        break;
      case 3:
        packedVarints(f, l.i);
        break;
      case 4:
        packedFloats(f, 4, l.f);
        break;
      case 5: {
        const v: number[] = [];
        packedVarints(f, v);
        l.b.push(...v.map((x) => x !== 0));
        break;
      }
      case 6:
        packedVarints(f, l.type);
        break;
      case 7:
        l.shape.push(decodeShape(f.bytes));
        break;
      case 8:
        l.tensor.push(decodeTensor(f.bytes));
        break;
      default:
        break;
    }
  });
  return l;
}

function decodeAttr(b: Uint8Array): TfAttr {
  const a: TfAttr = {};
  fields(b, (f) => {
    switch (f.no) {
      case 1:
        a.list = decodeList(f.bytes);
        break;
      case 2:
        a.s = f.bytes;
        break;
      case 3:
        a.i = signedVarint(f.int);
        break;
      case 4:
        a.f = f32(f.bytes);
        break;
      case 5:
        a.b = f.int !== 0;
        break;
      case 6:
        a.type = f.int;
        break;
      case 7:
        a.shape = decodeShape(f.bytes);
        break;
      case 8:
        a.tensor = decodeTensor(f.bytes);
        break;
      default:
        break;
    }
  });
  return a;
}

function decodeNode(b: Uint8Array): TfNode {
  const n: TfNode = { name: '', op: '', input: [], device: '', attr: new Map() };
  fields(b, (f) => {
    switch (f.no) {
      case 1:
        n.name = text(f.bytes);
        break;
      case 2:
        n.op = text(f.bytes);
        break;
      case 3:
        n.input.push(text(f.bytes));
        break;
      case 4:
        n.device = text(f.bytes);
        break;
      case 5: {
        let key = '';
        let value: TfAttr = {};
        fields(f.bytes, (g) => {
          if (g.no === 1) key = text(g.bytes);
          else if (g.no === 2) value = decodeAttr(g.bytes);
        });
        n.attr.set(key, value);
        break;
      }
      default:
        break;
    }
  });
  return n;
}

/** Decode a binary GraphDef. Throws WireError on malformed bytes. */
export function decodeGraphDef(bytes: Uint8Array): GraphDef {
  const nodes: TfNode[] = [];
  fields(bytes, (f) => {
    if (f.no === 1) {
      if (f.wt !== 2) throw new WireError(`GraphDef field 1 (node) has wire type ${f.wt}, expected 2`);
      nodes.push(decodeNode(f.bytes));
    }
  });
  return { nodes };
}

// ------------------------------------------------------------------------------------------------
// Tensor values

/** Number of elements of a shape, or an error message when it is negative, unknown or beyond the bound. */
export function shapeSize(s: TfShape): number {
  let n = 1;
  for (const d of s.dims) {
    if (!Number.isInteger(d) || d < 0)
      throw new WireError(`tensor shape [${s.dims}] has a negative or unknown dimension`);
    n *= d;
  }
  if (n > MAX_TENSOR_ELEMENTS)
    throw new WireError(`tensor shape [${s.dims}] has ${n} elements, more than the bound ${MAX_TENSOR_ELEMENTS}`);
  return n;
}

/**
 * A numeric tensor's values as float64 (float/double/int32/int64/bool/half), from tensor_content or the
 * typed *_val lists; as TensorFlow does, a shorter list is padded with its last value.
 */
export function tensorNumbers(t: TfTensor): Float64Array {
  const n = shapeSize(t.shape);
  const out = new Float64Array(n);
  if (t.content && t.content.length > 0) {
    const width =
      t.dtype === DT.DOUBLE || t.dtype === DT.INT64 ? 8 : t.dtype === DT.BOOL ? 1 : t.dtype === DT.HALF ? 2 : 4;
    if (t.content.length !== n * width)
      throw new WireError(
        `tensor_content has ${t.content.length} bytes, shape [${t.shape.dims}] of dtype ${t.dtype} needs ${n * width}`,
      );
    const dv = new DataView(t.content.buffer, t.content.byteOffset, t.content.length);
    for (let k = 0; k < n; k++) {
      switch (t.dtype) {
        case DT.DOUBLE:
          out[k] = dv.getFloat64(8 * k, true);
          break;
        case DT.FLOAT:
          out[k] = dv.getFloat32(4 * k, true);
          break;
        case DT.INT32:
          out[k] = dv.getInt32(4 * k, true);
          break;
        case DT.INT64:
          out[k] = Number(dv.getBigInt64(8 * k, true));
          break;
        case DT.BOOL:
          out[k] = dv.getUint8(k);
          break;
        case DT.HALF:
          out[k] = halfToFloat(dv.getUint16(2 * k, true));
          break;
        default:
          throw new WireError(`tensor of dtype ${t.dtype} is not numeric`);
      }
    }
    return out;
  }
  const src =
    t.dtype === DT.DOUBLE
      ? t.doubleVal
      : t.dtype === DT.FLOAT
        ? t.floatVal
        : t.dtype === DT.INT32
          ? t.intVal
          : t.dtype === DT.INT64
            ? t.int64Val
            : t.dtype === DT.BOOL
              ? t.boolVal
              : t.dtype === DT.HALF
                ? t.halfVal.map(halfToFloat)
                : null;
  if (!src) throw new WireError(`tensor of dtype ${t.dtype} is not numeric`);
  if (src.length > n) throw new WireError(`tensor has ${src.length} values for shape [${t.shape.dims}]`);
  if (src.length === 0) return out;
  for (let k = 0; k < n; k++) out[k] = src[Math.min(k, src.length - 1)];
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1,
    e = (h >> 10) & 0x1f,
    m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** A string tensor's first value (DeePMD-kit's attribute constants are scalars). */
export function tensorString(t: TfTensor): string {
  if (t.dtype !== DT.STRING || t.stringVal.length === 0)
    throw new WireError(`expected a string tensor, got dtype ${t.dtype}`);
  return text(t.stringVal[0]);
}

// ------------------------------------------------------------------------------------------------
// Encoding (pbtxt -> .pb, tests)

function encodeShape(s: TfShape): Uint8Array {
  const w = new WireWriter();
  for (const d of s.dims) {
    const dw = new WireWriter();
    if (d !== 0) dw.varint(1, d);
    w.bytes(2, dw.finish());
  }
  if (s.unknownRank) w.varint(3, 1);
  return w.finish();
}

function encodeTensor(t: TfTensor): Uint8Array {
  const w = new WireWriter();
  if (t.dtype) w.varint(1, t.dtype);
  w.bytes(2, encodeShape(t.shape));
  if (t.content) w.bytes(4, t.content);
  if (t.floatVal.length) w.packedDoubles(5, t.floatVal, 4);
  if (t.doubleVal.length) w.packedDoubles(6, t.doubleVal, 8);
  if (t.intVal.length) w.packedVarints(7, t.intVal);
  for (const s of t.stringVal) w.bytes(8, s);
  if (t.int64Val.length) w.packedVarints(10, t.int64Val);
  if (t.boolVal.length) w.packedVarints(11, t.boolVal);
  if (t.halfVal.length) w.packedVarints(13, t.halfVal);
  return w.finish();
}

function encodeList(l: TfAttrList): Uint8Array {
  const w = new WireWriter();
  for (const s of l.s) w.bytes(2, s);
  if (l.i.length) w.packedVarints(3, l.i);
  if (l.f.length) w.packedDoubles(4, l.f, 4);
  if (l.b.length) w.packedVarints(5, l.b.map(Number));
  if (l.type.length) w.packedVarints(6, l.type);
  for (const s of l.shape) w.bytes(7, encodeShape(s));
  for (const t of l.tensor) w.bytes(8, encodeTensor(t));
  return w.finish();
}

function encodeAttr(a: TfAttr): Uint8Array {
  const w = new WireWriter();
  if (a.list) w.bytes(1, encodeList(a.list));
  if (a.s) w.bytes(2, a.s);
  if (a.i !== undefined) w.varint(3, a.i);
  if (a.f !== undefined) w.float(4, a.f);
  if (a.b !== undefined) w.varint(5, a.b ? 1 : 0);
  if (a.type !== undefined) w.varint(6, a.type);
  if (a.shape) w.bytes(7, encodeShape(a.shape));
  if (a.tensor) w.bytes(8, encodeTensor(a.tensor));
  return w.finish();
}

/** Encode a GraphDef to its binary (`.pb`) form. */
export function encodeGraphDef(g: GraphDef): Uint8Array {
  const w = new WireWriter();
  for (const n of g.nodes) {
    const nw = new WireWriter();
    nw.string(1, n.name);
    nw.string(2, n.op);
    for (const i of n.input) nw.string(3, i);
    if (n.device) nw.string(4, n.device);
    for (const [k, v] of n.attr) {
      const ew = new WireWriter();
      ew.string(1, k);
      ew.bytes(2, encodeAttr(v));
      nw.bytes(5, ew.finish());
    }
    w.bytes(1, nw.finish());
  }
  return w.finish();
}
