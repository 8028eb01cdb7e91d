/**
 * The rigid-body algebra of LAMMPS's MathExtra (math_extra.cpp/.h) that fix rigid uses, on flat
 * Float64Arrays with offsets (body b's 3-vectors at 3b, quaternions at 4b). Quaternions are
 * (w, i, j, k); ex, ey, ez are the columns of the rotation matrix P from body to space frame.
 * Operation order follows LAMMPS's so the numbers are its numbers.
 */

/** q /= |q| (MathExtra::qnormalize: multiplies by 1/sqrt). */
export function qnormalize(q: Float64Array, o: number): void {
  const norm = 1.0 / Math.sqrt(q[o] * q[o] + q[o + 1] * q[o + 1] + q[o + 2] * q[o + 2] + q[o + 3] * q[o + 3]);
  q[o] *= norm;
  q[o + 1] *= norm;
  q[o + 2] *= norm;
  q[o + 3] *= norm;
}

/** c = (0, a) * b (MathExtra::vecquat): a 3-vector, b and c quaternions. */
export function vecquat(a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number): void {
  const a0 = a[ao],
    a1 = a[ao + 1],
    a2 = a[ao + 2];
  const b0 = b[bo],
    b1 = b[bo + 1],
    b2 = b[bo + 2],
    b3 = b[bo + 3];
  c[co] = -a0 * b1 - a1 * b2 - a2 * b3;
  c[co + 1] = b0 * a0 + a1 * b3 - a2 * b2;
  c[co + 2] = b0 * a1 + a2 * b1 - a0 * b3;
  c[co + 3] = b0 * a2 + a0 * b2 - a1 * b1;
}

/** c = a * (0, b) (MathExtra::quatvec): a quaternion, b a 3-vector, c a quaternion. */
export function quatvec(a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number): void {
  const a0 = a[ao],
    a1 = a[ao + 1],
    a2 = a[ao + 2],
    a3 = a[ao + 3];
  const b0 = b[bo],
    b1 = b[bo + 1],
    b2 = b[bo + 2];
  c[co] = -a1 * b0 - a2 * b1 - a3 * b2;
  c[co + 1] = a0 * b0 + a2 * b2 - a3 * b1;
  c[co + 2] = a0 * b1 + a3 * b0 - a1 * b2;
  c[co + 3] = a0 * b2 + a1 * b1 - a2 * b0;
}

/** c = inv(a) * b, the vector part (MathExtra::invquatvec): a, b quaternions, c a 3-vector. */
export function invquatvec(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  c: Float64Array,
  co: number,
): void {
  const a0 = a[ao],
    a1 = a[ao + 1],
    a2 = a[ao + 2],
    a3 = a[ao + 3];
  const b0 = b[bo],
    b1 = b[bo + 1],
    b2 = b[bo + 2],
    b3 = b[bo + 3];
  c[co] = -a1 * b0 + a0 * b1 + a3 * b2 - a2 * b3;
  c[co + 1] = -a2 * b0 - a3 * b1 + a0 * b2 + a1 * b3;
  c[co + 2] = -a3 * b0 + a2 * b1 - a1 * b2 + a0 * b3;
}

/** ans = P v with P's columns ex, ey, ez (MathExtra::matvec(ex,ey,ez,v,ans)). ans may not alias v. */
export function matvecCols(
  ex: Float64Array,
  ey: Float64Array,
  ez: Float64Array,
  o: number,
  v: ArrayLike<number>,
  vo: number,
  ans: Float64Array,
  ao: number,
): void {
  const v0 = v[vo],
    v1 = v[vo + 1],
    v2 = v[vo + 2];
  ans[ao] = ex[o] * v0 + ey[o] * v1 + ez[o] * v2;
  ans[ao + 1] = ex[o + 1] * v0 + ey[o + 1] * v1 + ez[o + 1] * v2;
  ans[ao + 2] = ex[o + 2] * v0 + ey[o + 2] * v1 + ez[o + 2] * v2;
}

/** ans = Pᵀ v with P's columns ex, ey, ez (MathExtra::transpose_matvec(ex,ey,ez,v,ans)). */
export function transposeMatvecCols(
  ex: Float64Array,
  ey: Float64Array,
  ez: Float64Array,
  o: number,
  v: ArrayLike<number>,
  vo: number,
  ans: Float64Array,
  ao: number,
): void {
  const v0 = v[vo],
    v1 = v[vo + 1],
    v2 = v[vo + 2];
  ans[ao] = ex[o] * v0 + ex[o + 1] * v1 + ex[o + 2] * v2;
  ans[ao + 1] = ey[o] * v0 + ey[o + 1] * v1 + ey[o + 2] * v2;
  ans[ao + 2] = ez[o] * v0 + ez[o + 1] * v1 + ez[o + 2] * v2;
}

