/**
 * The functions of the Tersoff family (LAMMPS PairTersoff, PairTersoffMOD, PairTersoffMODC,
 * 29 Sep 2021) over one parameter set at offset o of a flat table: cutoff fc, attractive fA, bond
 * order b_ij, angular g and the k-term derivatives. A set with MOD = 1 takes tersoff/mod's forms of
 * fc, b_ij and g (Kumagai, Izumi, Hara and Sakai, Comput. Mater. Sci. 39, 457 (2007)).
 */
/**
 * Fields of one parameter set in the flat table. tersoff fills POWERM..BIGA from its file and
 * C1..C4 with the bounds of b_ij's asymptotic branches; tersoff/mod and tersoff/mod/c (MOD = 1) use
 * POWERM, LAM3, H, POWERN, BETA, LAM2, BIGB, BIGR, BIGD, LAM1, BIGA, POWERN_DEL, MC1..MC5 and C0
 * (mod/c's constant in the repulsive term; 0 otherwise), with C1 and C4 holding LAMMPS's ca1, ca4.
 */
export const POWERM = 0,
  GAMMA = 1,
  LAM3 = 2,
  C = 3,
  D = 4,
  H = 5,
  POWERN = 6,
  BETA = 7,
  LAM2 = 8,
  BIGB = 9,
  BIGR = 10,
  BIGD = 11,
  LAM1 = 12,
  BIGA = 13,
  CUTSQ = 14,
  C1 = 15,
  C2 = 16,
  C3 = 17,
  C4 = 18,
  MOD = 19,
  POWERN_DEL = 20,
  MC1 = 21,
  MC2 = 22,
  MC3 = 23,
  MC4 = 24,
  MC5 = 25,
  C0 = 26,
  NFIELDS = 27;

const MY_PI2 = Math.PI / 2,
  MY_PI4 = Math.PI / 4;
/** Cutoff function fc(r) of parameter set o. */
export function tersFc(r: number, p: Float64Array, o: number): number {
  const R = p[o + BIGR],
    D = p[o + BIGD];
  if (r < R - D) return 1.0;
  if (r > R + D) return 0.0;
  // tersoff/mod: ½ (1 - 9/8 sin(π/2 (r-R)/D) - 1/8 sin(3π/2 (r-R)/D)), smooth to the second derivative.
  if (p[o + MOD] !== 0)
    return 0.5 * (1.0 - 1.125 * Math.sin((MY_PI2 * (r - R)) / D) - 0.125 * Math.sin((3 * MY_PI2 * (r - R)) / D));
  return 0.5 * (1.0 - Math.sin((MY_PI2 * (r - R)) / D));
}

export function tersFcD(r: number, p: Float64Array, o: number): number {
  const R = p[o + BIGR],
    D = p[o + BIGD];
  if (r < R - D) return 0.0;
  if (r > R + D) return 0.0;
  if (p[o + MOD] !== 0)
    return -((0.375 * MY_PI4) / D) * (3 * Math.cos((MY_PI2 * (r - R)) / D) + Math.cos((3 * MY_PI2 * (r - R)) / D));
  return -(MY_PI4 / D) * Math.cos((MY_PI2 * (r - R)) / D);
}

export function tersFa(r: number, p: Float64Array, o: number): number {
  if (r > p[o + BIGR] + p[o + BIGD]) return 0.0;
  return -p[o + BIGB] * Math.exp(-p[o + LAM2] * r) * tersFc(r, p, o);
}

export function tersFaD(r: number, p: Float64Array, o: number): number {
  if (r > p[o + BIGR] + p[o + BIGD]) return 0.0;
  return p[o + BIGB] * Math.exp(-p[o + LAM2] * r) * (p[o + LAM2] * tersFc(r, p, o) - tersFcD(r, p, o));
}

