/**
 * Collective variables for holonomic constraints (fix cv/constraint, the blue-moon estimator): a CV
 * ξ(p) of k atoms with its gradient g = ∇ξ and the Hessian applied to a vector, H·u. The blue-moon
 * mean force needs the curvature term uᵀHu along u = M⁻¹∇ξ, so each CV carries the tangent
 * (directional derivative) of its gradient code, written by hand line by line: exact, no finite
 * differences.
 *
 * Positions p are the k atoms' coordinates unwrapped into one image (p_j = p_{j-1} + minimum image
 * of x_j − x_{j-1}), flat k x 3. Units: p in length, ξ in the CV's unit (rad for a torsion, length for a
 * distance), g in CV/length, H·u in CV/length².
 */
export interface ConstraintCv {
  /** `torsion` or `distance` (the fix keyword). */
  readonly kind: string;
  /** Number of atoms k. */
  readonly natoms: number;
  /** Periodic with period 2π (angles): differences are wrapped into (−π, π]. */
  readonly periodic: boolean;
  /** ξ(p); writes g = ∇ξ (k x 3). */
  gradient(p: Float64Array, g: Float64Array): number;
  /** Writes hu = H(p)·u (k x 3), the derivative of ∇ξ along u. */
  hessianTimes(p: Float64Array, u: Float64Array, hu: Float64Array): void;
}

/** x wrapped into (−π, π]. */
export function wrapPi(x: number): number {
  const t = 2 * Math.PI;
  let y = x - t * Math.round(x / t);
  if (y <= -Math.PI) y += t;
  return y;
}

/**
 * Dihedral angle of atoms a, b, c, d (IUPAC sign, in (−π, π], the same as src/plumed/torsion.ts and
 * LAMMPS's dihedrals). With b1 = p_b − p_a, b2 = p_c − p_b, b3 = p_d − p_c, n1 = b1×b2, n2 = b2×b3, L = |b2|:
 *   φ = atan2(L b1·n2, n1·n2)
 *   g_a = −L n1/|n1|²,  g_d = L n2/|n2|²
 *   g_b = −(1 + c12) g_a + c32 g_d,  g_c = −(1 + c32) g_d + c12 g_a,  c12 = b1·b2/L², c32 = b3·b2/L².
 * hessianTimes differentiates every one of these lines along the displacement u (δb1 = u_b − u_a, ...).
 */
export class TorsionCv implements ConstraintCv {
  readonly kind = 'torsion';
  readonly natoms = 4;
  readonly periodic = true;

  gradient(p: Float64Array, g: Float64Array): number {
    return torsionKernel(p, null, g, null);
  }

  hessianTimes(p: Float64Array, u: Float64Array, hu: Float64Array): void {
    torsionKernel(p, u, null, hu);
  }
}

const cross = (ax: number, ay: number, az: number, bx: number, by: number, bz: number, o: Float64Array, k: number) => {
  o[k] = ay * bz - az * by;
  o[k + 1] = az * bx - ax * bz;
  o[k + 2] = ax * by - ay * bx;
};

// scratch: b1 b2 b3 n1 n2 (values), db1 db2 db3 dn1 dn2 (tangents), ga gd dga dgd
const T = new Float64Array(14 * 3);

