/**
 * Analytic potentials V(phi, psi) on the torus (-pi, pi]^2 for the exact test sampler of RiD: a
 * particle diffusing in V has the free energy surface A = V exactly, so a RiD run can be scored
 * against the truth. Units: kJ/mol, radians.
 *
 * `ala2_like`: a shape like alanine dipeptide's Ramachandran surface in vacuum, built from periodic
 * (von Mises) wells
 *
 *   V = -sum_k h_k exp(a_k (cos(phi - phi_k) - 1) + b_k (cos(psi - psi_k) - 1)) + c (1 + cos phi)
 *
 * with wells named after ala2's conformers (C7eq, C5, alpha_R, C7ax, alpha_L). Measured on the 5 degree
 * grid (minimum, at (-85, 75), shifted to 0), V at the well centres: C7eq 0.3, C5 0.4, alpha_R 8.1,
 * C7ax 11.8, alpha_L 22.5; the lowest passes from phi < 0 to phi > 0 are 23.8 (phi = 120) and
 * 31.2 kJ/mol (phi = 0); the maximum is 36.9 kJ/mol. Pure functions, no allocation: also run by the worker threads.
 */

/** One von Mises well: centre (rad), depth h (kJ/mol), concentrations a (phi) and b (psi). */
export interface TorusWell {
  name: string;
  phi: number;
  psi: number;
  h: number;
  a: number;
  b: number;
}

export interface TorusPotentialSpec {
  name: string;
  wells: TorusWell[];
  /** Coefficient c of c (1 + cos phi) (kJ/mol). */
  cosPhi: number;
}

const deg = Math.PI / 180;

const ALA2_LIKE: TorusPotentialSpec = {
  name: 'ala2_like',
  wells: [
    { name: 'C7eq', phi: -80 * deg, psi: 75 * deg, h: 31, a: 2.5, b: 2.0 },
    { name: 'C5', phi: -155 * deg, psi: 160 * deg, h: 27, a: 2.0, b: 2.0 },
    { name: 'alpha_R', phi: -75 * deg, psi: -40 * deg, h: 24, a: 3.0, b: 2.0 },
    { name: 'C7ax', phi: 65 * deg, psi: -65 * deg, h: 22, a: 3.0, b: 3.0 },
    { name: 'alpha_L', phi: 60 * deg, psi: 40 * deg, h: 12, a: 3.0, b: 2.0 },
  ],
  cosPhi: 5,
};

export const TORUS_POTENTIALS: ReadonlyMap<string, TorusPotentialSpec> = new Map([['ala2_like', ALA2_LIKE]]);

/** Flat parameter table of a spec: [cosPhi, then per well phi, psi, h, a, b] (for worker threads). */
export function potentialTable(spec: TorusPotentialSpec): Float64Array {
  const t = new Float64Array(1 + 5 * spec.wells.length);
  t[0] = spec.cosPhi;
  spec.wells.forEach((w, k) => {
    t.set([w.phi, w.psi, w.h, w.a, w.b], 1 + 5 * k);
  });
  return t;
}

/** V(phi, psi) in kJ/mol; the gradient (dV/dphi, dV/dpsi) into grad[o], grad[o + 1] when given. */
export function torusV(t: Float64Array, phi: number, psi: number, grad: Float64Array | null, o = 0): number {
  let v = t[0] * (1 + Math.cos(phi));
  let gp = -t[0] * Math.sin(phi),
    gs = 0;
  const nw = (t.length - 1) / 5;
  for (let k = 0; k < nw; k++) {
    const q = 1 + 5 * k;
    const dp = phi - t[q],
      ds = psi - t[q + 1],
      h = t[q + 2],
      a = t[q + 3],
      b = t[q + 4];
    const e = h * Math.exp(a * (Math.cos(dp) - 1) + b * (Math.cos(ds) - 1));
    v -= e;
    // d/dphi of -e = e * a sin(dp)
    gp += e * a * Math.sin(dp);
    gs += e * b * Math.sin(ds);
  }
  if (grad) {
    grad[o] = gp;
    grad[o + 1] = gs;
  }
  return v;
}

/** x wrapped into (-pi, pi]. */
export function wrapAngle(x: number): number {
  const twoPi = 2 * Math.PI;
  let y = x - twoPi * Math.floor((x + Math.PI) / twoPi);
  if (y <= -Math.PI) y += twoPi;
  return y;
}
