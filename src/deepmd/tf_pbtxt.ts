/**
 * Protocol Buffers text format of a TensorFlow GraphDef (`.pbtxt`, what `tf.io.write_graph(...,
 * as_text=True)` writes and what DeePMD-kit's test fixtures hold) parsed into the GraphDef data of
 * tf_graphdef.ts, so `encodeGraphDef` turns it into a binary `.pb` (DeePMD-kit's tests do the same
 * conversion with TensorFlow's text_format). Errors name the line.
 */
import {
  emptyList,
  emptyTensor,
  type GraphDef,
  type TfAttr,
  type TfAttrList,
  type TfNode,
  type TfShape,
  type TfTensor,
} from './tf_graphdef.js';

export class PbtxtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PbtxtError';
  }
}

type Scalar = { kind: 'str'; bytes: Uint8Array; line: number } | { kind: 'word'; text: string; line: number };
interface Msg {
  fields: [string, Msg | Scalar][];
  line: number;
}

const DTYPES: Record<string, number> = {
  DT_INVALID: 0,
  DT_FLOAT: 1,
  DT_DOUBLE: 2,
  DT_INT32: 3,
  DT_UINT8: 4,
  DT_INT16: 5,
  DT_INT8: 6,
  DT_STRING: 7,
  DT_COMPLEX64: 8,
  DT_INT64: 9,
  DT_BOOL: 10,
  DT_QINT8: 11,
  DT_QUINT8: 12,
  DT_QINT32: 13,
  DT_BFLOAT16: 14,
  DT_HALF: 19,
  DT_RESOURCE: 20,
  DT_VARIANT: 21,
  DT_UINT32: 22,
  DT_UINT64: 23,
};

const ESC: Record<string, number> = {
  n: 10,
  r: 13,
  t: 9,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
};

/** Tokenise and parse into a generic tree of named fields. */
function parseTree(src: string): Msg {
  let pos = 0;
  let line = 1;
  const skip = (): void => {
    while (pos < src.length) {
      const c = src[pos];
      if (c === '\n') {
        line++;
        pos++;
      } else if (c === ' ' || c === '\t' || c === '\r') pos++;
      else if (c === '#') {
        while (pos < src.length && src[pos] !== '\n') pos++;
      } else break;
    }
  };
  const err = (what: string): never => {
    throw new PbtxtError(`line ${line}: ${what}`);
  };
  const word = (): string => {
    const m = /^[A-Za-z0-9_.+-]+/.exec(src.slice(pos, pos + 64));
    if (!m) err(`unexpected character '${src[pos] ?? 'end of file'}'`);
    pos += m![0].length;
    return m![0];
  };
  const str = (): Uint8Array => {
    const out: number[] = [];
    while (src[pos] === '"' || src[pos] === "'") {
      const q = src[pos++];
      for (;;) {
        if (pos >= src.length || src[pos] === '\n') err('unterminated string');
        const c = src[pos++];
        if (c === q) break;
        if (c !== '\\') {
          out.push(...Buffer.from(c, 'utf8'));
          continue;
        }
        const e = src[pos++];
        if (e in ESC) out.push(ESC[e]);
        else if (e >= '0' && e <= '7') {
          let v = Number(e);
          for (let k = 0; k < 2 && src[pos] >= '0' && src[pos] <= '7'; k++) v = 8 * v + Number(src[pos++]);
          out.push(v & 0xff);
        } else if (e === 'x' || e === 'X') {
          const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(pos, pos + 2));
          if (!m) err('bad \\x escape');
          out.push(parseInt(m![0], 16));
          pos += m![0].length;
        } else err(`unknown escape '\\${e}'`);
      }
      skip();
    }
    return Uint8Array.from(out);
  };
  const message = (close: string | null, startLine: number): Msg => {
    const msg: Msg = { fields: [], line: startLine };
    for (;;) {
      skip();
      if (pos >= src.length) {
        if (close) err(`missing '${close}' for the message opened on line ${startLine}`);
        return msg;
      }
      if (close && src[pos] === close) {
        pos++;
        return msg;
      }
      const name = word();
      skip();
      let colon = false;
      if (src[pos] === ':') {
        colon = true;
        pos++;
        skip();
      }
      const c = src[pos];
      if (c === '{' || c === '<') {
        const l = line;
        pos++;
        msg.fields.push([name, message(c === '{' ? '}' : '>', l)]);
      } else if (!colon) err(`expected ':' or '{' after '${name}'`);
      else if (c === '[') {
        pos++;
        for (;;) {
          skip();
          if (src[pos] === ']') {
            pos++;
            break;
          }
          msg.fields.push([name, scalarOrMsg()]);
          skip();
          if (src[pos] === ',') pos++;
        }
      } else msg.fields.push([name, scalarOrMsg()]);
      skip();
      if (src[pos] === ',' || src[pos] === ';') pos++;
    }
  };
  const scalarOrMsg = (): Msg | Scalar => {
    const l = line;
    if (src[pos] === '"' || src[pos] === "'") return { kind: 'str', bytes: str(), line: l };
    if (src[pos] === '{') {
      pos++;
      return message('}', l);
    }
    return { kind: 'word', text: word(), line: l };
  };
  return message(null, 1);
}