/**
 * Space-frame angular velocity from space-frame angular momentum m (MathExtra::angmom_to_omega):
 * w_body = (Pᵀ m) / I_diag (0 where a principal moment is 0), w = P w_body.
 */
export function angmomToOmega(
  m: Float64Array,
  ex: Float64Array,
  ey: Float64Array,
  ez: Float64Array,
  idiag: Float64Array,
  o: number,
  w: Float64Array,
): void {
  const m0 = m[o],
    m1 = m[o + 1],
    m2 = m[o + 2];
  const w0 = idiag[o] === 0.0 ? 0.0 : (m0 * ex[o] + m1 * ex[o + 1] + m2 * ex[o + 2]) / idiag[o];
  const w1 = idiag[o + 1] === 0.0 ? 0.0 : (m0 * ey[o] + m1 * ey[o + 1] + m2 * ey[o + 2]) / idiag[o + 1];
  const w2 = idiag[o + 2] === 0.0 ? 0.0 : (m0 * ez[o] + m1 * ez[o + 1] + m2 * ez[o + 2]) / idiag[o + 2];
  w[o] = w0 * ex[o] + w1 * ey[o] + w2 * ez[o];
  w[o + 1] = w0 * ex[o + 1] + w1 * ey[o + 1] + w2 * ez[o + 1];
  w[o + 2] = w0 * ex[o + 2] + w1 * ey[o + 2] + w2 * ez[o + 2];
}

/** Rotation matrix of quaternion q, row-major into mat[9] (MathExtra::quat_to_mat). */
export function quatToMat(q: Float64Array, o: number, mat: Float64Array): void {
  const w2 = q[o] * q[o];
  const i2 = q[o + 1] * q[o + 1];
  const j2 = q[o + 2] * q[o + 2];
  const k2 = q[o + 3] * q[o + 3];
  const twoij = 2.0 * q[o + 1] * q[o + 2];
  const twoik = 2.0 * q[o + 1] * q[o + 3];
  const twojk = 2.0 * q[o + 2] * q[o + 3];
  const twoiw = 2.0 * q[o + 1] * q[o];
  const twojw = 2.0 * q[o + 2] * q[o];
  const twokw = 2.0 * q[o + 3] * q[o];
  mat[0] = w2 + i2 - j2 - k2;
  mat[1] = twoij - twokw;
  mat[2] = twojw + twoik;
  mat[3] = twoij + twokw;
  mat[4] = w2 - i2 + j2 - k2;
  mat[5] = twojk - twoiw;
  mat[6] = twoik - twojw;
  mat[7] = twojk + twoiw;
  mat[8] = w2 - i2 - j2 + k2;
}

/**
 * Body-frame angular velocity from space-frame angular momentum m and quaternion q: Rᵀ m / I
 * (0 where a moment is 0), as MathExtra::mq_to_omega computes it before rotating back; mat is
 * scratch (9), wb receives 3 values.
 */
export function mqToOmegaBody(
  m: Float64Array,
  mo: number,
  q: Float64Array,
  qo: number,
  moments: Float64Array,
  io: number,
  mat: Float64Array,
  wb: Float64Array,
): void {
  quatToMat(q, qo, mat);
  const m0 = m[mo],
    m1 = m[mo + 1],
    m2 = m[mo + 2];
  wb[0] = mat[0] * m0 + mat[3] * m1 + mat[6] * m2;
  wb[1] = mat[1] * m0 + mat[4] * m1 + mat[7] * m2;
  wb[2] = mat[2] * m0 + mat[5] * m1 + mat[8] * m2;
  wb[0] = moments[io] === 0.0 ? 0.0 : wb[0] / moments[io];
  wb[1] = moments[io + 1] === 0.0 ? 0.0 : wb[1] / moments[io + 1];
  wb[2] = moments[io + 2] === 0.0 ? 0.0 : wb[2] / moments[io + 2];
}

