/**
 * se_e2_r (DeePMD-kit `se_e2_r`, alias `se_r`): two-body embedding of the radial feature only,
 * environment rows w(r)/r (ncomp 1),   D = (1/5)(1/nnei) Σ_j G_j  (ng).
 * No keys of its own; DeePMD-kit writes its type as 'se_r'. Not compressible in dpmd-ts.
 */
import { contractR, contractRBackward } from '../kernels.js';
import { ngOf, type BoundContraction, type DescriptorCommon, type DescriptorModule } from './descriptor.js';

export interface SeRSpec extends DescriptorCommon {
  type: 'se_e2_r';
}

declare module './descriptor.js' {
  interface DescriptorSpecs {
    se_e2_r: SeRSpec;
  }
}

function bindSeR(ng: number, nnei: number): BoundContraction {
  const sc = 1 / (5 * nnei);
  return {
    forward(nc, G, _env, D) {
      contractR(nc, nnei, ng, G, D);
    },
    backward(nc, _G, dG, _env, dD, dEnv) {
      contractRBackward(nc, nnei, ng, dG, dD, dEnv);
    },
    tangent(nc, _G, dG, _env, tau, Dd) {
      for (let a = 0; a < nc; a++) {
        const dO = a * ng;
        Dd.fill(0, dO, dO + ng);
        for (let s = 0; s < nnei; s++) {
          const slot = a * nnei + s,
            sd = tau[slot];
          if (sd === 0) continue;
          for (let mm = 0; mm < ng; mm++) Dd[dO + mm] += dG[slot * ng + mm] * sd;
        }
        for (let mm = 0; mm < ng; mm++) Dd[dO + mm] *= sc;
      }
    },
    tangentBackward(nc, _G, _env, tau, Dbar, Ddbar, Gb, Gdb) {
      for (let a = 0; a < nc; a++) {
        const dO = a * ng;
        for (let s = 0; s < nnei; s++) {
          const slot = a * nnei + s,
            gs = slot * ng,
            sd = tau[slot];
          for (let mm = 0; mm < ng; mm++) {
            Gb[gs + mm] = Dbar[dO + mm] * sc;
            Gdb[gs + mm] = Ddbar[dO + mm] * sc * sd;
          }
        }
      }
    },
  };
}

export const seE2R: DescriptorModule<SeRSpec> = {
  type: 'se_e2_r',
  aliases: ['se_r'],
  dictName: 'se_r',
  ncomp: 1,
  dictKeys: [],
  fromDict: (_d, _cls, c) => ({ type: 'se_e2_r', ...c }),
  toDict: () => ({}),
  dimD: (s) => ngOf(s),
  inputKeys: [],
  readInput: () => ({ axisNeuron: 0 }),
  trainDimD: (ng) => ng,
  fromTrain: (common) => ({ type: 'se_e2_r', ...common }),
  sameAsTrain: () => true,
  settings: () => ({ axisNeuron: 0 }),
  bind: (_c, z) => bindSeR(z.ng, z.nnei),
  onnxEmbeddingInput: (_g, Rb) => Rb,
  onnxContraction(g, s, _R, G, dG, nnei) {
    const ng = ngOf(s);
    return {
      D: g.op('Mul', [g.op('ReduceSum', [G, g.constI64([1])], { keepdims: 0 }), g.scalar(1 / (5 * nnei))]),
      backward(dD: string): string {
        const dD3 = g.op('Reshape', [dD, g.constI64([-1, ng, 1])]);
        return g.op('Mul', [g.op('MatMul', [dG, dD3]), g.scalar(1 / (5 * nnei))]);
      },
    };
  },
  tf: { envOps: ['ProdEnvMatR', 'DescrptSeR'], selAttr: 'sel', rcutSmthAttr: 'rcut_smth' },
  fromGraph: (common) => ({ type: 'se_e2_r', ...common }),
  compressible: false,
  isCompressed: () => false,
  bindTabulated() {
    throw new Error('se_e2_r: model compression is not supported');
  },
};
