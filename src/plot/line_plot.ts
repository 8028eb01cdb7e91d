import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';

/** One curve: x and y of equal length, RGB colour. */
export interface Series {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: [number, number, number];
  /** Draw as a horizontal dashed reference line at y[0] instead of a curve. */
  hline?: boolean;
  /** Draw unconnected points (2x2 pixels, e.g. parity plots) instead of a curve. */
  points?: boolean;
}

export interface LinePlotOptions {
  width?: number;
  height?: number;
  /** Logarithmic y axis (non-positive values are skipped). */
  logY?: boolean;
}

// 3x5 bitmap glyphs for tick labels: digits, '.', '-', 'e', '+'
const GLYPHS: Record<string, string[]> = {
  '0': ['111', '101', '101', '101', '111'], '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'], '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'], '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'], '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'], '9': ['111', '101', '111', '001', '111'],
  '.': ['000', '000', '000', '000', '010'], '-': ['000', '000', '111', '000', '000'],
  'e': ['000', '111', '111', '100', '111'], '+': ['000', '010', '111', '010', '000'],
};

/**
 * Render series to a PNG image buffer (RGBA): white background, axes with 5 labelled ticks on each axis
 * (bitmap digits), one colour per series. Pure JS (pngjs); no fonts or native code needed.
 */
export function renderLinePlot(series: Series[], opts: LinePlotOptions = {}): Buffer {
  const W = opts.width ?? 640, H = opts.height ?? 400;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  const L = 70, R = 15, T = 15, B = 35;
  const ty = (v: number) => (opts.logY ? Math.log10(v) : v);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const yv = s.y[i];
      if (!Number.isFinite(yv) || (opts.logY && yv <= 0)) continue;
      if (!s.hline) { x0 = Math.min(x0, s.x[i]); x1 = Math.max(x1, s.x[i]); }
      y0 = Math.min(y0, ty(yv)); y1 = Math.max(y1, ty(yv));
    }
  }
  if (!Number.isFinite(x0)) { x0 = 0; x1 = 1; }
  if (!Number.isFinite(y0)) { y0 = 0; y1 = 1; }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y1 += 0.5; y0 -= 0.5; }
  const pad = 0.05 * (y1 - y0);
  y0 -= pad; y1 += pad;
  const px = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const py = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const set = (x: number, y: number, c: [number, number, number]) => {
    const xi = Math.round(x), yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    const o = (yi * W + xi) * 4;
    png.data[o] = c[0]; png.data[o + 1] = c[1]; png.data[o + 2] = c[2]; png.data[o + 3] = 255;
  };
  const line = (xa: number, ya: number, xb: number, yb: number, c: [number, number, number], dash = false) => {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(xb - xa), Math.abs(yb - ya))));
    for (let k = 0; k <= n; k++) {
      if (dash && Math.floor(k / 6) % 2 === 1) continue;
      set(xa + ((xb - xa) * k) / n, ya + ((yb - ya) * k) / n, c);
    }
  };
  const text = (s: string, x: number, y: number) => {
    let cx = x;
    for (const ch of s) {
      const g = GLYPHS[ch];
      if (g) for (let r = 0; r < 5; r++) for (let c = 0; c < 3; c++) {
        if (g[r][c] === '1') for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) set(cx + 2 * c + a, y + 2 * r + b, [0, 0, 0]);
      }
      cx += 8;
    }
  };
  const fmt = (v: number) => {
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1).replace('e+', 'e');
    return Number(v.toPrecision(4)).toString();
  };
  const black: [number, number, number] = [0, 0, 0], grey: [number, number, number] = [220, 220, 220];
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4, yv = y0 + ((y1 - y0) * k) / 4;
    line(px(xv), T, px(xv), H - B, grey);
    line(L, py(yv), W - R, py(yv), grey);
    const xl = fmt(xv);
    text(xl, px(xv) - xl.length * 4, H - B + 8);
    const yl = fmt(opts.logY ? Math.pow(10, yv) : yv);
    text(yl, L - 6 - yl.length * 8, py(yv) - 5);
  }
  line(L, T, L, H - B, black);
  line(L, H - B, W - R, H - B, black);
  const palette: [number, number, number][] = [[31, 119, 180], [214, 39, 40], [44, 160, 44], [255, 127, 14]];
  series.forEach((s, si) => {
    const c = s.color ?? palette[si % palette.length];
    if (s.hline) {
      if (s.y.length > 0) line(L, py(ty(s.y[0])), W - R, py(ty(s.y[0])), c, true);
      return;
    }
    let prev: [number, number] | null = null;
    for (let i = 0; i < s.x.length; i++) {
      const yv = s.y[i];
      if (!Number.isFinite(yv) || (opts.logY && yv <= 0)) { prev = null; continue; }
      const p: [number, number] = [px(s.x[i]), py(ty(yv))];
      if (s.points) {
        for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) set(p[0] + a, p[1] + b, c);
        continue;
      }
      if (prev) line(prev[0], prev[1], p[0], p[1], c);
      else set(p[0], p[1], c);
      prev = p;
    }
  });
  return PNG.sync.write(png);
}

/** Render and write a PNG file. */
export function writeLinePlot(path: string, series: Series[], opts: LinePlotOptions = {}): void {
  writeFileSync(path, renderLinePlot(series, opts));
}