// ------------------------------------------------------------------------------------------------
// Tree -> GraphDef

function asMsg(v: Msg | Scalar, name: string): Msg {
  if ('fields' in v) return v;
  throw new PbtxtError(`line ${v.line}: field '${name}' must be a message`);
}

function asScalar(v: Msg | Scalar, name: string): Scalar {
  if (!('fields' in v)) return v;
  throw new PbtxtError(`line ${v.line}: field '${name}' must be a value, not a message`);
}

function asStr(v: Msg | Scalar, name: string): Uint8Array {
  const s = asScalar(v, name);
  if (s.kind !== 'str') throw new PbtxtError(`line ${s.line}: field '${name}' must be a quoted string`);
  return s.bytes;
}

function asNum(v: Msg | Scalar, name: string, integer: boolean): number {
  const s = asScalar(v, name);
  if (s.kind !== 'word') throw new PbtxtError(`line ${s.line}: field '${name}' must be a number`);
  const t = s.text.toLowerCase();
  const x =
    t === 'inf' || t === 'infinity'
      ? Infinity
      : t === '-inf' || t === '-infinity'
        ? -Infinity
        : t === 'nan'
          ? NaN
          : Number(t.endsWith('f') && !t.startsWith('0x') ? t.slice(0, -1) : t);
  if (Number.isNaN(x) && t !== 'nan')
    throw new PbtxtError(`line ${s.line}: field '${name}': '${s.text}' is not a number`);
  if (integer && !Number.isInteger(x))
    throw new PbtxtError(`line ${s.line}: field '${name}': '${s.text}' is not an integer`);
  return x;
}

function asBool(v: Msg | Scalar, name: string): boolean {
  const s = asScalar(v, name);
  if (s.kind === 'word' && (s.text === 'true' || s.text === 't' || s.text === '1')) return true;
  if (s.kind === 'word' && (s.text === 'false' || s.text === 'f' || s.text === '0')) return false;
  throw new PbtxtError(`line ${s.line}: field '${name}' must be true or false`);
}

function asDtype(v: Msg | Scalar, name: string): number {
  const s = asScalar(v, name);
  if (s.kind === 'word' && s.text in DTYPES) return DTYPES[s.text];
  if (s.kind === 'word' && /^\d+$/.test(s.text)) return Number(s.text);
  throw new PbtxtError(`line ${s.line}: field '${name}': unknown data type`);
}

function unknown(m: Msg, name: string, where: string): never {
  throw new PbtxtError(`line ${m.line}: unknown field '${name}' in ${where}`);
}

function toShape(m: Msg): TfShape {
  const s: TfShape = { dims: [], unknownRank: false };
  for (const [k, v] of m.fields) {
    if (k === 'dim') {
      let size = 0;
      for (const [dk, dv] of asMsg(v, k).fields) if (dk === 'size') size = asNum(dv, dk, true);
      s.dims.push(size);
    } else if (k === 'unknown_rank') s.unknownRank = asBool(v, k);
    else unknown(m, k, 'TensorShapeProto');
  }
  return s;
}

