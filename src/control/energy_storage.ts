import type { Rng } from '../nn/rng.js';
import type { ControlProblem } from './problem.js';

/** Parameters of the multi-device energy-storage problem (units: MWh, MW, $/MWh, hours). */
export interface EnergyStorageSpec {
  /** Number of storage devices n. */
  devices: number;
  /** Horizon T in hours and number of decision steps N. */
  totalTime: number;
  numSteps: number;
  /** Price: mean-reverting around 50 + 20 sin(2 pi (t - 6)/24) with rate priceKappa and volatility priceSigma. */
  priceKappa: number;
  priceSigma: number;
  /** Site demand: mean-reverting around demandLevel * (sum of charge limits) * (1 + 0.5 sin(2 pi (t - 8)/24)). */
  demandLevel: number;
  demandKappa: number;
  demandSigma: number;
  /** Energy sold back to the grid is paid sellRatio * price. */
  sellRatio: number;
  /** Energy left in storage at T is credited at terminalPrice per MWh. */
  terminalPrice: number;
}

export const DEFAULT_ENERGY_STORAGE: Omit<EnergyStorageSpec, 'devices'> = {
  totalTime: 24,
  numSteps: 24,
  priceKappa: 0.5,
  priceSigma: 8,
  demandLevel: 0.3,
  demandKappa: 0.5,
  demandSigma: 0.05,
  sellRatio: 0.8,
  terminalPrice: 40,
};

/**
 * n storage devices serving a site demand with stochastic prices (in the spirit of Han & E 2016, sec. 4.2).
 * State s = (q_1..q_n, P, D): stored energy per device, grid price, site demand (MW).
 * Device i (heterogeneous, deterministic in i): capacity Q_i = 1 + 0.5 (i mod 5), charge/discharge limits
 * C_i = Dmax_i = Q_i (0.25 + 0.05 (i mod 3)) per hour, charging efficiency eta_i = 0.8 + 0.05 (i mod 4).
 * Control u_i (MW, > 0 charge, < 0 discharge) with the constraints built into the parametrisation:
 *   u_i = lo_i + (hi_i - lo_i) sigmoid(o_i),  lo_i = -min(Dmax_i, q_i/dt),  hi_i = min(C_i, (Q_i - q_i)/(eta_i dt)),
 * so 0 <= q_i <= Q_i always. Dynamics q_i' = q_i + dt (eta_i u_i^+ - u_i^-). Grid purchase G = D + sum_i u_i;
 * step cost dt * P * (G if G >= 0 else sellRatio * G). Terminal cost -terminalPrice * sum_i q_i.
 * Price and demand are exogenous Euler-discretised Ornstein-Uhlenbeck processes (their adjoints are zero).
 */
export class EnergyStorage implements ControlProblem {
  readonly name = 'EnergyStorage';
  readonly stateDim: number;
  readonly controlDim: number;
  readonly noiseDim = 2;
  readonly numSteps: number;
  readonly deltaT: number;
  readonly cap: Float64Array;
  readonly chargeMax: Float64Array;
  readonly dischargeMax: Float64Array;
  readonly eta: Float64Array;
  readonly demandScale: number;

  constructor(readonly spec: EnergyStorageSpec) {
    const n = spec.devices;
    this.stateDim = n + 2;
    this.controlDim = n;
    this.numSteps = spec.numSteps;
    this.deltaT = spec.totalTime / spec.numSteps;
    this.cap = new Float64Array(n);
    this.chargeMax = new Float64Array(n);
    this.dischargeMax = new Float64Array(n);
    this.eta = new Float64Array(n);
    let sumC = 0;
    for (let i = 0; i < n; i++) {
      this.cap[i] = 1 + 0.5 * (i % 5);
      this.chargeMax[i] = this.cap[i] * (0.25 + 0.05 * (i % 3));
      this.dischargeMax[i] = this.chargeMax[i];
      this.eta[i] = 0.8 + 0.05 * (i % 4);
      sumC += this.chargeMax[i];
    }
    this.demandScale = spec.demandLevel * sumC;
  }

  /** Mean price at hour t. */
  priceMean(t: number): number {
    return 50 + 20 * Math.sin((2 * Math.PI * (t - 6)) / 24);
  }

