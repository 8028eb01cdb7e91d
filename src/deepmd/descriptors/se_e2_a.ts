/**
 * se_e2_a (DeePMD-kit `se_e2_a`, alias `se_a`): two-body embedding with the full relative position,
 * environment rows (1/r, x/r², y/r², z/r²) · w(r) (ncomp 4),
 *   gr = (1/nnei) Σ_j G_j^T R_j  (ng x 4),   D = gr gr[:axis]^T  (ng x axis_neuron).
 * Owns the `axis_neuron` key; compressible (compress.ts tables, evaluated fused with the contraction
 * by se_e2_a_tabulated.ts).
 */
import { contractA, contractABackward, grBackward } from '../kernels.js';
import { fail, num, type Dict } from '../spec_read.js';
import { SeATabulated } from './se_e2_a_tabulated.js';
import {
  ngOf,
  type BoundContraction,
  type DescriptorCommon,
  type DescriptorModule,
  type OnnxEmbedTerm,
  type OnnxGraph,
} from './descriptor.js';

export interface SeASpec extends DescriptorCommon {
  type: 'se_e2_a';
  axisNeuron: number;
}

declare module './descriptor.js' {
  interface DescriptorSpecs {
    se_e2_a: SeASpec;
  }
}

/** gr (value and tangent) per chunk; D = gr gr[:axis]^T and its tangent / reverse. */
function bindSeA(ng: number, nnei: number, axis: number, chunk: number): BoundContraction {
  const dimD = ng * axis,
    inv = 1 / nnei;
  const gr = new Float64Array(chunk * ng * 4),
    grd = new Float64Array(chunk * ng * 4);
  const dgr = new Float64Array(ng * 4),
    grb = new Float64Array(ng * 4),
    grdb = new Float64Array(ng * 4),
    tmp = new Float64Array(ng * 4);
  return {
    forward(nc, G, env, D) {
      contractA(nc, nnei, ng, axis, G, env, gr, D);
    },
    backward(nc, G, dG, env, dD, dEnv, nlist) {
      contractABackward(nc, nnei, ng, axis, G, dG, env, gr, dD, dgr, dEnv, nlist);
    },
    tangent(nc, G, dG, env, tau, Dd) {
      for (let a = 0; a < nc; a++) {
        const go = a * ng * 4;
        grd.fill(0, go, go + ng * 4);
        for (let s = 0; s < nnei; s++) {
          const slot = a * nnei + s,
            e = slot * 4,
            gs = slot * ng;
          const sd = tau[e];
          const e0 = env[e],
            e1 = env[e + 1],
            e2 = env[e + 2],
            e3 = env[e + 3];
          const t0 = tau[e],
            t1 = tau[e + 1],
            t2 = tau[e + 2],
            t3 = tau[e + 3];
          if (t0 === 0 && t1 === 0 && t2 === 0 && t3 === 0) continue;
          for (let mm = 0; mm < ng; mm++) {
            const gd = dG[gs + mm] * sd,
              g = G[gs + mm],
              o = go + 4 * mm;
            grd[o] += gd * e0 + g * t0;
            grd[o + 1] += gd * e1 + g * t1;
            grd[o + 2] += gd * e2 + g * t2;
            grd[o + 3] += gd * e3 + g * t3;
          }
        }
        for (let q = go; q < go + ng * 4; q++) grd[q] *= inv;
        const dO = a * dimD;
        for (let mm = 0; mm < ng; mm++) {
          const om = go + 4 * mm;
          for (let n = 0; n < axis; n++) {
            const on = go + 4 * n;
            Dd[dO + mm * axis + n] =
              grd[om] * gr[on] +
              grd[om + 1] * gr[on + 1] +
              grd[om + 2] * gr[on + 2] +
              grd[om + 3] * gr[on + 3] +
              gr[om] * grd[on] +
              gr[om + 1] * grd[on + 1] +
              gr[om + 2] * grd[on + 2] +
              gr[om + 3] * grd[on + 3];
          }
        }
      }
    },
    tangentBackward(nc, _G, env, tau, Dbar, Ddbar, Gb, Gdb) {
      for (let a = 0; a < nc; a++) {
        const go = a * ng * 4,
          dO = a * dimD;
        grBackward(ng, axis, inv, gr, go, Dbar, dO, grb);
        grBackward(ng, axis, inv, grd, go, Ddbar, dO, tmp);
        for (let q = 0; q < ng * 4; q++) grb[q] += tmp[q];
        grBackward(ng, axis, inv, gr, go, Ddbar, dO, grdb);
        for (let s = 0; s < nnei; s++) {
          const slot = a * nnei + s,
            e = slot * 4,
            gs = slot * ng;
          const e0 = env[e],
            e1 = env[e + 1],
            e2 = env[e + 2],
            e3 = env[e + 3];
          const t0 = tau[e],
            t1 = tau[e + 1],
            t2 = tau[e + 2],
            t3 = tau[e + 3];
          for (let mm = 0; mm < ng; mm++) {
            const o = 4 * mm;
            const rd = grdb[o] * e0 + grdb[o + 1] * e1 + grdb[o + 2] * e2 + grdb[o + 3] * e3;
            Gb[gs + mm] =
              grb[o] * e0 +
              grb[o + 1] * e1 +
              grb[o + 2] * e2 +
              grb[o + 3] * e3 +
              grdb[o] * t0 +
              grdb[o + 1] * t1 +
              grdb[o + 2] * t2 +
              grdb[o + 3] * t3;
            Gdb[gs + mm] = t0 * rd;
          }
        }
      }
    },
  };
}

