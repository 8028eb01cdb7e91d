/**
 * The 3x3 matrix, vector and quaternion helpers of LAMMPS's MathExtra that the ellipsoid styles
 * use (math_extra.h/.cpp, 29 Sep 2021), with LAMMPS's expression order so results are
 * bit-identical. Matrices are row-major Float64Array(9): m[3*r + c] is LAMMPS's m[r][c].
 * Quaternions are [w, i, j, k] (LAMMPS's quat order).
 */

export type Mat3 = Float64Array;

/** Rotation matrix of a unit quaternion q (q[o..o+3]): body frame → space frame (quat_to_mat). */
export function quatToMat(q: ArrayLike<number>, o: number, m: Mat3): void {
  const w = q[o],
    i = q[o + 1],
    j = q[o + 2],
    k = q[o + 3];
  const w2 = w * w,
    i2 = i * i,
    j2 = j * j,
    k2 = k * k;
  const twoij = 2.0 * i * j,
    twoik = 2.0 * i * k,
    twojk = 2.0 * j * k,
    twoiw = 2.0 * i * w,
    twojw = 2.0 * j * w,
    twokw = 2.0 * k * w;
  m[0] = w2 + i2 - j2 - k2;
  m[1] = twoij - twokw;
  m[2] = twojw + twoik;
  m[3] = twoij + twokw;
  m[4] = w2 - i2 + j2 - k2;
  m[5] = twojk - twoiw;
  m[6] = twoik - twojw;
  m[7] = twojk + twoiw;
  m[8] = w2 - i2 - j2 + k2;
}

/**
 * Rotation matrix of the rotation by theta about the axis (r0, r1, r2), not necessarily unit:
 * LAMMPS's norm3, axisangle_to_quat and quat_to_mat in their operation order (the random
 * orientations of create_atoms mol and fix deposit mol).
 */
export function axisAngleToMat(r0: number, r1: number, r2: number, theta: number, m: Mat3): void {
  const scale = 1.0 / Math.sqrt(r0 * r0 + r1 * r1 + r2 * r2);
  const halfa = 0.5 * theta;
  const sina = Math.sin(halfa);
  const q = axisAngleQuat;
  q[0] = Math.cos(halfa);
  q[1] = r0 * scale * sina;
  q[2] = r1 * scale * sina;
  q[3] = r2 * scale * sina;
  quatToMat(q, 0, m);
}
const axisAngleQuat = new Float64Array(4);

/** Transpose of quatToMat (quat_to_mat_trans): space frame → body frame. */
export function quatToMatTrans(q: ArrayLike<number>, o: number, m: Mat3): void {
  quatToMat(q, o, m);
  let t = m[1];
  m[1] = m[3];
  m[3] = t;
  t = m[2];
  m[2] = m[6];
  m[6] = t;
  t = m[5];
  m[5] = m[7];
  m[7] = t;
}

/** ans = diag(d) · m (diag_times3). */
export function diagTimes3(d: ArrayLike<number>, o: number, m: Mat3, ans: Mat3): void {
  for (let r = 0; r < 3; r++) {
    const s = d[o + r];
    ans[3 * r] = s * m[3 * r];
    ans[3 * r + 1] = s * m[3 * r + 1];
    ans[3 * r + 2] = s * m[3 * r + 2];
  }
}

/** ans = mᵀ · m2 (transpose_times3). */
export function transposeTimes3(m: Mat3, m2: Mat3, ans: Mat3): void {
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) ans[3 * r + c] = m[r] * m2[c] + m[3 + r] * m2[3 + c] + m[6 + r] * m2[6 + c];
}

/** ans = m + m2 (plus3). */
export function plus3(m: Mat3, m2: Mat3, ans: Mat3): void {
  for (let k = 0; k < 9; k++) ans[k] = m[k] + m2[k];
}

/** Determinant (det3), LAMMPS's term order. */
export function det3(m: Mat3): number {
  return (
    m[0] * m[4] * m[8] -
    m[0] * m[5] * m[7] -
    m[3] * m[1] * m[8] +
    m[3] * m[2] * m[7] +
    m[6] * m[1] * m[5] -
    m[6] * m[2] * m[4]
  );
}

/** ans = vᵀ · m, a row vector times a matrix (vecmat / row_times3). */
export function vecmat(v: ArrayLike<number>, m: Mat3, ans: Float64Array): void {
  const a = v[0] * m[0] + v[1] * m[3] + v[2] * m[6];
  const b = v[0] * m[1] + v[1] * m[4] + v[2] * m[7];
  const c = v[0] * m[2] + v[1] * m[5] + v[2] * m[8];
  ans[0] = a;
  ans[1] = b;
  ans[2] = c;
}