/** b_ij with LAMMPS's asymptotic branches (c1..c4 bound where the series is exact to roundoff). */
export function tersBij(zeta: number, p: Float64Array, o: number): number {
  const tmp = p[o + BETA] * zeta;
  const pn = p[o + POWERN];
  if (p[o + MOD] !== 0) {
    // tersoff/mod: b = (1 + (βζ)^n)^{-1/(2δ)}, its limits above ca1 and below ca4.
    const del = p[o + POWERN_DEL];
    if (tmp > p[o + C1]) return Math.pow(tmp, -pn / (2.0 * del));
    if (tmp < p[o + C4]) return 1.0;
    return Math.pow(1.0 + Math.pow(tmp, pn), -1.0 / (2.0 * del));
  }
  if (tmp > p[o + C1]) return 1.0 / Math.sqrt(tmp);
  if (tmp > p[o + C2]) return (1.0 - Math.pow(tmp, -pn) / (2.0 * pn)) / Math.sqrt(tmp);
  if (tmp < p[o + C4]) return 1.0;
  if (tmp < p[o + C3]) return 1.0 - Math.pow(tmp, pn) / (2.0 * pn);
  return Math.pow(1.0 + Math.pow(tmp, pn), -1.0 / (2.0 * pn));
}

export function tersBijD(zeta: number, p: Float64Array, o: number): number {
  const beta = p[o + BETA];
  const tmp = beta * zeta;
  const pn = p[o + POWERN];
  if (p[o + MOD] !== 0) {
    const del = p[o + POWERN_DEL];
    if (tmp > p[o + C1]) return (-0.5 * (pn / del) * Math.pow(tmp, -0.5 * (pn / del))) / zeta;
    if (tmp < p[o + C4]) return 0.0;
    const tmpN = Math.pow(tmp, pn);
    return (-0.5 * (pn / del) * Math.pow(1.0 + tmpN, -1.0 - 1.0 / (2.0 * del)) * tmpN) / zeta;
  }
  if (tmp > p[o + C1]) return beta * -0.5 * Math.pow(tmp, -1.5);
  if (tmp > p[o + C2])
    return beta * (-0.5 * Math.pow(tmp, -1.5) * (1.0 - (1.0 + 1.0 / (2.0 * pn)) * Math.pow(tmp, -pn)));
  if (tmp < p[o + C4]) return 0.0;
  if (tmp < p[o + C3]) return -0.5 * beta * Math.pow(tmp, pn - 1.0);
  const tmpN = Math.pow(tmp, pn);
  return (-0.5 * Math.pow(1.0 + tmpN, -1.0 - 1.0 / (2.0 * pn)) * tmpN) / zeta;
}

export function tersGijk(costheta: number, p: Float64Array, o: number): number {
  if (p[o + MOD] !== 0) {
    // tersoff/mod: g = c1 + c2 (h - cos θ)² / (c3 + (h - cos θ)²) (1 + c4 exp(-c5 (h - cos θ)²)).
    const tmpH = (p[o + H] - costheta) * (p[o + H] - costheta);
    return p[o + MC1] + ((p[o + MC2] * tmpH) / (p[o + MC3] + tmpH)) * (1.0 + p[o + MC4] * Math.exp(-p[o + MC5] * tmpH));
  }
  const c = p[o + C] * p[o + C];
  const d = p[o + D] * p[o + D];
  const hcth = p[o + H] - costheta;
  return p[o + GAMMA] * (1.0 + c / d - c / (d + hcth * hcth));
}

export function tersGijkD(costheta: number, p: Float64Array, o: number): number {
  if (p[o + MOD] !== 0) {
    const tmpH = (p[o + H] - costheta) * (p[o + H] - costheta);
    const g1 = (p[o + H] - costheta) / (p[o + MC3] + tmpH);
    const g2 = Math.exp(-p[o + MC5] * tmpH);
    return (
      -2.0 *
      p[o + MC2] *
      g1 *
      ((1 + p[o + MC4] * g2) * (1 + g1 * (costheta - p[o + H])) - tmpH * p[o + MC4] * p[o + MC5] * g2)
    );
  }
  const c = p[o + C] * p[o + C];
  const d = p[o + D] * p[o + D];
  const hcth = p[o + H] - costheta;
  const numerator = -2.0 * c * hcth;
  const denominator = 1.0 / (d + hcth * hcth);
  return p[o + GAMMA] * numerator * denominator * denominator;
}