function toTensor(m: Msg): TfTensor {
  const t = emptyTensor();
  for (const [k, v] of m.fields) {
    switch (k) {
      case 'dtype':
        t.dtype = asDtype(v, k);
        break;
      case 'tensor_shape':
        t.shape = toShape(asMsg(v, k));
        break;
      case 'version_number':
        break;
      case 'tensor_content':
        t.content = asStr(v, k);
        break;
      case 'float_val':
        t.floatVal.push(Math.fround(asNum(v, k, false)));
        break;
      case 'double_val':
        t.doubleVal.push(asNum(v, k, false));
        break;
      case 'int_val':
        t.intVal.push(asNum(v, k, true));
        break;
      case 'int64_val':
        t.int64Val.push(asNum(v, k, true));
        break;
      case 'bool_val':
        t.boolVal.push(asBool(v, k) ? 1 : 0);
        break;
      case 'half_val':
        t.halfVal.push(asNum(v, k, true));
        break;
      case 'string_val':
        t.stringVal.push(asStr(v, k));
        break;
      default:
        unknown(m, k, 'TensorProto');
    }
  }
  return t;
}

function toList(m: Msg): TfAttrList {
  const l = emptyList();
  for (const [k, v] of m.fields) {
    switch (k) {
      case 's':
        l.s.push(asStr(v, k));
        break;
      case 'i':
        l.i.push(asNum(v, k, true));
        break;
      case 'f':
        l.f.push(Math.fround(asNum(v, k, false)));
        break;
      case 'b':
        l.b.push(asBool(v, k));
        break;
      case 'type':
        l.type.push(asDtype(v, k));
        break;
      case 'shape':
        l.shape.push(toShape(asMsg(v, k)));
        break;
      case 'tensor':
        l.tensor.push(toTensor(asMsg(v, k)));
        break;
      default:
        unknown(m, k, 'AttrValue.ListValue');
    }
  }
  return l;
}

function toAttr(m: Msg): TfAttr {
  const a: TfAttr = {};
  for (const [k, v] of m.fields) {
    switch (k) {
      case 'list':
        a.list = toList(asMsg(v, k));
        break;
      case 's':
        a.s = asStr(v, k);
        break;
      case 'i':
        a.i = asNum(v, k, true);
        break;
      // attr floats are float32 on the wire: round as the binary form would
      case 'f':
        a.f = Math.fround(asNum(v, k, false));
        break;
      case 'b':
        a.b = asBool(v, k);
        break;
      case 'type':
        a.type = asDtype(v, k);
        break;
      case 'shape':
        a.shape = toShape(asMsg(v, k));
        break;
      case 'tensor':
        a.tensor = toTensor(asMsg(v, k));
        break;
      case 'func':
      case 'placeholder':
        break;
      default:
        unknown(m, k, 'AttrValue');
    }
  }
  return a;
}

function toNode(m: Msg): TfNode {
  const n: TfNode = { name: '', op: '', input: [], device: '', attr: new Map() };
  for (const [k, v] of m.fields) {
    switch (k) {
      case 'name':
        n.name = Buffer.from(asStr(v, k)).toString('utf8');
        break;
      case 'op':
        n.op = Buffer.from(asStr(v, k)).toString('utf8');
        break;
      case 'input':
        n.input.push(Buffer.from(asStr(v, k)).toString('utf8'));
        break;
      case 'device':
        n.device = Buffer.from(asStr(v, k)).toString('utf8');
        break;
      case 'attr': {
        let key = '';
        let value: TfAttr = {};
        for (const [ek, ev] of asMsg(v, k).fields) {
          if (ek === 'key') key = Buffer.from(asStr(ev, ek)).toString('utf8');
          else if (ek === 'value') value = toAttr(asMsg(ev, ek));
          else unknown(asMsg(v, k), ek, 'attr entry');
        }
        n.attr.set(key, value);
        break;
      }
      case 'experimental_debug_info':
      case 'experimental_type':
        break;
      default:
        unknown(m, k, 'NodeDef');
    }
  }
  return n;
}

/** Parse a text-format GraphDef. */
export function parsePbtxt(src: string): GraphDef {
  const root = parseTree(src);
  const nodes: TfNode[] = [];
  for (const [k, v] of root.fields) {
    if (k === 'node') nodes.push(toNode(asMsg(v, k)));
    else if (k !== 'library' && k !== 'versions' && k !== 'version') unknown(root, k, 'GraphDef');
  }
  return { nodes };
}
