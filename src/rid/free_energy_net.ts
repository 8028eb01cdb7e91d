/**
 * One member of the RiD ensemble: a free-energy network A(s) over d collective variables, as
 * rid-kit builds it (rid-kit rid/nn/model.py, build_force): features x = [cos s_i, sin s_i for the
 * periodic CVs (angular_mask 1), s_j for the others], tanh layers of `neurons` widths, a linear output
 * without bias (a constant in A is not seen by mean forces):
 *
 *   h_0 = x(s)                    N x m       (m = 2 d_periodic + d_plain)
 *   z_l = h_{l-1} W_l + b_l        N x n_l     W_l: n_{l-1} x n_l (row-major, Keras' layout)
 *   h_l = tanh(z_l)
 *   A   = c h_L w_o                N x 1       w_o: n_L,  c = UNIT_CVT = 96.485 kJ/mol per eV
 *
 * Why c: rid-kit trains its networks in eV (model.py scales the kJ/mol labels by 1/96.485, DeePFE.cpp
 * multiplies energies and forces back by UNIT_CVT = 96.485). Its unit-variance initialisation is thus an
 * O(100 kJ/mol) random surface, so untrained regions give forces that disagree by tens of kJ/mol/rad
 * between models: that spread is what makes sigma flag unexplored regions. Initialised in kJ/mol, the
 * same networks are 96x flatter, agree (sigma < trust_lvl_1) where there is no data, and the loop never
 * selects there. Adam is invariant to the gradient's scale, so training A = c net(s) in kJ/mol follows
 * the same path as rid-kit's training of net(s) in eV.
 *
 * Input gradient by the chain rule (the backward pass of the forward pass):
 *
 *   delta_L = c w_o (each row),  u_l = delta_l .* (1 - h_l^2),  delta_{l-1} = u_l W_l^T,   g = delta_0 = dA/dx
 *   dA/ds_i = -sin(s_i) g_cos_i + cos(s_i) g_sin_i  (periodic),   dA/ds_j = g_j (plain)
 *
 * Training fits mean forces F = -grad A (rid-kit: o_forces = -dE/ds fitted to the restrained-MD mean
 * forces, l2_loss = mean |F_hat - F|^2), so the loss is L = (1/N) sum_i |grad_s A(s_i) + F_i|^2, whose
 * parameter gradient needs the derivative of the input gradient (double backprop). Written by hand:
 * with r = grad_s A + F, the adjoint of g is gbar = J (2 r / N) (J = dx/ds), then the backward pass is
 * reversed (l = 1..L):
 *
 *   ubar_l = dbar_{l-1} W_l,   Wbar_l += dbar_{l-1}^T u_l,
 *   dbar_l = ubar_l .* (1 - h_l^2),   hbar_l = -2 h_l .* delta_l .* ubar_l,        w_obar = c sum_rows dbar_L
 *
 * and the hbar_l injected into the reverse of the forward pass (l = L..1):
 *
 *   zbar_l = hbar_l .* (1 - h_l^2),  Wbar_l += h_{l-1}^T zbar_l,  bbar_l += sum_rows zbar_l,
 *   hbar_{l-1} += zbar_l W_l^T.
 *
 * test/rid/free_energy_net.test.ts checks it against central differences of the loss.
 * Workspaces grow by capacity; evaluation and gradients allocate nothing in steady state.
 */
import { matmul, matmulTA, matmulTB } from '../nn/matmul.js';
import { makeParam, type Param } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';

/** rid-kit's energy unit of the network output: kJ/mol per eV (DeePFE.cpp UNIT_CVT, rid constants f_cvt). */
export const UNIT_CVT = 96.485;

export class FreeEnergyNet {
  /** Number of CVs. */
  readonly d: number;
  /** Number of input features. */
  readonly m: number;
  readonly periodic: readonly boolean[];
  readonly widths: readonly number[];
  /** W_1, b_1, ..., W_L, b_L, w_o (the order of `params`). */
  readonly params: Param[];
  private cap = 0;
  /** h_0..h_L per layer (N x width). */
  private h: Float64Array[] = [];
  /** delta_0..delta_L (N x width). */
  private delta: Float64Array[] = [];
  /** u_1..u_L (index l). */
  private u: Float64Array[] = [];
  /** Adjoint scratch: dbar (per layer), hbar (per layer). */
  private dbar: Float64Array[] = [];
  private hbar: Float64Array[] = [];
  private ubar = new Float64Array(0);
  private zbar = new Float64Array(0);