/** ans = v1 × v2 (cross3). */
export function cross3(v1: ArrayLike<number>, v2: ArrayLike<number>, ans: Float64Array): void {
  const a = v1[1] * v2[2] - v1[2] * v2[1];
  const b = v1[2] * v2[0] - v1[0] * v2[2];
  const c = v1[0] * v2[1] - v1[1] * v2[0];
  ans[0] = a;
  ans[1] = b;
  ans[2] = c;
}

/** Row r of a matrix as a vector (LAMMPS passes a1[m] to cross3). */
export function crossRow(m: Mat3, r: number, v2: ArrayLike<number>, ans: Float64Array): void {
  const x = m[3 * r],
    y = m[3 * r + 1],
    z = m[3 * r + 2];
  ans[0] = y * v2[2] - z * v2[1];
  ans[1] = z * v2[0] - x * v2[2];
  ans[2] = x * v2[1] - y * v2[0];
}

export function dot3(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * Solve m · ans = v by Gaussian elimination with partial pivoting (mldivide3), LAMMPS's exact
 * row swaps and operation order. Returns false for a singular matrix.
 */
export function mldivide3(m: Mat3, v: ArrayLike<number>, ans: Float64Array, aug: Float64Array): boolean {
  // aug: 3 x 4 augmented matrix, row-major
  for (let i = 0; i < 3; i++) {
    aug[4 * i + 3] = v[i];
    for (let j = 0; j < 3; j++) aug[4 * i + j] = m[3 * i + j];
  }
  const swap = (a: number, b: number) => {
    for (let k = 0; k < 4; k++) {
      const t = aug[4 * a + k];
      aug[4 * a + k] = aug[4 * b + k];
      aug[4 * b + k] = t;
    }
  };
  for (let i = 0; i < 2; i++) {
    let p = i;
    for (let j = i + 1; j < 3; j++) {
      if (Math.abs(aug[4 * j + i]) > Math.abs(aug[4 * i + i])) swap(i, j);
    }
    while (p < 3 && aug[4 * p + i] === 0.0) p++;
    if (p === 3) return false;
    if (p !== i) swap(i, p);
    for (let j = i + 1; j < 3; j++) {
      const n = aug[4 * j + i] / aug[4 * i + i];
      for (let k = i + 1; k < 4; k++) aug[4 * j + k] -= n * aug[4 * i + k];
    }
  }
  if (aug[10] === 0.0) return false;
  ans[2] = aug[11] / aug[10];
  for (let i = 1; i >= 0; i--) {
    let sumax = 0.0;
    for (let j = i + 1; j < 3; j++) sumax += aug[4 * i + j] * ans[j];
    ans[i] = (aug[4 * i + 3] - sumax) / aug[4 * i + i];
  }
  return true;
}

/** Normalize q[o..o+3] in place (qnormalize). */
export function qnormalize(q: Float64Array, o: number): void {
  const norm = 1.0 / Math.sqrt(q[o] * q[o] + q[o + 1] * q[o + 1] + q[o + 2] * q[o + 2] + q[o + 3] * q[o + 3]);
  q[o] *= norm;
  q[o + 1] *= norm;
  q[o + 2] *= norm;
  q[o + 3] *= norm;
}

/** c = (0, a) · b, a vector times a quaternion (vecquat). */
export function vecquat(a: ArrayLike<number>, b: ArrayLike<number>, o: number, c: Float64Array): void {
  const b0 = b[o],
    b1 = b[o + 1],
    b2 = b[o + 2],
    b3 = b[o + 3];
  c[0] = -a[0] * b1 - a[1] * b2 - a[2] * b3;
  c[1] = b0 * a[0] + a[1] * b3 - a[2] * b2;
  c[2] = b0 * a[1] + a[2] * b1 - a[0] * b3;
  c[3] = b0 * a[2] + a[0] * b2 - a[1] * b1;
}

/** Scratch space for the rotation helpers (no allocation per atom). */
export class RotationScratch {
  readonly rot = new Float64Array(9);
  readonly wbody = new Float64Array(3);
  readonly w = new Float64Array(3);
  readonly wq = new Float64Array(4);
  readonly qfull = new Float64Array(4);
  readonly qhalf = new Float64Array(4);
}

/**
 * Space-frame angular velocity w from space-frame angular momentum m (m[mo..]) and orientation q
 * (q[qo..]) with principal moments `moments` (mq_to_omega): wbody = Rᵀm / I (0 where I = 0), w = R wbody.
 */
export function mqToOmega(
  m: ArrayLike<number>,
  mo: number,
  q: ArrayLike<number>,
  qo: number,
  moments: ArrayLike<number>,
  w: Float64Array,
  s: RotationScratch,
): void {
  const rot = s.rot,
    wb = s.wbody;
  quatToMat(q, qo, rot);
  const m0 = m[mo],
    m1 = m[mo + 1],
    m2 = m[mo + 2];
  wb[0] = rot[0] * m0 + rot[3] * m1 + rot[6] * m2;
  wb[1] = rot[1] * m0 + rot[4] * m1 + rot[7] * m2;
  wb[2] = rot[2] * m0 + rot[5] * m1 + rot[8] * m2;
  for (let k = 0; k < 3; k++) {
    if (moments[k] === 0.0) wb[k] = 0.0;
    else wb[k] /= moments[k];
  }
  w[0] = rot[0] * wb[0] + rot[1] * wb[1] + rot[2] * wb[2];
  w[1] = rot[3] * wb[0] + rot[4] * wb[1] + rot[5] * wb[2];
  w[2] = rot[6] * wb[0] + rot[7] * wb[1] + rot[8] * wb[2];
}

/**
 * Richardson iteration (MathExtra::richardson): advance quaternion q[qo..] a full step dt = 2 dtq
 * under dq/dt = ½ w q, from a full Euler step and two half steps (the second with w re-evaluated
 * at the half-step orientation), q = 2 q_half − q_full, normalized. w holds omega at the half step
 * on entry (from mqToOmega) and is overwritten.
 */
export function richardson(
  q: Float64Array,
  qo: number,
  m: ArrayLike<number>,
  mo: number,
  w: Float64Array,
  moments: ArrayLike<number>,
  dtq: number,
  s: RotationScratch,
): void {
  const wq = s.wq,
    qfull = s.qfull,
    qhalf = s.qhalf;
  vecquat(w, q, qo, wq);
  for (let k = 0; k < 4; k++) qfull[k] = q[qo + k] + dtq * wq[k];
  qnormalize(qfull, 0);
  for (let k = 0; k < 4; k++) qhalf[k] = q[qo + k] + 0.5 * dtq * wq[k];
  qnormalize(qhalf, 0);
  mqToOmega(m, mo, qhalf, 0, moments, w, s);
  vecquat(w, qhalf, 0, wq);
  for (let k = 0; k < 4; k++) qhalf[k] += 0.5 * dtq * wq[k];
  qnormalize(qhalf, 0);
  for (let k = 0; k < 4; k++) q[qo + k] = 2.0 * qhalf[k] - qfull[k];
  qnormalize(q, qo);
}

/** ans = m · m2 (times3). */
export function times3(m: Mat3, mo: number, m2: Mat3, m2o: number, ans: Mat3, ao: number): void {
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      ans[ao + 3 * r + c] =
        m[mo + 3 * r] * m2[m2o + c] + m[mo + 3 * r + 1] * m2[m2o + 3 + c] + m[mo + 3 * r + 2] * m2[m2o + 6 + c];
}

/** ans = mᵀ · diag(d) (transpose_diag3): ans[r][c] = m[c][r] d[c]. */
export function transposeDiag3(m: Mat3, d: ArrayLike<number>, o: number, ans: Mat3): void {
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) ans[3 * r + c] = m[3 * c + r] * d[o + c];
}

