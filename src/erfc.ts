/**
 * Complementary error function to < 1 ulp, for tables that LAMMPS builds with libm's erfc
 * (pair eim's cutoff function). The method and the rational-approximation coefficients are those
 * of fdlibm's s_erf.c (the algorithm of glibc's erfc before 2.41), whose notice says:
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunPro, a Sun
 *   Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 *   freely granted, provided that this notice is preserved.
 * Intervals: |x| < 0.84375: 1 − (x + x·P/Q) in x²; [0.84375, 1.25): (1 − c) − P/Q in |x| − 1;
 * [1.25, 28): exp(−z² − 0.5625)·exp((z − x)(z + x) + R/S)/x in s = 1/x² with z = x with its low
 * 32 bits cleared (so z² is exact); erfc(−x) = 2 − erfc(x).
 */
const ERX = 0.8450629115104675;
const PP = [
  0.12837916709551256, -0.3250421072470015, -0.02848174957559851, -0.005770270296489442, -2.3763016656650163e-5,
];
const QQ = [
  0.39791722395915535, 0.0650222499887673, 0.005081306281875766, 0.00013249473800432164, -3.960228278775368e-6,
];
const PA = [
  -0.0023621185607526594, 0.41485611868374833, -0.3722078760357013, 0.31834661990116175, -0.11089469428239668,
  0.035478304325618236, -0.002166375594868791,
];
const QA = [
  0.10642088040084423, 0.540397917702171, 0.07182865441419627, 0.12617121980876164, 0.01363708391202905,
  0.011984499846799107,
];
const RA = [
  -0.009864944034847148, -0.6938585727071818, -10.558626225323291, -62.375332450326006, -162.39666946257347,
  -184.60509290671104, -81.2874355063066, -9.814329344169145,
];
const SA = [
  19.651271667439257, 137.65775414351904, 434.56587747522923, 645.3872717332679, 429.00814002756783, 108.63500554177944,
  6.570249770319282, -0.0604244152148581,
];
const RB = [
  -0.0098649429247001, -0.799283237680523, -17.757954917754752, -160.63638485582192, -637.5664433683896,
  -1025.0951316110772, -483.5191916086514,
];
const SB = [
  30.33806074348246, 325.7925129965739, 1536.729586084437, 3199.8582195085955, 2553.0504064331644, 474.52854120695537,
  -22.44095244658582,
];
const TINY = 1e-300;

const view = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** x with the low 32 bits of its representation cleared. */
function clearLowWord(x: number): number {
  view.setFloat64(0, x);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

export function erfc(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return (hx < 0 ? 2 : 0) + 1 / x;
  if (ix < 0x3feb0000) {
    if (ix < 0x3c700000) return 1 - x;
    const z = x * x;
    const r = PP[0] + z * (PP[1] + z * (PP[2] + z * (PP[3] + z * PP[4])));
    const s = 1 + z * (QQ[0] + z * (QQ[1] + z * (QQ[2] + z * (QQ[3] + z * QQ[4]))));
    const y = r / s;
    if (hx < 0x3fd00000) return 1 - (x + x * y);
    let t = x * y;
    t += x - 0.5;
    return 0.5 - t;
  }
  if (ix < 0x3ff40000) {
    const s = Math.abs(x) - 1;
    const P = PA[0] + s * (PA[1] + s * (PA[2] + s * (PA[3] + s * (PA[4] + s * (PA[5] + s * PA[6])))));
    const Q = 1 + s * (QA[0] + s * (QA[1] + s * (QA[2] + s * (QA[3] + s * (QA[4] + s * QA[5])))));
    if (hx >= 0) return 1 - ERX - P / Q;
    return 1 + (ERX + P / Q);
  }
  if (ix < 0x403c0000) {
    const ax = Math.abs(x);
    const s = 1 / (ax * ax);
    let R: number, S: number;
    if (ix < 0x4006db6d) {
      R = RA[0] + s * (RA[1] + s * (RA[2] + s * (RA[3] + s * (RA[4] + s * (RA[5] + s * (RA[6] + s * RA[7]))))));
      S =
        1 + s * (SA[0] + s * (SA[1] + s * (SA[2] + s * (SA[3] + s * (SA[4] + s * (SA[5] + s * (SA[6] + s * SA[7])))))));
    } else {
      if (hx < 0 && ix >= 0x40180000) return 2 - TINY;
      R = RB[0] + s * (RB[1] + s * (RB[2] + s * (RB[3] + s * (RB[4] + s * (RB[5] + s * RB[6])))));
      S = 1 + s * (SB[0] + s * (SB[1] + s * (SB[2] + s * (SB[3] + s * (SB[4] + s * (SB[5] + s * SB[6]))))));
    }
    const z = clearLowWord(ax);
    const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
    return hx > 0 ? r / ax : 2 - r / ax;
  }
  return hx > 0 ? TINY * TINY : 2 - TINY;
}