  constructor(periodic: readonly boolean[], neurons: readonly number[]) {
    if (neurons.length === 0) throw new Error('FreeEnergyNet: neurons must have at least one layer');
    this.d = periodic.length;
    this.periodic = [...periodic];
    this.m = periodic.reduce((a, p) => a + (p ? 2 : 1), 0);
    this.widths = [this.m, ...neurons];
    this.params = [];
    for (let l = 1; l < this.widths.length; l++) {
      this.params.push(makeParam(`layer_${l - 1}.matrix`, [this.widths[l - 1], this.widths[l]]));
      this.params.push(makeParam(`layer_${l - 1}.bias`, [this.widths[l]]));
    }
    this.params.push(makeParam('energy.matrix', [neurons[neurons.length - 1]]));
  }

  get nlayers(): number {
    return this.widths.length - 1;
  }

  W(l: number): Float64Array {
    return this.params[2 * (l - 1)].value;
  }
  b(l: number): Float64Array {
    return this.params[2 * (l - 1) + 1].value;
  }
  get wo(): Float64Array {
    return this.params[this.params.length - 1].value;
  }

  /**
   * rid-kit's initialisation (model.py _one_layer): weights N(0, 1/(fan_in + fan_out)), biases N(0, 1),
   * output weights N(0, 1/(n_L + 1)).
   */
  init(rng: Rng): void {
    for (let l = 1; l <= this.nlayers; l++) {
      const sd = 1 / Math.sqrt(this.widths[l - 1] + this.widths[l]);
      rng.fillNormal(this.W(l), sd);
      rng.fillNormal(this.b(l), 1);
    }
    rng.fillNormal(this.wo, 1 / Math.sqrt(this.widths[this.nlayers] + 1));
  }

  /** All parameters as one flat array (for saving), and back. */
  getFlat(): Float64Array {
    const n = this.params.reduce((a, p) => a + p.value.length, 0);
    const out = new Float64Array(n);
    let o = 0;
    for (const p of this.params) {
      out.set(p.value, o);
      o += p.value.length;
    }
    return out;
  }
  setFlat(v: ArrayLike<number>): void {
    const n = this.params.reduce((a, p) => a + p.value.length, 0);
    if (v.length !== n) throw new Error(`FreeEnergyNet: expected ${n} parameters, got ${v.length}`);
    let o = 0;
    for (const p of this.params) {
      for (let i = 0; i < p.value.length; i++) p.value[i] = v[o + i];
      o += p.value.length;
    }
  }