/** ONNX: gr = G^T R / nnei, D = gr gr1^T with gr1 = the first axis rows (a constant selection matmul). */
function onnxSeA(g: OnnxGraph, ng: number, axis: number, R: string, G: string, dG: string, nnei: number) {
  const gr = g.op('Mul', [g.op('MatMul', [g.t(G, [0, 2, 1]), R]), g.scalar(1 / nnei)]); // [n, ng, 4]
  const p = new Float64Array(ng * axis);
  for (let m = 0; m < axis; m++) p[m * axis + m] = 1;
  const P = g.constF(p, [ng, axis]);
  const pT = new Float64Array(axis * ng);
  for (let i = 0; i < ng; i++) for (let j = 0; j < axis; j++) pT[j * ng + i] = p[i * axis + j];
  const gr1 = g.op('MatMul', [g.constF(pT, [axis, ng]), gr]); // [n, axis, 4]
  const D = g.op('Reshape', [g.op('MatMul', [gr, g.t(gr1, [0, 2, 1])]), g.constI64([-1, ng * axis])]);
  return {
    D,
    backward(dD: string): string {
      const dD3 = g.op('Reshape', [dD, g.constI64([-1, ng, axis])]);
      const t2 = g.op('MatMul', [P, g.op('MatMul', [g.t(dD3, [0, 2, 1]), gr])]);
      const dgr = g.op('Mul', [g.op('Add', [g.op('MatMul', [dD3, gr1]), t2]), g.scalar(1 / nnei)]); // [n, ng, 4]
      const dR = g.op('MatMul', [G, dgr]); // [n, nnei, 4]
      const q = g.op('MatMul', [R, g.t(dgr, [0, 2, 1])]); // [n, nnei, ng]
      const ds = g.op('ReduceSum', [g.op('Mul', [q, dG]), g.constI64([2])], { keepdims: 1 }); // [n, nnei, 1]
      return g.op('Add', [dR, g.op('Mul', [ds, g.constF([1, 0, 0, 0], [4])])]);
    },
  };
}

/**
 * ONNX, blockwise over neighbor types b and over the terms of each block's embedding
 * (G_b = Σ_k x_k E_k, see OnnxEmbedTerm), so neither G nor dG is ever concatenated or transposed:
 *   grT = (1/nnei) Σ_b Σ_k (R_bᵀ x_k) E_k  [n, 4, ng] (R_bᵀ x_k is [n, 4, width_k]), gr = grTᵀ (small);
 *   backward, with dgr_k = E_k dgr [n, width_k, 4]:  dR_b = Σ_k x_k dgr_k,
 *   ds_b = Σ_c R_b,c (Σ_k dx_k dgr_k)_c  ([n, sel_b, 4] products, never [n, sel_b, ng]),
 *   dEnv = concat_b (dR_b + ds_b [1, 0, 0, 0]).
 */
