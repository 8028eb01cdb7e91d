import { readFileSync } from 'node:fs';
import type { AtomSystem } from '../src/system.js';
import { int, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';

type TableStyle = 'lookup' | 'linear' | 'spline';

/** One interpolation table (LAMMPS PairTable::Table): the file section, then the tables in r². */
interface Table {
  cut: number;
  innersq: number;
  delta: number;
  invdelta: number;
  deltasq6: number;
  rsq: Float64Array;
  e: Float64Array;
  f: Float64Array;
  de: Float64Array;
  df: Float64Array;
  e2: Float64Array;
  f2: Float64Array;
}

/** A section of a table file: N entries of r, E, F (F = -dE/dr) and its parameter line. */
interface FileSection {
  ninput: number;
  rflag: 0 | 'R' | 'RSQ';
  rlo: number;
  rhi: number;
  fpflag: boolean;
  fplo: number;
  fphi: number;
  rfile: Float64Array;
  efile: Float64Array;
  ffile: Float64Array;
}

/**
 * pair_style table lookup|linear|spline N (LAMMPS PairTable, 29 Sep 2021): each type pair reads a
 * section of a table file (`pair_coeff I J file KEYWORD [cutoff]`: a line `KEYWORD`, a parameter line
 * `N n [R|RSQ lo hi] [FPRIME fplo fphi]`, a blank line, n lines `i r E F`), splines it (Numerical
 * Recipes' spline/splint, end slopes −F and the secant of F unless FPRIME is given) onto N points evenly
 * spaced in r² from the inner radius to the cutoff, and interpolates there: lookup takes the bin's
 * midpoint value, linear interpolates, spline uses the cubic spline in r² of E and of F/r. No mixing;
 * `bitmap` is not supported. special_bonds lj weights scale 1-2/1-3/1-4 pairs.
 */
export class PairTable extends HalfListPair<{ table: number }> {
  readonly style = 'table';
  private tabstyle: TableStyle = 'linear';
  private tablength = 0;
  private readonly tables: Table[] = [];
  /** Table index per type pair, (ntypes+1)². */
  private tabindex = new Int32Array(0);
  private stride = 0;

  settings(args: string[]): void {
    if (args.length < 2) throw new Error('Illegal pair_style table command: expected style N');
    const st = args[0];
    if (st === 'bitmap') throw new Error('pair_style table bitmap is not supported yet (use linear, spline or lookup)');
    if (st !== 'lookup' && st !== 'linear' && st !== 'spline')
      throw new Error(`Unknown table style in pair_style command: '${st}' (lookup, linear, spline)`);
    this.tabstyle = st;
    this.tablength = int(args[1], 'number of table entries');
    if (this.tablength < 2) throw new Error('Illegal number of pair table entries');
    if (args.length > 2) throw new Error(`Illegal pair_style table command: keyword '${args[2]}' is not supported`);
    this.tables.length = 0;
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length !== 4 && args.length !== 5)
      throw new Error('Illegal pair_coeff command: pair_coeff I J file keyword [cutoff]');
    const sec = readSection(args[2], args[3]);
    let cut: number;
    if (args.length === 5) cut = positive(args[4], 'table cutoff');
    else if (sec.rflag) cut = sec.rhi;
    else cut = sec.rfile[sec.ninput - 1];
    if (sec.ninput <= 1) throw new Error('Invalid pair table length');
    const rlo = sec.rflag ? sec.rlo : sec.rfile[0];
    const rhi = sec.rflag ? sec.rhi : sec.rfile[sec.ninput - 1];
    if (cut <= rlo || cut > rhi) throw new Error(`Invalid pair table cutoff ${cut} (table spans ${rlo} to ${rhi})`);
    if (rlo <= 0.0) throw new Error('Invalid pair table cutoff: the table starts at r <= 0');
    // match: the file's points are the table's (linear, RSQ spacing, same length and cutoff).
    const match = this.tabstyle === 'linear' && sec.ninput === this.tablength && sec.rflag === 'RSQ' && sec.rhi === cut;
    const idx = this.tables.length;
    this.tables.push(this.computeTable(sec, cut, match));
    this.setCoeff(args[0], args[1], system.ntypes, { table: idx });
  }

  protected allocate(ntypes: number): void {
    this.stride = ntypes + 1;
    this.tabindex = new Int32Array(this.stride * this.stride);
  }

  protected mix(): { table: number } {
    return this.noMix();
  }

  protected initOne(i: number, j: number, c: { table: number }): number {
    this.tabindex[i * this.stride + j] = this.tabindex[j * this.stride + i] = c.table;
    return this.tables[c.table].cut;
  }

  /** LAMMPS compute_table (after spline_table unless the file points match). */
  private computeTable(sec: FileSection, cut: number, match: boolean): Table {
    const n = sec.ninput;
    const e2file = new Float64Array(n),
      f2file = new Float64Array(n);
    if (!match) {
      spline(sec.rfile, sec.efile, n, -sec.ffile[0], -sec.ffile[n - 1], e2file);
      let fplo = sec.fplo,
        fphi = sec.fphi;
      if (!sec.fpflag) {
        fplo = (sec.ffile[1] - sec.ffile[0]) / (sec.rfile[1] - sec.rfile[0]);
        fphi = (sec.ffile[n - 1] - sec.ffile[n - 2]) / (sec.rfile[n - 1] - sec.rfile[n - 2]);
      }
      spline(sec.rfile, sec.ffile, n, fplo, fphi, f2file);
    }
    const eAt = (r: number) => splint(sec.rfile, sec.efile, e2file, n, r);
    const fAt = (r: number) => splint(sec.rfile, sec.ffile, f2file, n, r);
    const tl = this.tablength,
      tlm1 = tl - 1;
    const inner = sec.rflag ? sec.rlo : sec.rfile[0];
    const innersq = inner * inner;
    const delta = (cut * cut - innersq) / tlm1;
    const t: Table = {
      cut,
      innersq,
      delta,
      invdelta: 1.0 / delta,
      deltasq6: 0,
      rsq: new Float64Array(tl),
      e: new Float64Array(tl),
      f: new Float64Array(tl),
      de: new Float64Array(tl),
      df: new Float64Array(tl),
      e2: new Float64Array(tl),
      f2: new Float64Array(tl),
    };
    if (this.tabstyle === 'lookup') {
      // N-1 bins, value at the bin's midpoint in r², f stored as F/r.
      for (let i = 0; i < tlm1; i++) {
        const r = Math.sqrt(innersq + (i + 0.5) * delta);
        t.e[i] = eAt(r);
        t.f[i] = fAt(r) / r;
      }
    } else if (this.tabstyle === 'linear') {
      for (let i = 0; i < tl; i++) {
        const rsq = innersq + i * delta;
        const r = Math.sqrt(rsq);
        t.rsq[i] = rsq;
        t.e[i] = match ? sec.efile[i] : eAt(r);
        t.f[i] = (match ? sec.ffile[i] : fAt(r)) / r;
      }
      for (let i = 0; i < tlm1; i++) {
        t.de[i] = t.e[i + 1] - t.e[i];
        t.df[i] = t.f[i + 1] - t.f[i];
      }
    } else {
      t.deltasq6 = (delta * delta) / 6.0;
      for (let i = 0; i < tl; i++) {
        const rsq = innersq + i * delta;
        const r = Math.sqrt(rsq);
        t.rsq[i] = rsq;
        t.e[i] = eAt(r);
        t.f[i] = fAt(r);
      }
      // dE/d(r²) = -F/(2r) at the ends, then the spline of E in r².
      spline(t.rsq, t.e, tl, -t.f[0] / (2.0 * Math.sqrt(innersq)), -t.f[tlm1] / (2.0 * cut), t.e2);
      // fp0, fpn = d(F/r)/d(r²) at inner and cut: FPRIME values, else secants over 0.1 bin.
      const secant = 0.1;
      let fp0: number, fpn: number;
      if (sec.fpflag) fp0 = (sec.fplo / Math.sqrt(innersq) - t.f[0] / innersq) / (2.0 * Math.sqrt(innersq));
      else {
        const rsq1 = innersq;
        const rsq2 = rsq1 + secant * delta;
        fp0 = (fAt(Math.sqrt(rsq2)) / Math.sqrt(rsq2) - t.f[0] / Math.sqrt(rsq1)) / (secant * delta);
      }
      if (sec.fpflag && cut === sec.rfile[n - 1]) fpn = (sec.fphi / cut - t.f[tlm1] / (cut * cut)) / (2.0 * cut);
      else {
        const rsq2 = cut * cut;
        const rsq1 = rsq2 - secant * delta;
        fpn = (t.f[tlm1] / Math.sqrt(rsq2) - fAt(Math.sqrt(rsq1)) / Math.sqrt(rsq1)) / (secant * delta);
      }
      for (let i = 0; i < tl; i++) t.f[i] /= Math.sqrt(t.rsq[i]);
      spline(t.rsq, t.f, tl, fp0, fpn, t.f2);
    }
    return t;
  }

  /**
   * Split in small parts on purpose: V8 inlines a function of at most 460 bytes of bytecode, and
   * one pairForce holding the three interpolations and the error messages was past that (a real
   * call per pair, 17% slower; docs/benchmarks.md).
   */
  protected pairForce(rsq: number, tt: number, factor: number, eflag: boolean): number {
    const tb = this.tables[this.tabindex[tt]];
    if (rsq < tb.innersq) outsideTable(rsq, '<', 'inner');
    const itable = Math.trunc((rsq - tb.innersq) * tb.invdelta);
    if (itable >= this.tablength - 1) outsideTable(rsq, '>', 'outer');
    const style = this.tabstyle;
    if (style === 'linear') return this.linear(tb, itable, rsq, factor, eflag);
    if (style === 'spline') return this.spline(tb, itable, rsq, factor, eflag);
    if (eflag) this.eng = factor * tb.e[itable];
    return factor * tb.f[itable];
  }

  private linear(tb: Table, itable: number, rsq: number, factor: number, eflag: boolean): number {
    const fraction = (rsq - tb.rsq[itable]) * tb.invdelta;
    if (eflag) this.eng = factor * (tb.e[itable] + fraction * tb.de[itable]);
    return factor * (tb.f[itable] + fraction * tb.df[itable]);
  }

  private spline(tb: Table, itable: number, rsq: number, factor: number, eflag: boolean): number {
    const b = (rsq - tb.rsq[itable]) * tb.invdelta;
    const a = 1.0 - b;
    const value =
      a * tb.f[itable] +
      b * tb.f[itable + 1] +
      ((a * a * a - a) * tb.f2[itable] + (b * b * b - b) * tb.f2[itable + 1]) * tb.deltasq6;
    if (eflag)
      this.eng =
        factor *
        (a * tb.e[itable] +
          b * tb.e[itable + 1] +
          ((a * a * a - a) * tb.e2[itable] + (b * b * b - b) * tb.e2[itable + 1]) * tb.deltasq6);
    return factor * value;
  }
}