  demandMean(t: number): number {
    return this.demandScale * (1 + 0.5 * Math.sin((2 * Math.PI * (t - 8)) / 24));
  }

  /** Devices half full, price and demand at their means at t = 0. */
  initialState(out: Float64Array): void {
    const n = this.spec.devices;
    for (let i = 0; i < n; i++) out[i] = 0.5 * this.cap[i];
    out[n] = this.priceMean(0);
    out[n + 1] = this.demandMean(0);
  }

  sampleNoise(rng: Rng, batch: number, noise: Float64Array): void {
    rng.fillNormal(noise, Math.sqrt(this.deltaT), this.numSteps * batch * 2);
  }

  /** Feasible control bounds for device i at level q, with their q-derivatives. */
  private bounds(i: number, q: number, out: Float64Array): void {
    const dt = this.deltaT;
    const hiB = (this.cap[i] - q) / (this.eta[i] * dt);
    const loB = q / dt;
    if (hiB < this.chargeMax[i]) {
      out[1] = hiB;
      out[3] = -1 / (this.eta[i] * dt);
    } else {
      out[1] = this.chargeMax[i];
      out[3] = 0;
    }
    if (loB < this.dischargeMax[i]) {
      out[0] = -loB;
      out[2] = -1 / dt;
    } else {
      out[0] = -this.dischargeMax[i];
      out[2] = 0;
    }
  }
  private readonly bnd = new Float64Array(4);

  /** Control in MW from raw output o at level q (device i). */
  control(i: number, q: number, o: number): number {
    this.bounds(i, q, this.bnd);
    const sg = 1 / (1 + Math.exp(-o));
    return this.bnd[0] + (this.bnd[1] - this.bnd[0]) * sg;
  }

  /** Advance price and demand: writes P', D' of sample b into sNext. */
  private exogenous(
    n: number,
    s: Float64Array,
    r: number,
    noise: Float64Array,
    no: number,
    sNext: Float64Array,
    rn: number,
  ): void {
    const nd = this.spec.devices,
      dt = this.deltaT,
      t = n * dt,
      sp = this.spec;
    const P = s[r + nd],
      D = s[r + nd + 1];
    sNext[rn + nd] = P + sp.priceKappa * (this.priceMean(t) - P) * dt + sp.priceSigma * noise[no];
    const Dn = D + sp.demandKappa * (this.demandMean(t) - D) * dt + sp.demandSigma * this.demandScale * noise[no + 1];
    sNext[rn + nd + 1] = Dn > 0 ? Dn : 0;
  }

  /** Apply explicit controls u (batch x n, MW, assumed feasible) instead of network outputs: used by baselines. */
  stepWithControls(
    n: number,
    s: Float64Array,
    u: Float64Array,
    noise: Float64Array,
    noiseOff: number,
    batch: number,
    sNext: Float64Array,
    costOut: Float64Array,
  ): void {
    const nd = this.spec.devices,
      ds = this.stateDim,
      dt = this.deltaT;
    for (let b = 0; b < batch; b++) {
      const r = b * ds;
      let G = s[r + nd + 1];
      for (let i = 0; i < nd; i++) {
        const ui = u[b * nd + i];
        G += ui;
        sNext[r + i] = s[r + i] + dt * (ui > 0 ? this.eta[i] * ui : ui);
      }
      const P = s[r + nd];
      costOut[b] = dt * P * (G >= 0 ? G : this.spec.sellRatio * G);
      this.exogenous(n, s, r, noise, noiseOff + b * 2, sNext, r);
    }
  }

  private readonly uBuf = new Map<number, Float64Array>();
  private uFor(batch: number): Float64Array {
    let u = this.uBuf.get(batch);
    if (!u) {
      u = new Float64Array(batch * this.spec.devices);
      this.uBuf.set(batch, u);
    }
    return u;
  }