/** Space-frame omega from angular momentum and quaternion (MathExtra::mq_to_omega); w gets 3 values at 0. */
function mqToOmega(
  m: Float64Array,
  mo: number,
  q: Float64Array,
  qo: number,
  moments: Float64Array,
  io: number,
  mat: Float64Array,
  wb: Float64Array,
  w: Float64Array,
): void {
  mqToOmegaBody(m, mo, q, qo, moments, io, mat, wb);
  w[0] = mat[0] * wb[0] + mat[1] * wb[1] + mat[2] * wb[2];
  w[1] = mat[3] * wb[0] + mat[4] * wb[1] + mat[5] * wb[2];
  w[2] = mat[6] * wb[0] + mat[7] * wb[1] + mat[8] * wb[2];
}

/** Scratch for richardson (module-level: fix rigid runs on the main thread only). */
const RS = {
  wq: new Float64Array(4),
  qfull: new Float64Array(4),
  qhalf: new Float64Array(4),
  w: new Float64Array(3),
  mat: new Float64Array(9),
  wb: new Float64Array(3),
};

/**
 * Richardson iteration for dq/dt = ½ w q (MathExtra::richardson): a full step and two half steps
 * (omega recomputed from m at the midpoint quaternion), q = 2 q_half − q_full, normalised.
 * q (4 at qo), m and w (3 at o, w updated to the midpoint omega), moments (3 at o), dtq = dt/2.
 */
export function richardson(
  q: Float64Array,
  qo: number,
  m: Float64Array,
  w: Float64Array,
  moments: Float64Array,
  o: number,
  dtq: number,
): void {
  const { wq, qfull, qhalf, mat, wb } = RS;
  vecquat(w, o, q, qo, wq, 0);
  for (let k = 0; k < 4; k++) qfull[k] = q[qo + k] + dtq * wq[k];
  qnormalize(qfull, 0);
  for (let k = 0; k < 4; k++) qhalf[k] = q[qo + k] + 0.5 * dtq * wq[k];
  qnormalize(qhalf, 0);
  const wn = RS.w;
  mqToOmega(m, o, qhalf, 0, moments, o, mat, wb, wn);
  w[o] = wn[0];
  w[o + 1] = wn[1];
  w[o + 2] = wn[2];
  vecquat(w, o, qhalf, 0, wq, 0);
  for (let k = 0; k < 4; k++) qhalf[k] += 0.5 * dtq * wq[k];
  qnormalize(qhalf, 0);
  for (let k = 0; k < 4; k++) q[qo + k] = 2.0 * qhalf[k] - qfull[k];
  qnormalize(q, qo);
}

const NS = { kp: new Float64Array(4), kq: new Float64Array(4) };

/**
 * One NO_SQUISH free-rotor sub-step about body axis k = 1, 2, 3 (Miller et al., J Chem Phys 116,
 * 8649 (2002); MathExtra::no_squish_rotate): permute p and q, φ = p·(P_k q) / (4 I_k), rotate
 * (p, q) by the angle dt φ. p = conjugate quaternion momentum, q = quaternion (4 at o4), inertia at o3.
 */
export function noSquishRotate(
  k: 1 | 2 | 3,
  p: Float64Array,
  q: Float64Array,
  o4: number,
  inertia: Float64Array,
  o3: number,
  dt: number,
): void {
  const { kp, kq } = NS;
  const p0 = p[o4],
    p1 = p[o4 + 1],
    p2 = p[o4 + 2],
    p3 = p[o4 + 3];
  const q0 = q[o4],
    q1 = q[o4 + 1],
    q2 = q[o4 + 2],
    q3 = q[o4 + 3];
  if (k === 1) {
    kq[0] = -q1;
    kp[0] = -p1;
    kq[1] = q0;
    kp[1] = p0;
    kq[2] = q3;
    kp[2] = p3;
    kq[3] = -q2;
    kp[3] = -p2;
  } else if (k === 2) {
    kq[0] = -q2;
    kp[0] = -p2;
    kq[1] = -q3;
    kp[1] = -p3;
    kq[2] = q0;
    kp[2] = p0;
    kq[3] = q1;
    kp[3] = p1;
  } else {
    kq[0] = -q3;
    kp[0] = -p3;
    kq[1] = q2;
    kp[1] = p2;
    kq[2] = -q1;
    kp[2] = -p1;
    kq[3] = q0;
    kp[3] = p0;
  }
  let phi = p0 * kq[0] + p1 * kq[1] + p2 * kq[2] + p3 * kq[3];
  if (inertia[o3 + k - 1] === 0.0) phi = 0.0;
  else phi /= 4.0 * inertia[o3 + k - 1];
  const c = Math.cos(dt * phi);
  const s = Math.sin(dt * phi);
  p[o4] = c * p0 + s * kp[0];
  p[o4 + 1] = c * p1 + s * kp[1];
  p[o4 + 2] = c * p2 + s * kp[2];
  p[o4 + 3] = c * p3 + s * kp[3];
  q[o4] = c * q0 + s * kq[0];
  q[o4 + 1] = c * q1 + s * kq[1];
  q[o4 + 2] = c * q2 + s * kq[2];
  q[o4 + 3] = c * q3 + s * kq[3];
}