  private ensure(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, 2 * this.cap);
    this.h = this.widths.map((w) => new Float64Array(cap * w));
    this.delta = this.widths.map((w) => new Float64Array(cap * w));
    this.u = this.widths.map((w) => new Float64Array(cap * w));
    this.dbar = this.widths.map((w) => new Float64Array(cap * w));
    this.hbar = this.widths.map((w) => new Float64Array(cap * w));
    const wmax = Math.max(...this.widths);
    this.ubar = new Float64Array(cap * wmax);
    this.zbar = new Float64Array(cap * wmax);
    this.cap = cap;
  }

  /**
   * A and grad_s A at n points s (n x d, radians for periodic CVs). Writes a[i] (n) and grad (n x d)
   * when given; keeps the forward and backward passes for lossGradient.
   */
  evaluate(s: Float64Array, n: number, a: Float64Array | null, grad: Float64Array | null): void {
    this.ensure(n);
    const d = this.d,
      m = this.m,
      L = this.nlayers;
    // features
    const x = this.h[0];
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let k = 0; k < d; k++) {
        const v = s[i * d + k];
        if (this.periodic[k]) {
          x[i * m + c++] = Math.cos(v);
          x[i * m + c++] = Math.sin(v);
        } else x[i * m + c++] = v;
      }
    }
    // forward
    for (let l = 1; l <= L; l++) {
      const wl = this.widths[l],
        hl = this.h[l],
        bl = this.b(l);
      matmul(n, this.widths[l - 1], wl, this.h[l - 1], this.W(l), hl);
      for (let i = 0; i < n; i++) for (let j = 0; j < wl; j++) hl[i * wl + j] = Math.tanh(hl[i * wl + j] + bl[j]);
    }
    const wL = this.widths[L],
      hL = this.h[L],
      wo = this.wo;
    if (a) {
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let j = 0; j < wL; j++) e += hL[i * wL + j] * wo[j];
        a[i] = UNIT_CVT * e;
      }
    }
    // backward: delta_L = c w_o, u_l = delta_l (1 - h_l^2), delta_{l-1} = u_l W_l^T
    const dL = this.delta[L];
    for (let i = 0; i < n; i++) for (let j = 0; j < wL; j++) dL[i * wL + j] = UNIT_CVT * wo[j];
    for (let l = L; l >= 1; l--) {
      const wl = this.widths[l],
        hl = this.h[l],
        dl = this.delta[l],
        ul = this.u[l];
      for (let q = 0; q < n * wl; q++) ul[q] = dl[q] * (1 - hl[q] * hl[q]);
      matmulTB(n, wl, this.widths[l - 1], ul, this.W(l), this.delta[l - 1]);
    }
    if (grad) {
      const g = this.delta[0];
      for (let i = 0; i < n; i++) {
        let c = 0;
        for (let k = 0; k < d; k++) {
          const v = s[i * d + k];
          if (this.periodic[k]) {
            grad[i * d + k] = -Math.sin(v) * g[i * m + c] + Math.cos(v) * g[i * m + c + 1];
            c += 2;
          } else grad[i * d + k] = g[i * m + c++];
        }
      }
    }
  }

  /**
   * Mean-force loss L = (1/n) sum_i |grad_s A(s_i) + F_i|^2 and its parameter gradient, added into
   * params[].grad (scaled by `scale`, e.g. 1). F: n x d mean forces (-grad A). `grad` (n x d) is
   * scratch for grad_s A. With `weight` (n x d) each squared residual is multiplied by its weight,
   * L = (1/n) sum_i sum_k w_ik (d_k A(s_i) + F_ik)^2 (labels weighted by their error bars). Returns L.
   */
  lossGradient(
    s: Float64Array,
    f: Float64Array,
    n: number,
    grad: Float64Array,
    scale = 1,
    weight: Float64Array | null = null,
  ): number {
    this.evaluate(s, n, null, grad);
    const d = this.d,
      m = this.m,
      L = this.nlayers;
    // loss, and gbar = J (2 r / n) into dbar_0
    let loss = 0;
    const g0 = this.dbar[0];
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let k = 0; k < d; k++) {
        const r = grad[i * d + k] + f[i * d + k];
        const w = weight ? weight[i * d + k] : 1;
        loss += w * r * r;
        const rb = (2 * w * r * scale) / n;
        const v = s[i * d + k];
        if (this.periodic[k]) {
          g0[i * m + c++] = -Math.sin(v) * rb;
          g0[i * m + c++] = Math.cos(v) * rb;
        } else g0[i * m + c++] = rb;
      }
    }
    // reverse of the backward pass, l = 1..L
    for (let l = 1; l <= L; l++) {
      const wp = this.widths[l - 1],
        wl = this.widths[l],
        hl = this.h[l],
        dl = this.delta[l],
        ul = this.u[l];
      const ub = this.ubar,
        db = this.dbar[l],
        hb = this.hbar[l];
      matmul(n, wp, wl, this.dbar[l - 1], this.W(l), ub);
      matmulTA(n, wp, wl, this.dbar[l - 1], ul, this.params[2 * (l - 1)].grad, true);
      for (let q = 0; q < n * wl; q++) {
        const t = 1 - hl[q] * hl[q];
        db[q] = ub[q] * t;
        hb[q] = -2 * hl[q] * dl[q] * ub[q];
      }
    }
    const wL = this.widths[L],
      gwo = this.params[this.params.length - 1].grad,
      dbL = this.dbar[L];
    for (let i = 0; i < n; i++) for (let j = 0; j < wL; j++) gwo[j] += UNIT_CVT * dbL[i * wL + j];
    // reverse of the forward pass, l = L..1, with the injected hbar_l
    for (let l = L; l >= 1; l--) {
      const wp = this.widths[l - 1],
        wl = this.widths[l],
        hl = this.h[l],
        hb = this.hbar[l],
        zb = this.zbar;
      const gb = this.params[2 * (l - 1) + 1].grad;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < wl; j++) {
          const q = i * wl + j;
          const z = hb[q] * (1 - hl[q] * hl[q]);
          zb[q] = z;
          gb[j] += z;
        }
      }
      matmulTA(n, wp, wl, this.h[l - 1], zb, this.params[2 * (l - 1)].grad, true);
      if (l > 1) matmulTB(n, wl, wp, zb, this.W(l), this.hbar[l - 1], true);
    }
    return loss / n;
  }
}