function onnxSeABlocks(g: OnnxGraph, ng: number, axis: number, Rs: string[], Gs: OnnxEmbedTerm[][], nnei: number) {
  const sum = (a: string, b: string): string => (a === '' ? b : g.op('Add', [a, b]));
  const eConst = new Map<Float64Array, string>();
  const constE = (E: Float64Array, w: number): string => {
    let c = eConst.get(E);
    if (!c) {
      c = g.constF(E, [w, ng]);
      eConst.set(E, c);
    }
    return c;
  };
  let grT = '';
  for (let b = 0; b < Rs.length; b++) {
    const RT = g.t(Rs[b], [0, 2, 1]); // [n, 4, sel_b]
    for (const k of Gs[b]) {
      const p = g.op('MatMul', [RT, k.x]); // [n, 4, width]
      grT = sum(grT, k.E ? g.op('MatMul', [p, constE(k.E, k.width)]) : p);
    }
  }
  const gr = g.t(g.op('Mul', [grT, g.scalar(1 / nnei)]), [0, 2, 1]); // [n, ng, 4]
  const p = new Float64Array(ng * axis);
  for (let m = 0; m < axis; m++) p[m * axis + m] = 1;
  const P = g.constF(p, [ng, axis]);
  const pT = new Float64Array(axis * ng);
  for (let i = 0; i < ng; i++) for (let j = 0; j < axis; j++) pT[j * ng + i] = p[i * axis + j];
  const gr1 = g.op('MatMul', [g.constF(pT, [axis, ng]), gr]); // [n, axis, 4]
  const D = g.op('Reshape', [g.op('MatMul', [gr, g.t(gr1, [0, 2, 1])]), g.constI64([-1, ng * axis])]);
  return {
    D,
    backward(dD: string): string {
      const dD3 = g.op('Reshape', [dD, g.constI64([-1, ng, axis])]);
      const t2 = g.op('MatMul', [P, g.op('MatMul', [g.t(dD3, [0, 2, 1]), gr])]);
      const dgr = g.op('Mul', [g.op('Add', [g.op('MatMul', [dD3, gr1]), t2]), g.scalar(1 / nnei)]); // [n, ng, 4]
      const e0 = g.constF([1, 0, 0, 0], [4]);
      const dgrE = new Map<Float64Array, string>();
      const parts = Rs.map((R, b) => {
        let dR = '',
          u = '';
        for (const k of Gs[b]) {
          let d = dgr;
          if (k.E) {
            d = dgrE.get(k.E) ?? g.op('MatMul', [constE(k.E, k.width), dgr]); // [n, width, 4]
            dgrE.set(k.E, d);
          }
          dR = sum(dR, g.op('MatMul', [k.x, d])); // [n, sel_b, 4]
          u = sum(u, g.op('MatMul', [k.dx, d])); // [n, sel_b, 4]
        }
        const ds = g.op('ReduceSum', [g.op('Mul', [u, R]), g.constI64([2])], { keepdims: 1 }); // [n, sel_b, 1]
        return g.op('Add', [dR, g.op('Mul', [ds, e0])]);
      });
      return parts.length > 1 ? g.op('Concat', parts, { axis: 1 }) : parts[0];
    },
  };
}

export const seE2A: DescriptorModule<SeASpec> = {
  type: 'se_e2_a',
  aliases: ['se_a'],
  dictName: 'se_e2_a',
  ncomp: 4,
  dictKeys: ['axis_neuron'],
  fromDict(d: Dict, cls: string, c: DescriptorCommon): SeASpec {
    const ng = ngOf(c);
    const axisNeuron = num(d, cls, 'axis_neuron');
    if (!(Number.isInteger(axisNeuron) && axisNeuron >= 1 && axisNeuron <= ng))
      fail(cls, 'axis_neuron', `must be in 1..${ng}`);
    return { type: 'se_e2_a', ...c, axisNeuron };
  },
  toDict: (s) => ({ axis_neuron: s.axisNeuron }),
  dimD: (s) => ngOf(s) * s.axisNeuron,
  inputKeys: ['axis_neuron'],
  readInput(d, ng) {
    const axis = d.int('axis_neuron', {}, 4);
    if (axis < 1 || axis > ng) d.fail('axis_neuron', `must be in 1..${ng}`);
    return { axisNeuron: axis };
  },
  trainDimD: (ng, c) => ng * c.axisNeuron,
  fromTrain: (common, c) => ({ type: 'se_e2_a', ...common, axisNeuron: c.axisNeuron }),
  sameAsTrain: (s, c) => s.axisNeuron === c.axisNeuron,
  settings: (s) => ({ axisNeuron: s.axisNeuron }),
  bind: (c, z) => bindSeA(z.ng, z.nnei, c.axisNeuron, z.chunk),
  onnxEmbeddingInput: (g, Rb) => g.slice(Rb, 0, 1, 2),
  onnxContraction: (g, s, R, G, dG, nnei) => onnxSeA(g, ngOf(s), s.axisNeuron, R, G, dG, nnei),
  onnxContractionBlocks: (g, s, Rs, Gs, nnei) => onnxSeABlocks(g, ngOf(s), s.axisNeuron, Rs, Gs, nnei),
  tf: { envOps: ['ProdEnvMatA', 'DescrptSeA'], selAttr: 'sel_a', rcutSmthAttr: 'rcut_r_smth' },
  fromGraph(common, dimD, err) {
    const ng = ngOf(common),
      axisNeuron = dimD / ng;
    if (!Number.isInteger(axisNeuron))
      err(`fitting input width ${dimD} is not a multiple of the embedding width ${ng}`);
    return { type: 'se_e2_a', ...common, axisNeuron };
  },
  compressible: true,
  isCompressed: (s) => !!s.compress,
  bindTabulated(s, c) {
    if (!s.compress) throw new Error('se_e2_a: no compression tables to bind');
    return new SeATabulated(s.compress, s.axisNeuron, c);
  },
};
