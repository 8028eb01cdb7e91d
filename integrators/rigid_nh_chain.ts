/**
 * The Nosé-Hoover chain step of LAMMPS's FixRigidNH (nhc_temp_integrate, nhc_press_integrate;
 * Kamberaj et al., J Chem Phys 122, 224114 (2005)), for one chain: t_iter loops of t_order
 * Yoshida-Suzuki sub-steps, each a half update of the chain velocities from the top down, a full
 * update of the positions, the forces, and the velocities again from the bottom up. Velocities are
 * damped by the next link, v ← v s² + dt/2 f s sinh(x)/x with s = exp(−c x), x = dt/4 v_next;
 * c = 1 for the thermostat chains and ½ for the barostat's chain, as LAMMPS has them.
 * eta, etaDot, fEta, q: the chain's positions, velocities, forces and masses (chain length);
 * kt: k_B T_target (energy); wdti1/2/4: w_j dt / t_iter and its halves and quarters.
 */
export function nhChainIntegrate(
  eta: Float64Array,
  etaDot: Float64Array,
  fEta: Float64Array,
  q: Float64Array,
  kt: number,
  wdti1: Float64Array,
  wdti2: Float64Array,
  wdti4: Float64Array,
  tIter: number,
  tOrder: number,
  c: number,
): void {
  const n = eta.length;
  for (let i = 0; i < tIter; i++) {
    for (let j = 0; j < tOrder; j++) {
      etaDot[n - 1] += wdti2[j] * fEta[n - 1];
      for (let k = 1; k < n; k++) {
        const tmp = wdti4[j] * etaDot[n - k];
        const ms = maclaurin(tmp);
        const s = Math.exp(-c * tmp);
        const s2 = s * s;
        etaDot[n - k - 1] = etaDot[n - k - 1] * s2 + wdti2[j] * fEta[n - k - 1] * s * ms;
      }
      for (let k = 0; k < n; k++) eta[k] += wdti1[j] * etaDot[k];
      for (let k = 1; k < n; k++) {
        fEta[k] = q[k - 1] * etaDot[k - 1] * etaDot[k - 1] - kt;
        fEta[k] /= q[k];
      }
      for (let k = 0; k < n - 1; k++) {
        const tmp = wdti4[j] * etaDot[k + 1];
        const ms = maclaurin(tmp);
        const s = Math.exp(-c * tmp);
        const s2 = s * s;
        etaDot[k] = etaDot[k] * s2 + wdti2[j] * fEta[k] * s * ms;
        const t2 = q[k] * etaDot[k] * etaDot[k] - kt;
        fEta[k + 1] = t2 / q[k + 1];
      }
      etaDot[n - 1] += wdti2[j] * fEta[n - 1];
    }
  }
}

/** LAMMPS FixRigidNH::maclaurin_series: sinh(x)/x to x⁸. */
export function maclaurin(x: number): number {
  const x2 = x * x;
  const x4 = x2 * x2;
  return 1.0 + (1.0 / 6.0) * x2 + (1.0 / 120.0) * x4 + (1.0 / 5040.0) * x2 * x4 + (1.0 / 362880.0) * x4 * x4;
}
