/**
 * C printf formatting for the conversions LAMMPS decks use in thermo_modify/dump_modify format
 * strings: %d %i %f %e %E %g %G %s with flags (-+ 0#), width and precision. JavaScript has no
 * printf, and thermo output must look like LAMMPS's to the character.
 */
const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?(l{0,2}|h)?([diufeEgGs%])/g;

export function sprintf(fmt: string, ...args: (number | string)[]): string {
  let k = 0;
  return fmt.replace(
    SPEC,
    (_m, flags: string, width: string | undefined, prec: string | undefined, _len, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[k++];
      if (arg === undefined) throw new Error(`format '${fmt}' has more conversions than values`);
      return pad(
        convert(conv, flags, prec === undefined ? undefined : Number(prec), arg),
        flags,
        width ? Number(width) : 0,
        conv,
      );
    },
  );
}

/** Number of value conversions in a format string (for validating user formats). */
export function countConversions(fmt: string): number {
  let n = 0;
  for (const m of fmt.matchAll(SPEC)) if (m[5] !== '%') n++;
  return n;
}

function convert(conv: string, flags: string, prec: number | undefined, arg: number | string): string {
  if (conv === 's') return String(arg);
  const v = Number(arg);
  const sign = (s: string, neg: boolean): string =>
    (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
  if (!Number.isFinite(v)) return sign(Number.isNaN(v) ? 'nan' : 'inf', v < 0);
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  switch (conv) {
    case 'd':
    case 'i':
    case 'u':
      return sign(Math.trunc(a).toFixed(0), neg && Math.trunc(a) !== 0);
    case 'f':
      return sign(a.toFixed(prec ?? 6), neg);
    case 'e':
    case 'E': {
      const s = cExp(a, prec ?? 6);
      return sign(conv === 'E' ? s.toUpperCase() : s, neg);
    }
    default: {
      // g, G
      let p = prec ?? 6;
      if (p === 0) p = 1;
      let s: string;
      if (a === 0) {
        s = flags.includes('#') ? (0).toFixed(p - 1) : '0';
      } else {
        const x = Number(a.toExponential(p - 1).split('e')[1]);
        if (x < p && x >= -4) s = a.toFixed(p - 1 - x);
        else s = cExp(a, p - 1);
        if (!flags.includes('#')) s = stripZeros(s);
      }
      return sign(conv === 'G' ? s.toUpperCase() : s, neg);
    }
  }
}

/** C's %e: mantissa with prec digits, exponent with a sign and at least two digits. */
function cExp(a: number, prec: number): string {
  const [m, e] = a.toExponential(prec).split('e');
  const ev = Number(e);
  return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
}

function stripZeros(s: string): string {
  const [m, e] = s.split('e');
  let mm = m;
  if (mm.includes('.')) mm = mm.replace(/0+$/, '').replace(/\.$/, '');
  return e === undefined ? mm : `${mm}e${e}`;
}

function pad(s: string, flags: string, width: number, conv: string): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && conv !== 's' && /\d/.test(s)) {
    const signed = /^[-+ ]/.test(s);
    return signed ? s[0] + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
  }
  return s.padStart(width);
}
