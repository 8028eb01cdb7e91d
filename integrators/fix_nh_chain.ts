/**
 * A Nose-Hoover chain of length M (LAMMPS FixNH eta / etap arrays): positions, velocities (with one
 * extra always-zero entry, as in LAMMPS), forces and masses. Velocities in 1/time, masses in
 * energy*time^2.
 */
export class NHChain {
  readonly eta: Float64Array;
  readonly dot: Float64Array;
  readonly dotdot: Float64Array;
  readonly mass: Float64Array;

  constructor(readonly length: number) {
    this.eta = new Float64Array(length);
    this.dot = new Float64Array(length + 1);
    this.dotdot = new Float64Array(length);
    this.mass = new Float64Array(length);
  }

  /** Masses Q_0 = q0, Q_k = q (k > 0) and forces on k > 0 from the current velocities (LAMMPS setup). */
  setMasses(q0: number, q: number, kt: number, forces: boolean): void {
    const m = this.mass,
      d = this.dot;
    m[0] = q0;
    for (let k = 1; k < this.length; k++) m[k] = q;
    if (forces) for (let k = 1; k < this.length; k++) this.dotdot[k] = (m[k - 1] * d[k - 1] * d[k - 1] - kt) / m[k];
  }

  /** acc + chain energy l0kt * eta_0 + kt * sum eta_k + sum 0.5 Q_k eta_dot_k^2 (energy units), summed in LAMMPS's order. */
  energy(acc: number, l0kt: number, kt: number): number {
    const e = this.eta,
      d = this.dot,
      m = this.mass;
    let energy = acc + (l0kt * e[0] + 0.5 * m[0] * d[0] * d[0]);
    for (let k = 1; k < this.length; k++) energy += kt * e[k] + 0.5 * m[k] * d[k] * d[k];
    return energy;
  }

  /**
   * One half step of the chain with nc sub-loops (LAMMPS nhc_temp_integrate / nhc_press_integrate).
   * ke: twice the kinetic energy coupled to the chain head, keTarget its target, kt = k_B T_target.
   * scale(f) rescales the coupled velocities by f and returns the new ke. velocityFirst selects
   * LAMMPS's two orderings: the particle thermostat scales velocities before advancing eta, the
   * barostat thermostat after.
   */
  halfStep(
    ke: number,
    keTarget: number,
    kt: number,
    nc: number,
    dt4: number,
    dt8: number,
    dthalf: number,
    drag: number,
    velocityFirst: boolean,
    scale: (f: number) => number,
  ): void {
    const M = this.length,
      eta = this.eta,
      d = this.dot,
      dd = this.dotdot,
      m = this.mass;
    dd[0] = m[0] > 0.0 ? (ke - keTarget) / m[0] : 0.0;
    const ncfac = 1.0 / nc;
    for (let iloop = 0; iloop < nc; iloop++) {
      let expfac: number;
      for (let ich = M - 1; ich > 0; ich--) {
        expfac = Math.exp(-ncfac * dt8 * d[ich + 1]);
        d[ich] *= expfac;
        d[ich] += dd[ich] * ncfac * dt4;
        d[ich] *= drag;
        d[ich] *= expfac;
      }
      expfac = Math.exp(-ncfac * dt8 * d[1]);
      d[0] *= expfac;
      d[0] += dd[0] * ncfac * dt4;
      d[0] *= drag;
      d[0] *= expfac;
      if (velocityFirst) {
        ke = scale(Math.exp(-ncfac * dthalf * d[0]));
        dd[0] = m[0] > 0.0 ? (ke - keTarget) / m[0] : 0.0;
        for (let ich = 0; ich < M; ich++) eta[ich] += ncfac * dthalf * d[ich];
      } else {
        for (let ich = 0; ich < M; ich++) eta[ich] += ncfac * dthalf * d[ich];
        ke = scale(Math.exp(-ncfac * dthalf * d[0]));
        dd[0] = (ke - keTarget) / m[0];
      }
      d[0] *= expfac;
      d[0] += dd[0] * ncfac * dt4;
      d[0] *= expfac;
      for (let ich = 1; ich < M; ich++) {
        expfac = Math.exp(-ncfac * dt8 * d[ich + 1]);
        d[ich] *= expfac;
        dd[ich] = (m[ich - 1] * d[ich - 1] * d[ich - 1] - kt) / m[ich];
        d[ich] += dd[ich] * ncfac * dt4;
        d[ich] *= expfac;
      }
    }
  }
}
