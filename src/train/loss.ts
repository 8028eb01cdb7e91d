/**
 * DeePMD-kit's `ener` loss. For a batch of B frames of one system with N atoms:
 *   L = pe/N * mean_b (E_b - E*_b)^2 + pf * mean_{b,k} (F - F*)^2 + pv/N * mean_{b,ab} (W - W*)^2
 * (a term is dropped when the data has no such label: DeePMD-kit's find_energy/find_force/find_virial),
 * with the prefactors moved from start to limit with the learning rate:
 *   p(lr) = limit + (start - limit) * lr / start_lr.
 * Reported (lcurve.out): rmse = sqrt(L), rmse_e = sqrt(mean (E - E*)^2) / N (eV/atom),
 * rmse_f = sqrt(mean (F - F*)^2) (eV/Å), rmse_v = sqrt(mean (W - W*)^2) / N (eV/atom).
 */
export interface LossConfig {
  startPrefE: number;
  limitPrefE: number;
  startPrefF: number;
  limitPrefF: number;
  startPrefV: number;
  limitPrefV: number;
}

export interface Prefactors {
  pe: number;
  pf: number;
  pv: number;
}

export function prefactors(c: LossConfig, lr: number, startLr: number): Prefactors {
  const k = lr / startLr;
  return {
    pe: c.limitPrefE + (c.startPrefE - c.limitPrefE) * k,
    pf: c.limitPrefF + (c.startPrefF - c.limitPrefF) * k,
    pv: c.limitPrefV + (c.startPrefV - c.limitPrefV) * k,
  };
}

/** Sums of squared errors of a batch and which labels it has. */
export interface ErrorSums {
  nframes: number;
  natoms: number;
  /** sum_b (E - E*)^2, sum (F - F*)^2 over B x 3N, sum (W - W*)^2 over B x 9. */
  se: number;
  sf: number;
  sv: number;
  hasE: boolean;
  hasF: boolean;
  hasV: boolean;
}

export interface LossValues {
  loss: number;
  rmseE: number;
  rmseF: number;
  rmseV: number;
}

export function lossValues(s: ErrorSums, p: Prefactors): LossValues {
  const B = s.nframes,
    N = s.natoms;
  const l2e = s.se / B,
    l2f = s.sf / (3 * N * B),
    l2v = s.sv / (9 * B);
  let loss = 0;
  if (s.hasE) loss += (p.pe / N) * l2e;
  if (s.hasF) loss += p.pf * l2f;
  if (s.hasV) loss += (p.pv / N) * l2v;
  return {
    loss,
    rmseE: s.hasE ? Math.sqrt(l2e) / N : NaN,
    rmseF: s.hasF ? Math.sqrt(l2f) : NaN,
    rmseV: s.hasV ? Math.sqrt(l2v) / N : NaN,
  };
}

/**
 * Seeds of one frame: dL/dE, dL/dF (nloc x 3, written into u) and dL/dW (9, into V), for a batch of
 * B frames of N atoms. Returns dL/dE.
 */
export function lossSeeds(
  p: Prefactors,
  B: number,
  N: number,
  has: { e: boolean; f: boolean; v: boolean },
  E: number,
  Estar: number,
  F: Float64Array,
  Fstar: Float64Array | null,
  W: Float64Array,
  Wstar: Float64Array | null,
  u: Float64Array,
  V: Float64Array,
): number {
  u.fill(0);
  V.fill(0);
  if (has.f && Fstar) {
    const c = (2 * p.pf) / (3 * N * B);
    for (let k = 0; k < 3 * N; k++) u[k] = c * (F[k] - Fstar[k]);
  }
  if (has.v && Wstar) {
    const c = (2 * p.pv) / (N * 9 * B);
    for (let k = 0; k < 9; k++) V[k] = c * (W[k] - Wstar[k]);
  }
  return has.e ? ((2 * p.pe) / (N * B)) * (E - Estar) : 0;
}