/** Unit quaternion from the principal axes ex, ey, ez (3 at o) into q (4 at qo) (MathExtra::exyz_to_q). */
export function exyzToQ(
  ex: Float64Array,
  ey: Float64Array,
  ez: Float64Array,
  o: number,
  q: Float64Array,
  qo: number,
): void {
  const q0sq = 0.25 * (ex[o] + ey[o + 1] + ez[o + 2] + 1.0);
  const q1sq = q0sq - 0.5 * (ey[o + 1] + ez[o + 2]);
  const q2sq = q0sq - 0.5 * (ex[o] + ez[o + 2]);
  const q3sq = q0sq - 0.5 * (ex[o] + ey[o + 1]);
  if (q0sq >= 0.25) {
    q[qo] = Math.sqrt(q0sq);
    q[qo + 1] = (ey[o + 2] - ez[o + 1]) / (4.0 * q[qo]);
    q[qo + 2] = (ez[o] - ex[o + 2]) / (4.0 * q[qo]);
    q[qo + 3] = (ex[o + 1] - ey[o]) / (4.0 * q[qo]);
  } else if (q1sq >= 0.25) {
    q[qo + 1] = Math.sqrt(q1sq);
    q[qo] = (ey[o + 2] - ez[o + 1]) / (4.0 * q[qo + 1]);
    q[qo + 2] = (ey[o] + ex[o + 1]) / (4.0 * q[qo + 1]);
    q[qo + 3] = (ex[o + 2] + ez[o]) / (4.0 * q[qo + 1]);
  } else if (q2sq >= 0.25) {
    q[qo + 2] = Math.sqrt(q2sq);
    q[qo] = (ez[o] - ex[o + 2]) / (4.0 * q[qo + 2]);
    q[qo + 1] = (ey[o] + ex[o + 1]) / (4.0 * q[qo + 2]);
    q[qo + 3] = (ez[o + 1] + ey[o + 2]) / (4.0 * q[qo + 2]);
  } else if (q3sq >= 0.25) {
    q[qo + 3] = Math.sqrt(q3sq);
    q[qo] = (ex[o + 1] - ey[o]) / (4.0 * q[qo + 3]);
    q[qo + 1] = (ez[o] + ex[o + 2]) / (4.0 * q[qo + 3]);
    q[qo + 2] = (ez[o + 1] + ey[o + 2]) / (4.0 * q[qo + 3]);
  }
  qnormalize(q, qo);
}

/** Principal axes ex, ey, ez (3 at o) of quaternion q (4 at qo) (MathExtra::q_to_exyz). */
export function qToExyz(
  q: Float64Array,
  qo: number,
  ex: Float64Array,
  ey: Float64Array,
  ez: Float64Array,
  o: number,
): void {
  const q0 = q[qo],
    q1 = q[qo + 1],
    q2 = q[qo + 2],
    q3 = q[qo + 3];
  ex[o] = q0 * q0 + q1 * q1 - q2 * q2 - q3 * q3;
  ex[o + 1] = 2.0 * (q1 * q2 + q0 * q3);
  ex[o + 2] = 2.0 * (q1 * q3 - q0 * q2);
  ey[o] = 2.0 * (q1 * q2 - q0 * q3);
  ey[o + 1] = q0 * q0 - q1 * q1 + q2 * q2 - q3 * q3;
  ey[o + 2] = 2.0 * (q2 * q3 + q0 * q1);
  ez[o] = 2.0 * (q1 * q3 + q0 * q2);
  ez[o + 1] = 2.0 * (q2 * q3 - q0 * q1);
  ez[o + 2] = q0 * q0 - q1 * q1 - q2 * q2 + q3 * q3;
}