/** LAMMPS's error for a pair distance outside the table (kept out of pairForce: see there). */
function outsideTable(rsq: number, op: '<' | '>', which: 'inner' | 'outer'): never {
  throw new Error(`Pair distance ${op} table ${which} cutoff (r = ${Math.sqrt(rsq)})`);
}

/** Read the section KEYWORD of a table file (LAMMPS read_table + param_extract). */
function readSection(path: string, keyword: string): FileSection {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open file ${path}`);
  }
  const lines = text.split('\n');
  const content = (k: number) => {
    const h = lines[k].indexOf('#');
    return (h >= 0 ? lines[k].slice(0, h) : lines[k]).trim();
  };
  let k = 0;
  while (k < lines.length && content(k).split(/\s+/)[0] !== keyword) k++;
  if (k >= lines.length) throw new Error(`Did not find keyword ${keyword} in table file ${path}`);
  k++;
  while (k < lines.length && content(k) === '') k++;
  const where = `${path}:${k + 1}`;
  const sec: FileSection = {
    ninput: 0,
    rflag: 0,
    rlo: 0,
    rhi: 0,
    fpflag: false,
    fplo: 0,
    fphi: 0,
    rfile: new Float64Array(0),
    efile: new Float64Array(0),
    ffile: new Float64Array(0),
  };
  const words = content(k).split(/\s+/);
  const numAt = (w: number) => {
    const v = Number(words[w]);
    if (words[w] === undefined || !Number.isFinite(v))
      throw new Error(`Invalid value '${words[w] ?? ''}' in pair table parameters (${where})`);
    return v;
  };
  for (let w = 0; w < words.length; w++) {
    const key = words[w];
    if (key === 'N') sec.ninput = numAt(++w);
    else if (key === 'R' || key === 'RSQ') {
      sec.rflag = key;
      sec.rlo = numAt(++w);
      sec.rhi = numAt(++w);
    } else if (key === 'FPRIME') {
      sec.fpflag = true;
      sec.fplo = numAt(++w);
      sec.fphi = numAt(++w);
    } else if (key === 'BITMAP') throw new Error(`BITMAP tables are not supported yet (${where})`);
    else throw new Error(`Invalid keyword '${key}' in pair table parameters (${where})`);
  }
  if (sec.ninput === 0) throw new Error(`Pair table parameters did not set N (${where})`);
  const n = sec.ninput;
  sec.rfile = new Float64Array(n);
  sec.efile = new Float64Array(n);
  sec.ffile = new Float64Array(n);
  k++;
  for (let i = 0; i < n; i++) {
    while (k < lines.length && content(k) === '') k++;
    if (k >= lines.length) throw new Error(`Premature end of table ${keyword} in ${path}: ${i} of ${n} entries`);
    const v = content(k).split(/\s+/).map(Number);
    if (v.length < 4 || v.some((x) => !Number.isFinite(x)))
      throw new Error(`Invalid table entry in ${path}:${k + 1}: expected 'index r E F'`);
    let r = v[1];
    if (sec.rflag === 'R') r = sec.rlo + ((sec.rhi - sec.rlo) * i) / (n - 1);
    else if (sec.rflag === 'RSQ')
      r = Math.sqrt(sec.rlo * sec.rlo + ((sec.rhi * sec.rhi - sec.rlo * sec.rlo) * i) / (n - 1));
    sec.rfile[i] = r;
    sec.efile[i] = v[2];
    sec.ffile[i] = v[3];
    k++;
  }
  return sec;
}

/** Cubic spline second derivatives (Numerical Recipes, as LAMMPS PairTable::spline). */
function spline(x: Float64Array, y: Float64Array, n: number, yp1: number, ypn: number, y2: Float64Array): void {
  const u = new Float64Array(n);
  if (yp1 > 0.99e30) y2[0] = u[0] = 0.0;
  else {
    y2[0] = -0.5;
    u[0] = (3.0 / (x[1] - x[0])) * ((y[1] - y[0]) / (x[1] - x[0]) - yp1);
  }
  for (let i = 1; i < n - 1; i++) {
    const sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
    const p = sig * y2[i - 1] + 2.0;
    y2[i] = (sig - 1.0) / p;
    u[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
    u[i] = ((6.0 * u[i]) / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
  }
  let qn: number, un: number;
  if (ypn > 0.99e30) qn = un = 0.0;
  else {
    qn = 0.5;
    un = (3.0 / (x[n - 1] - x[n - 2])) * (ypn - (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]));
  }
  y2[n - 1] = (un - qn * u[n - 2]) / (qn * y2[n - 2] + 1.0);
  for (let k = n - 2; k >= 0; k--) y2[k] = y2[k] * y2[k + 1] + u[k];
}

/** Spline value at x (Numerical Recipes splint, as LAMMPS). */
function splint(xa: Float64Array, ya: Float64Array, y2a: Float64Array, n: number, x: number): number {
  let klo = 0,
    khi = n - 1;
  while (khi - klo > 1) {
    const k = (khi + klo) >> 1;
    if (xa[k] > x) khi = k;
    else klo = k;
  }
  const h = xa[khi] - xa[klo];
  const a = (xa[khi] - x) / h;
  const b = (x - xa[klo]) / h;
  return a * ya[klo] + b * ya[khi] + (((a * a * a - a) * y2a[klo] + (b * b * b - b) * y2a[khi]) * (h * h)) / 6.0;
}