  step(
    n: number,
    s: Float64Array,
    o: Float64Array,
    noise: Float64Array,
    noiseOff: number,
    batch: number,
    sNext: Float64Array,
    costOut: Float64Array,
  ): void {
    const nd = this.spec.devices,
      ds = this.stateDim;
    const u = this.uFor(batch);
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < nd; i++) u[b * nd + i] = this.control(i, s[b * ds + i], o[b * nd + i]);
    this.stepWithControls(n, s, u, noise, noiseOff, batch, sNext, costOut);
  }

  stepBackward(
    _n: number,
    s: Float64Array,
    o: Float64Array,
    _noise: Float64Array,
    _noiseOff: number,
    batch: number,
    lamNext: Float64Array,
    w: number,
    dS: Float64Array,
    dO: Float64Array,
  ): void {
    const nd = this.spec.devices,
      ds = this.stateDim,
      dt = this.deltaT,
      bnd = this.bnd;
    const u = this.uFor(batch);
    for (let b = 0; b < batch; b++) {
      const r = b * ds;
      let G = s[r + nd + 1];
      for (let i = 0; i < nd; i++) {
        const ui = this.control(i, s[r + i], o[b * nd + i]);
        u[b * nd + i] = ui;
        G += ui;
      }
      const P = s[r + nd];
      const dCostDu = w * dt * P * (G >= 0 ? 1 : this.spec.sellRatio);
      for (let i = 0; i < nd; i++) {
        const q = s[r + i],
          oi = o[b * nd + i],
          ui = u[b * nd + i];
        this.bounds(i, q, bnd);
        const sg = 1 / (1 + Math.exp(-oi));
        const duDo = (bnd[1] - bnd[0]) * sg * (1 - sg);
        const duDq = bnd[2] * (1 - sg) + bnd[3] * sg;
        const dqDu = dt * (ui > 0 ? this.eta[i] : 1);
        const dJdu = dCostDu + lamNext[r + i] * dqDu;
        dO[b * nd + i] = dJdu * duDo;
        dS[r + i] = lamNext[r + i] + dJdu * duDq;
      }
      dS[r + nd] = 0;
      dS[r + nd + 1] = 0;
    }
  }

  terminal(s: Float64Array, batch: number, out: Float64Array, grad: Float64Array | null): void {
    const nd = this.spec.devices,
      ds = this.stateDim,
      c = this.spec.terminalPrice;
    for (let b = 0; b < batch; b++) {
      let q = 0;
      for (let i = 0; i < nd; i++) q += s[b * ds + i];
      out[b] = -c * q;
      if (grad) {
        for (let i = 0; i < nd; i++) grad[b * ds + i] = -c;
        grad[b * ds + nd] = 0;
        grad[b * ds + nd + 1] = 0;
      }
    }
  }
}

/**
 * Baseline: price-band threshold policy. Every device charges at its maximum feasible rate when the current price
 * is below `low`, discharges at its maximum feasible rate when above `high`, and idles otherwise. Returns the
 * per-sample total costs on the given noise (N x batch x 2).
 */
export function thresholdPolicyCosts(
  p: EnergyStorage,
  noise: Float64Array,
  batch: number,
  low: number,
  high: number,
): Float64Array {
  const nd = p.spec.devices,
    ds = p.stateDim,
    N = p.numSteps;
  let s = new Float64Array(batch * ds),
    sn = new Float64Array(batch * ds);
  const s0 = new Float64Array(ds);
  p.initialState(s0);
  for (let b = 0; b < batch; b++) s.set(s0, b * ds);
  const u = new Float64Array(batch * nd),
    cost = new Float64Array(batch),
    total = new Float64Array(batch);
  const big = 50; // sigmoid(+-50) saturates to the feasible bounds
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < batch; b++) {
      const P = s[b * ds + nd];
      const o = P < low ? big : P > high ? -big : NaN;
      for (let i = 0; i < nd; i++) u[b * nd + i] = Number.isNaN(o) ? 0 : p.control(i, s[b * ds + i], o);
    }
    p.stepWithControls(n, s, u, noise, n * batch * 2, batch, sn, cost);
    for (let b = 0; b < batch; b++) total[b] += cost[b];
    const t = s;
    s = sn;
    sn = t;
  }
  p.terminal(s, batch, cost, null);
  for (let b = 0; b < batch; b++) total[b] += cost[b];
  return total;
}

/** Per-sample costs of never using the storage (u = 0), on the given noise. */
export function idlePolicyCosts(p: EnergyStorage, noise: Float64Array, batch: number): Float64Array {
  return thresholdPolicyCosts(p, noise, batch, -Infinity, Infinity);
}