/** exp(λ3^m (r_ij - r_ik)^m), clamped as LAMMPS (1e30 above, 0 below ±69.0776). */
export function exDelrOf(p: Float64Array, o: number, rij: number, rik: number): number {
  const arg = p[o + POWERM] === 3 ? cube(p[o + LAM3] * (rij - rik)) : p[o + LAM3] * (rij - rik);
  if (arg > 69.0776) return 1.0e30;
  if (arg < -69.0776) return 0.0;
  return Math.exp(arg);
}

function cube(v: number): number {
  return v * v * v;
}

/**
 * attractive() + ters_zetaterm_d(): forces on i, j, k from the k term of ζ_ij, times prefactor =
 * -½ fA(r_ij) db_ij/dζ (LAMMPS's operation order; r̂ are unit vectors, rinv corrected for shift).
 */
export function attractive(
  p: Float64Array,
  o: number,
  prefactor: number,
  rsqij: number,
  rsqik: number,
  hjx: number,
  hjy: number,
  hjz: number,
  hkx: number,
  hky: number,
  hkz: number,
  shiftFlag: boolean,
  shift: number,
  dri: Float64Array,
  drj: Float64Array,
  drk: Float64Array,
): void {
  const rij = Math.sqrt(rsqij);
  const rik = Math.sqrt(rsqik);
  const rijinv = shiftFlag ? 1.0 / (rij - shift) : 1.0 / rij;
  const rikinv = shiftFlag ? 1.0 / (rik - shift) : 1.0 / rik;
  const fc = tersFc(rik, p, o);
  const dfc = tersFcD(rik, p, o);
  const m3 = p[o + POWERM] === 3;
  const lam3 = p[o + LAM3];
  const tmp = m3 ? cube(lam3 * (rij - rik)) : lam3 * (rij - rik);
  let exDelr: number;
  if (tmp > 69.0776) exDelr = 1.0e30;
  else if (tmp < -69.0776) exDelr = 0.0;
  else exDelr = Math.exp(tmp);
  const exDelrD = m3 ? 3.0 * cube(lam3) * ((rij - rik) * (rij - rik)) * exDelr : lam3 * exDelr;
  const cosTheta = hjx * hkx + hjy * hky + hjz * hkz;
  const gijk = tersGijk(cosTheta, p, o);
  const gijkD = tersGijkD(cosTheta, p, o);
  // costheta_d: dcos/drj = (r̂k - cos r̂j)/rij, dcos/drk = (r̂j - cos r̂k)/rik, dcos/dri = -(both).
  const cjx = (-cosTheta * hjx + hkx) * rijinv,
    cjy = (-cosTheta * hjy + hky) * rijinv,
    cjz = (-cosTheta * hjz + hkz) * rijinv;
  const ckx = (-cosTheta * hkx + hjx) * rikinv,
    cky = (-cosTheta * hky + hjy) * rikinv,
    ckz = (-cosTheta * hkz + hjz) * rikinv;
  const cix = -(cjx + ckx),
    ciy = -(cjy + cky),
    ciz = -(cjz + ckz);
  const a = -dfc * gijk * exDelr,
    b = fc * gijkD * exDelr,
    c = fc * gijk * exDelrD;
  // dri = a r̂k + b dcos/dri + c r̂k - c r̂j, in LAMMPS's order of additions.
  dri[0] = prefactor * (-c * hjx + (c * hkx + (b * cix + a * hkx)));
  dri[1] = prefactor * (-c * hjy + (c * hky + (b * ciy + a * hky)));
  dri[2] = prefactor * (-c * hjz + (c * hkz + (b * ciz + a * hkz)));
  drj[0] = prefactor * (c * hjx + b * cjx);
  drj[1] = prefactor * (c * hjy + b * cjy);
  drj[2] = prefactor * (c * hjz + b * cjz);
  drk[0] = prefactor * (-c * hkx + (b * ckx + -a * hkx));
  drk[1] = prefactor * (-c * hky + (b * cky + -a * hky));
  drk[2] = prefactor * (-c * hkz + (b * ckz + -a * hkz));
}
