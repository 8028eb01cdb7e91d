/**
 * Argument parsing shared by deck commands and styles, with LAMMPS's error wording so messages
 * name what was wrong.
 */

/** A finite floating-point number, or an error naming `what`. */
export function num(s: string | undefined, what: string): number {
  const v = Number(s);
  // Decimal only, as LAMMPS's utils::numeric: Number() would also take hex (0x10), Infinity and ''.
  if (s === undefined || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s.trim()) || !Number.isFinite(v))
    throw new Error(`Expected a number for ${what}, got '${s ?? ''}'`);
  return v;
}

export function positive(s: string | undefined, what: string): number {
  const v = num(s, what);
  if (!(v > 0)) throw new Error(`${what} must be positive, got '${s}'`);
  return v;
}

/** An integer (LAMMPS inumeric), or an error naming `what`. */
export function int(s: string | undefined, what: string): number {
  const v = Number(s);
  if (s === undefined || !/^[-+]?\d+$/.test(s.trim()))
    throw new Error(`Expected an integer for ${what}, got '${s ?? ''}'`);
  // LAMMPS reads these as C int: larger values are not integers it accepts.
  if (Math.abs(v) > 2147483647) throw new Error(`Expected a 32-bit integer for ${what}, got '${s}'`);
  return v;
}

/**
 * LAMMPS type ranges: "3", "*", "2*", "*4", "2*4" -> [lo, hi] within 1..ntypes (utils::bounds).
 */
export function parseTypeRange(s: string, ntypes: number): [number, number] {
  const m = /^(\d*)\*(\d*)$/.exec(s);
  let lo: number, hi: number;
  if (m) {
    lo = m[1] ? Number(m[1]) : 1;
    hi = m[2] ? Number(m[2]) : ntypes;
  } else if (/^\d+$/.test(s)) {
    lo = hi = Number(s);
  } else {
    throw new Error(`Invalid type range '${s}'`);
  }
  if (lo < 1 || hi > ntypes || lo > hi) throw new Error(`Numeric index ${s} is out of bounds (1-${ntypes})`);
  return [lo, hi];
}

/** Parse "yes"/"no". */
export function yesNo(v: string | undefined, what: string): boolean {
  if (v === 'yes') return true;
  if (v === 'no') return false;
  throw new Error(`Illegal ${what}: expected yes or no, got '${v ?? ''}'`);
}