function torsionKernel(
  p: Float64Array,
  u: Float64Array | null,
  g: Float64Array | null,
  hu: Float64Array | null,
): number {
  for (let c = 0; c < 3; c++) {
    T[c] = p[3 + c] - p[c];
    T[3 + c] = p[6 + c] - p[3 + c];
    T[6 + c] = p[9 + c] - p[6 + c];
  }
  cross(T[0], T[1], T[2], T[3], T[4], T[5], T, 9); // n1 = b1 × b2
  cross(T[3], T[4], T[5], T[6], T[7], T[8], T, 12); // n2 = b2 × b3
  const dot = (i: number, j: number) => T[i] * T[j] + T[i + 1] * T[j + 1] + T[i + 2] * T[j + 2];
  const lsq = dot(3, 3);
  const L = Math.sqrt(lsq);
  const n1sq = dot(9, 9);
  const n2sq = dot(12, 12);
  const phi = Math.atan2(L * dot(0, 12), dot(9, 12));
  if (!(n1sq > 0 && n2sq > 0 && lsq > 0))
    throw new Error('torsion constraint: collinear atoms (the dihedral is undefined)');
  const fa = -L / n1sq;
  const fd = L / n2sq;
  const c12 = dot(0, 3) / lsq;
  const c32 = dot(6, 3) / lsq;
  if (g) {
    for (let c = 0; c < 3; c++) {
      const ga = fa * T[9 + c];
      const gd = fd * T[12 + c];
      g[c] = ga;
      g[3 + c] = -(1 + c12) * ga + c32 * gd;
      g[6 + c] = -(1 + c32) * gd + c12 * ga;
      g[9 + c] = gd;
    }
  }
  if (u && hu) {
    // tangents of b1, b2, b3 at offsets 15, 18, 21; of n1, n2 at 24, 27
    for (let c = 0; c < 3; c++) {
      T[15 + c] = u[3 + c] - u[c];
      T[18 + c] = u[6 + c] - u[3 + c];
      T[21 + c] = u[9 + c] - u[6 + c];
    }
    // δn1 = δb1 × b2 + b1 × δb2 ; δn2 = δb2 × b3 + b2 × δb3
    cross(T[15], T[16], T[17], T[3], T[4], T[5], T, 24);
    cross(T[0], T[1], T[2], T[18], T[19], T[20], T, 30);
    cross(T[18], T[19], T[20], T[6], T[7], T[8], T, 27);
    cross(T[3], T[4], T[5], T[21], T[22], T[23], T, 33);
    for (let c = 0; c < 3; c++) {
      T[24 + c] += T[30 + c];
      T[27 + c] += T[33 + c];
    }
    const dL = dot(3, 18) / L; // δ|b2| = b2·δb2 / L
    const dn1sq = 2 * dot(9, 24);
    const dn2sq = 2 * dot(12, 27);
    const dfa = -dL / n1sq + (L * dn1sq) / (n1sq * n1sq);
    const dfd = dL / n2sq - (L * dn2sq) / (n2sq * n2sq);
    const dlsq = 2 * dot(3, 18);
    const dc12 = (dot(15, 3) + dot(0, 18)) / lsq - (c12 * dlsq) / lsq;
    const dc32 = (dot(21, 3) + dot(6, 18)) / lsq - (c32 * dlsq) / lsq;
    for (let c = 0; c < 3; c++) {
      const ga = fa * T[9 + c];
      const gd = fd * T[12 + c];
      const dga = dfa * T[9 + c] + fa * T[24 + c];
      const dgd = dfd * T[12 + c] + fd * T[27 + c];
      hu[c] = dga;
      hu[3 + c] = -dc12 * ga - (1 + c12) * dga + dc32 * gd + c32 * dgd;
      hu[6 + c] = -dc32 * gd - (1 + c32) * dgd + dc12 * ga + c12 * dga;
      hu[9 + c] = dgd;
    }
  }
  return phi;
}

/**
 * Distance r = |p_b − p_a|: g_b = r̂ = −g_a, and H·u on atom b = (δd − r̂(r̂·δd))/r with δd = u_b − u_a
 * (the projection perpendicular to the bond over r), the negative on atom a.
 */
export class DistanceCv implements ConstraintCv {
  readonly kind = 'distance';
  readonly natoms = 2;
  readonly periodic = false;

  gradient(p: Float64Array, g: Float64Array): number {
    const dx = p[3] - p[0],
      dy = p[4] - p[1],
      dz = p[5] - p[2];
    const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (!(r > 0)) throw new Error('distance constraint: the two atoms coincide');
    g[3] = dx / r;
    g[4] = dy / r;
    g[5] = dz / r;
    g[0] = -g[3];
    g[1] = -g[4];
    g[2] = -g[5];
    return r;
  }

  hessianTimes(p: Float64Array, u: Float64Array, hu: Float64Array): void {
    const dx = p[3] - p[0],
      dy = p[4] - p[1],
      dz = p[5] - p[2];
    const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const ex = dx / r,
      ey = dy / r,
      ez = dz / r;
    const ux = u[3] - u[0],
      uy = u[4] - u[1],
      uz = u[5] - u[2];
    const par = ex * ux + ey * uy + ez * uz;
    hu[3] = (ux - ex * par) / r;
    hu[4] = (uy - ey * par) / r;
    hu[5] = (uz - ez * par) / r;
    hu[0] = -hu[3];
    hu[1] = -hu[4];
    hu[2] = -hu[5];
  }
}