/** ans = m · v (matvec), m at offset mo. */
export function matvec(m: Mat3, mo: number, v: ArrayLike<number>, ans: Float64Array): void {
  const a = m[mo] * v[0] + m[mo + 1] * v[1] + m[mo + 2] * v[2];
  const b = m[mo + 3] * v[0] + m[mo + 4] * v[1] + m[mo + 5] * v[2];
  const c = m[mo + 6] * v[0] + m[mo + 7] * v[1] + m[mo + 8] * v[2];
  ans[0] = a;
  ans[1] = b;
  ans[2] = c;
}

/**
 * The principal rotation generators about x, y, z applied to a rotation matrix m
 * (rotation_generator_x/y/z): ans[k] at offset 9k.
 */
export function rotationGenerators(m: Mat3, ans: Float64Array): void {
  for (let r = 0; r < 3; r++) {
    const a = m[3 * r],
      b = m[3 * r + 1],
      c = m[3 * r + 2];
    // x
    ans[3 * r] = 0;
    ans[3 * r + 1] = -c;
    ans[3 * r + 2] = b;
    // y
    ans[9 + 3 * r] = c;
    ans[9 + 3 * r + 1] = 0;
    ans[9 + 3 * r + 2] = -a;
    // z
    ans[18 + 3 * r] = -b;
    ans[18 + 3 * r + 1] = a;
    ans[18 + 3 * r + 2] = 0;
  }
}
