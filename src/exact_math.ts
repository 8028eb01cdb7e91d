/**
 * Correctly rounded pow() for setup-time constants. V8's Math.pow can differ from glibc's
 * (correctly rounded) pow by one ulp, e.g. pow(4/0.8, 1/3); LAMMPS computes the lj-unit lattice
 * constant with pow, and `velocity ... loop geom` hashes the resulting coordinates bit for bit, so
 * one ulp would give different velocities. Evaluated with 256-bit fixed-point BigInt arithmetic;
 * far too slow for hot loops, meant for a handful of calls.
 */
const BITS = 256n;
const ONE = 1n << BITS;

function toFixed(x: number): bigint {
  // x = m * 2^e exactly, with m a 53-bit integer.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0),
    lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = expBits - 1075;
  if (expBits === 0) e = -1074;
  else m |= 1n << 52n;
  const shift = BigInt(e) + BITS;
  return shift >= 0n ? m << shift : m >> -shift;
}

function div(a: bigint, b: bigint): bigint {
  return (a << BITS) / b;
}

function mul(a: bigint, b: bigint): bigint {
  return (a * b) >> BITS;
}

/** ln(1+t)/(1-t) series: 2 atanh(t) for |t| <= 1/3, fixed point. */
function atanh2(t: bigint): bigint {
  const t2 = mul(t, t);
  let term = t;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = mul(term, t2);
  }
  return 2n * sum;
}

const LN2 = atanh2(div(ONE, 3n * ONE));

function ln(v: bigint): bigint {
  if (v <= 0n) throw new Error('ln of non-positive value');
  let e = 0n;
  while (v >= 2n * ONE) {
    v >>= 1n;
    e++;
  }
  while (v < ONE) {
    v <<= 1n;
    e--;
  }
  return e * LN2 + atanh2(div(v - ONE, v + ONE));
}

function exp(z: bigint): bigint {
  // z = k ln2 + r with 0 <= r < ln2.
  let k = z / LN2;
  let r = z - k * LN2;
  if (r < 0n) {
    r += LN2;
    k -= 1n;
  }
  let term = ONE;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = mul(term, r) / n;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

function nextUp(x: number, dir: 1 | -1): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0) + BigInt(dir);
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

/** x^y correctly rounded to double, for x > 0 and results in the normal range. */
export function crPow(x: number, y: number): number {
  const guess = Math.pow(x, y);
  if (!(x > 0) || !Number.isFinite(guess) || guess === 0) return guess;
  const exact = exp(mul(toFixed(y), ln(toFixed(x))));
  let best = guess;
  let bestErr = -1n;
  for (const c of [nextUp(guess, -1), guess, nextUp(guess, 1)]) {
    let err = toFixed(c) - exact;
    if (err < 0n) err = -err;
    if (bestErr < 0n || err < bestErr) {
      best = c;
      bestErr = err;
    }
  }
  return best;
}
