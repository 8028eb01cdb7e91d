import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
import { CAP_HEIGHT, LINE_HEIGHT, drawText, textWidth } from './bitmap_font.js';

type Rgb = [number, number, number];

/** One curve: x and y of equal length, RGB colour. */
export interface Series {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: [number, number, number];
  /** Draw as a horizontal dashed reference line at y[0] instead of a curve. */
  hline?: boolean;
  /** Draw unconnected points (2x2 pixels, e.g. parity plots) instead of a curve. */
  points?: boolean;
  /** Name in the legend; the legend is drawn when at least one series has a label. */
  label?: string;
}

export type LegendPosition = 'auto' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'none';

export interface LinePlotOptions {
  width?: number;
  height?: number;
  /** Logarithmic y axis (non-positive values are skipped). */
  logY?: boolean;
  /** Logarithmic x axis (points with non-positive x are skipped). */
  logX?: boolean;
  /** Centred above the plot, bold. */
  title?: string;
  /** Centred below the x tick labels. */
  xLabel?: string;
  /** Left of the y tick labels, rotated to read bottom to top. */
  yLabel?: string;
  /** Where the legend box goes; 'auto' (default): the plot corner with the fewest curve pixels. */
  legend?: LegendPosition;
  /** Pixel size of a font dot (5x7 font); default 2, or 1 for images under 360 pixels wide or high. */
  fontScale?: number;
  /** Same limits and ticks on both axes (parity plots); needs logX === logY. */
  equalAxes?: boolean;
}

/** Tick positions and labels of one axis; lo/hi are the axis limits (plain values, not logarithms). */
export interface AxisTicks {
  lo: number;
  hi: number;
  /** Labelled tick values, ascending. */
  values: number[];
  labels: string[];
  /** Unlabelled minor ticks (log axes: 2..9 times a power of ten). */
  minor: number[];
}

/** Nice step sizes 1, 2, 5 times a power of ten, as mantissa and exponent. */
function niceStep(raw: number): { m: number; e: number } {
  let e = Math.floor(Math.log10(raw));
  const r = raw / Math.pow(10, e);
  // Guard against log10 landing a hair off for exact powers of ten.
  if (r < 1 - 1e-9) return niceStep(raw * (1 + 1e-9));
  let m: number;
  if (r <= 1 + 1e-9) m = 1;
  else if (r <= 2 + 1e-9) m = 2;
  else if (r <= 5 + 1e-9) m = 5;
  else {
    m = 1;
    e++;
  }
  return { m, e };
}

/** k * m * 10^e without the binary noise of multiplying by 10^-d. */
function tickValue(k: number, m: number, e: number): number {
  const v = e >= 0 ? k * m * Math.pow(10, e) : (k * m) / Math.pow(10, -e);
  return v === 0 ? 0 : v;
}

/** `v` with just the digits a tick step of 10^e needs; scientific (2.5e-7, 3e5) when `sci`. */
function formatTick(v: number, e: number, sci: boolean): string {
  if (!sci) return v.toFixed(Math.max(0, -e));
  if (v === 0) return '0';
  let x = Math.floor(Math.log10(Math.abs(v)));
  const digits = Math.min(15, Math.max(0, x - e));
  let s = v.toExponential(digits);
  // toExponential may round up into the next power (9.96e4 -> 1.0e5): its exponent is the truth.
  const [mant, exp] = s.split('e');
  x = Number(exp);
  s = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return `${s}e${x}`;
}

/**
 * Linear axis: a step of 1, 2 or 5 times a power of ten, the smallest that covers [lo, hi] in at
 * most maxIntervals steps once the limits are widened to multiples of it ([0.015, 5.985] with 6 ->
 * 0, 1, ..., 6). Labels carry only the decimals the step needs (0.0, 0.5, 1.0); scientific
 * notation when the largest tick is >= 1e5 in size or every tick is below 1e-3.
 */
export function niceTicks(lo: number, hi: number, maxIntervals = 6): AxisTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const d = lo !== 0 ? Math.abs(lo) * 0.05 : 0.5;
    lo -= d;
    hi += d;
  }
  const nmax = Math.max(1, Math.floor(maxIntervals));
  let { m, e } = niceStep((hi - lo) / nmax);
  for (let tries = 0; ; tries++) {
    const step = m * Math.pow(10, e);
    const k0 = Math.floor(lo / step + 1e-9),
      k1 = Math.ceil(hi / step - 1e-9);
    if (k1 - k0 <= nmax || tries > 3) {
      const values: number[] = [];
      for (let k = k0; k <= k1; k++) values.push(tickValue(k, m, e));
      const big = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
      const sci = big >= 1e5 || big < 1e-3;
      return {
        lo: values[0],
        hi: values[values.length - 1],
        values,
        labels: values.map((v) => formatTick(v, e, sci)),
        minor: [],
      };
    }
    // Widening pushed it past nmax intervals: next nice step.
    if (m === 1) m = 2;
    else if (m === 2) m = 5;
    else {
      m = 1;
      e++;
    }
  }
}

/** Log tick label: plain (0.01, 500) when every tick of the axis is within [1e-3, 1e4], else 1e-5, 2e6. */
function formatLogTicks(values: number[]): string[] {
  const plain = values.every((v) => v >= 1e-3 - 1e-18 && v <= 1e4);
  return values.map((v) => {
    const e = Math.floor(Math.log10(v) + 1e-9);
    return formatTick(v, e, !plain);
  });
}

/**
 * Logarithmic axis over positive [lo, hi]: limits are the data range widened by 3% of its span in
 * log space (not to whole decades), labelled ticks at the powers of ten inside ([1e-3, 2] -> 1e-3,
 * 0.01, 0.1, 1), every k-th decade when there are more than maxTicks. Under three decades inside,
 * ticks at 1, 2 and 5 times powers of ten (at most maxTicks of them, else the decades); if that
 * makes fewer than two, the limits widen to whole decades first ([0.26, 0.95] -> 0.1, 0.2, 0.5, 1).
 * Minor ticks at 2..9 times the powers of ten when at most 8 decades are shown.
 */
export function logTicks(lo: number, hi: number, maxTicks = 8): AxisTicks {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 1;
    hi = 10;
  }
  if (hi < lo) [lo, hi] = [hi, lo];
  let a = Math.log10(lo),
    b = Math.log10(hi);
  if (b - a < 1e-12) {
    a -= 0.5;
    b += 0.5;
  } else {
    const p = 0.03 * (b - a);
    a -= p;
    b += p;
  }
  const eps = 1e-9;
  const pow10 = (k: number) => tickValue(1, 1, k);
  let values: number[] = [];
  const d0 = Math.ceil(a - eps),
    d1 = Math.floor(b + eps);
  if (d1 - d0 + 1 >= 3) {
    const n = d1 - d0 + 1,
      stride = Math.max(1, Math.ceil(n / Math.max(2, maxTicks)));
    for (let k = d0; k <= d1; k++) if (((k % stride) + stride) % stride === 0) values.push(pow10(k));
  } else {
    const ticks125 = (mantissas = [1, 2, 5]) => {
      const out: number[] = [];
      for (let k = Math.floor(a); k <= Math.ceil(b); k++) {
        for (const m of mantissas) {
          const v = tickValue(m, 1, k),
            l = Math.log10(v);
          if (l >= a - eps && l <= b + eps) out.push(v);
        }
      }
      return out;
    };
    values = ticks125();
    if (values.length < 2) {
      // Within one decade: widen to it (or them), then 1, 2, 5 ticks.
      a = Math.floor(a + eps);
      b = Math.ceil(b - eps);
      if (b === a) b = a + 1;
      values = ticks125();
    }
    if (values.length > Math.max(2, maxTicks)) values = ticks125([1]);
  }
  const minor: number[] = [];
  if (b - a <= 8) {
    for (let k = Math.floor(a); k <= Math.ceil(b); k++) {
      for (let m = 2; m <= 9; m++) {
        const v = tickValue(m, 1, k),
          l = Math.log10(v);
        if (l >= a && l <= b && !values.includes(v)) minor.push(v);
      }
    }
  }
  return { lo: Math.pow(10, a), hi: Math.pow(10, b), values, labels: formatLogTicks(values), minor };
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const GRID: Rgb = [225, 225, 225];
const PALETTE: Rgb[] = [
  [31, 119, 180],
  [214, 39, 40],
  [44, 160, 44],
  [255, 127, 14],
  [148, 103, 189],
  [140, 86, 75],
];

/**
 * Render series to a PNG image buffer (RGBA): white background, a framed plot area with grid
 * lines at "nice" ticks (1-2-5 steps; powers of ten on log axes) labelled in a 5x7 bitmap font,
 * optional title, axis labels (the y label rotated) and legend, one colour per series. Pure JS
 * (pngjs); deterministic, no fonts or native code needed.
 */
export function renderLinePlot(series: Series[], opts: LinePlotOptions = {}): Buffer {
  const W = opts.width ?? 640,
    H = opts.height ?? 400;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  const logX = !!opts.logX,
    logY = !!opts.logY;
  const s = Math.max(1, Math.round(opts.fontScale ?? (Math.min(W, H) < 360 ? 1 : 2)));
  const lineH = LINE_HEIGHT * s,
    capH = CAP_HEIGHT * s,
    pad = 4 + 2 * s,
    tick = 2 + 2 * s;

  // Data ranges.
  const okX = (v: number) => Number.isFinite(v) && (!logX || v > 0);
  const okY = (v: number) => Number.isFinite(v) && (!logY || v > 0);
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const srs of series) {
    for (let i = 0; i < srs.x.length; i++) {
      const xv = srs.x[i],
        yv = srs.y[i];
      if (!okY(yv)) continue;
      if (srs.hline) {
        if (i === 0) {
          y0 = Math.min(y0, yv);
          y1 = Math.max(y1, yv);
        }
        continue;
      }
      if (!okX(xv)) continue;
      x0 = Math.min(x0, xv);
      x1 = Math.max(x1, xv);
      y0 = Math.min(y0, yv);
      y1 = Math.max(y1, yv);
    }
  }
  if (!Number.isFinite(x0)) {
    x0 = logX ? 1 : 0;
    x1 = logX ? 10 : 1;
  }
  if (!Number.isFinite(y0)) {
    y0 = logY ? 1 : 0;
    y1 = logY ? 10 : 1;
  }
  const equal = !!opts.equalAxes && logX === logY;
  if (equal) {
    x0 = y0 = Math.min(x0, y0);
    x1 = y1 = Math.max(x1, y1);
  }

  // Vertical layout, then the y ticks (their labels' width sets the left margin), then the x ticks.
  const T = pad + (opts.title ? lineH + 2 * s : 0) + Math.ceil(capH / 2);
  const B = tick + 2 * s + lineH + (opts.xLabel ? s + lineH : 0) + pad - 2 * s;
  const plotH = Math.max(10, H - T - B);
  const yMax = Math.max(2, Math.floor(plotH / Math.max(40, 3.5 * capH)));
  let ya = logY ? logTicks(y0, y1, yMax + 1) : niceTicks(y0, y1, yMax);
  const leftMargin = () => {
    let yTickW = 0;
    for (const l of ya.labels) yTickW = Math.max(yTickW, textWidth(l, s));
    return pad + (opts.yLabel ? lineH + 2 * s : 0) + yTickW + tick + 2 * s;
  };
  let L = leftMargin();
  let R = pad + 2 * s;
  let plotW = Math.max(10, W - L - R);
  let xa!: AxisTicks;
  for (let n = Math.max(2, Math.floor(plotW / 50)); n >= 1; n--) {
    xa = logX ? logTicks(x0, x1, n + 1) : niceTicks(x0, x1, n);
    let lw = 0;
    for (const l of xa.labels) lw = Math.max(lw, textWidth(l, s));
    // Narrowest gap between neighbouring labelled ticks, in pixels.
    const f = (v: number) => (logX ? Math.log10(v) : v);
    let spacing = Infinity;
    for (let k = 1; k < xa.values.length; k++)
      spacing = Math.min(spacing, ((f(xa.values[k]) - f(xa.values[k - 1])) / (f(xa.hi) - f(xa.lo))) * plotW);
    if (spacing >= lw + 12 * s || n === 1) break;
  }
  if (equal) {
    // The coarser ticks on both axes.
    if (xa.values.length < ya.values.length) {
      ya = xa;
      L = leftMargin();
    } else xa = ya;
  }
  const lastXw = textWidth(xa.labels[xa.labels.length - 1] ?? '', s);
  R = Math.max(R, Math.ceil(lastXw / 2) + pad);
  plotW = Math.max(10, W - L - R);

  const fx = (v: number) => (logX ? Math.log10(v) : v),
    fy = (v: number) => (logY ? Math.log10(v) : v);
  const ax0 = fx(xa.lo),
    ax1 = fx(xa.hi),
    ay0 = fy(ya.lo),
    ay1 = fy(ya.hi);
  const px = (x: number) => L + ((fx(x) - ax0) / (ax1 - ax0)) * plotW;
  const py = (y: number) => T + plotH - ((fy(y) - ay0) / (ay1 - ay0)) * plotH;

  // Pixels; `clip` restricts drawing to the plot area (curves).
  const data = png.data;
  let clip = false;
  const set = (x: number, y: number, c: Rgb) => {
    const xi = Math.round(x),
      yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    if (clip && (xi < L || xi > L + plotW || yi < T || yi > T + plotH)) return;
    const o = (yi * W + xi) * 4;
    data[o] = c[0];
    data[o + 1] = c[1];
    data[o + 2] = c[2];
    data[o + 3] = 255;
  };
  const line = (xa_: number, ya_: number, xb: number, yb: number, c: Rgb, dash = false) => {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(xb - xa_), Math.abs(yb - ya_))));
    for (let k = 0; k <= n; k++) {
      if (dash && Math.floor(k / 6) % 2 === 1) continue;
      set(xa_ + ((xb - xa_) * k) / n, ya_ + ((yb - ya_) * k) / n, c);
    }
  };
  const fillRect = (x: number, y: number, w: number, h: number, c: Rgb) => {
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) set(x + i, y + j, c);
  };
  const xL = L,
    xR = L + plotW,
    yT = T,
    yB = T + plotH;

  // Grid, minor ticks.
  for (const v of xa.values) line(px(v), yT, px(v), yB, GRID);
  for (const v of ya.values) line(xL, py(v), xR, py(v), GRID);
  for (const v of xa.minor) line(px(v), yB, px(v), yB - tick / 2, BLACK);
  for (const v of ya.minor) line(xL, py(v), xL + tick / 2, py(v), BLACK);

  // Curves.
  clip = true;
  series.forEach((srs, si) => {
    const c = srs.color ?? PALETTE[si % PALETTE.length];
    if (srs.hline) {
      if (srs.y.length > 0 && okY(srs.y[0])) line(xL, py(srs.y[0]), xR, py(srs.y[0]), c, true);
      return;
    }
    let hasPrev = false,
      qx = 0,
      qy = 0;
    for (let i = 0; i < srs.x.length; i++) {
      const xv = srs.x[i],
        yv = srs.y[i];
      if (!okX(xv) || !okY(yv)) {
        hasPrev = false;
        continue;
      }
      const cx = px(xv),
        cy = py(yv);
      if (srs.points) {
        set(cx, cy, c);
        set(cx + 1, cy, c);
        set(cx, cy + 1, c);
        set(cx + 1, cy + 1, c);
        continue;
      }
      if (hasPrev) line(qx, qy, cx, cy, c);
      else set(cx, cy, c);
      hasPrev = true;
      qx = cx;
      qy = cy;
    }
  });
  clip = false;

  // Frame, ticks, tick labels.
  line(xL, yT, xR, yT, BLACK);
  line(xL, yB, xR, yB, BLACK);
  line(xL, yT, xL, yB, BLACK);
  line(xR, yT, xR, yB, BLACK);
  let lastRight = -Infinity;
  xa.values.forEach((v, k) => {
    const x = Math.round(px(v));
    line(x, yB, x, yB + tick, BLACK);
    const l = xa.labels[k],
      w = textWidth(l, s);
    const left = Math.round(x - w / 2);
    if (left > lastRight + 2 * s) {
      drawText(png, l, left, yB + tick + 2 * s, BLACK, { scale: s });
      lastRight = left + w;
    }
  });
  ya.values.forEach((v, k) => {
    const y = Math.round(py(v));
    line(xL - tick, y, xL, y, BLACK);
    const l = ya.labels[k];
    drawText(png, l, xL - tick - 2 * s - textWidth(l, s), y - Math.floor(capH / 2), BLACK, { scale: s });
  });

  // Title and axis labels.
  if (opts.title) {
    // One font step smaller when it would not fit.
    const ts = s > 1 && textWidth(opts.title, s) + 1 > W - 2 * pad ? s - 1 : s;
    const w = textWidth(opts.title, ts) + 1;
    let x = Math.round(xL + (plotW - w) / 2);
    if (x + w > W - pad) x = W - pad - w;
    if (x < pad) x = pad;
    drawText(png, opts.title, x, pad + (s - ts) * CAP_HEIGHT, BLACK, { scale: ts, bold: true });
  }
  if (opts.xLabel) {
    const w = textWidth(opts.xLabel, s);
    drawText(png, opts.xLabel, Math.max(pad, Math.round(xL + (plotW - w) / 2)), yB + tick + 2 * s + lineH + s, BLACK, {
      scale: s,
    });
  }
  if (opts.yLabel) {
    const w = textWidth(opts.yLabel, s);
    drawText(png, opts.yLabel, pad, Math.max(0, Math.round(yT + (plotH - w) / 2)), BLACK, { scale: s, vertical: true });
  }

  // Legend: labelled series, in the plot corner with the fewest curve pixels.
  const labelled = series
    .map((srs, si) => ({ srs, si }))
    .filter((e) => e.srs.label !== undefined && e.srs.label !== '');
  const where = opts.legend ?? 'auto';
  if (labelled.length > 0 && where !== 'none') {
    const sw = 8 * s + 4,
      gap = 3 * s,
      inner = 2 * s + 2,
      rowH = lineH + s;
    let tw = 0;
    for (const e of labelled) tw = Math.max(tw, textWidth(e.srs.label!, s));
    const bw = Math.min(plotW - 4, inner * 2 + sw + gap + tw),
      bh = Math.min(plotH - 4, inner * 2 + rowH * labelled.length - s);
    const inset = 3 * s;
    const corners: Record<Exclude<LegendPosition, 'auto' | 'none'>, [number, number]> = {
      'top-right': [xR - inset - bw, yT + inset],
      'top-left': [xL + inset, yT + inset],
      'bottom-right': [xR - inset - bw, yB - inset - bh],
      'bottom-left': [xL + inset, yB - inset - bh],
    };
    let pos = corners['top-right'];
    if (where !== 'auto') pos = corners[where];
    else {
      let best = Infinity;
      for (const key of ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const) {
        const [cx, cy] = corners[key];
        let ink = 0;
        for (let j = Math.max(0, cy); j < Math.min(H, cy + bh); j++) {
          for (let i = Math.max(0, cx); i < Math.min(W, cx + bw); i++) {
            const o = (j * W + i) * 4,
              r = data[o];
            // Curve pixels: anything but white and the grid grey.
            if (!(r === data[o + 1] && r === data[o + 2] && r >= GRID[0])) ink++;
          }
        }
        if (ink < best) {
          best = ink;
          pos = corners[key];
        }
      }
    }
    const [bx, by] = pos;
    fillRect(bx, by, bw, bh, WHITE);
    const edge: Rgb = [160, 160, 160];
    line(bx, by, bx + bw - 1, by, edge);
    line(bx, by + bh - 1, bx + bw - 1, by + bh - 1, edge);
    line(bx, by, bx, by + bh - 1, edge);
    line(bx + bw - 1, by, bx + bw - 1, by + bh - 1, edge);
    labelled.forEach(({ srs, si }, k) => {
      const c = srs.color ?? PALETTE[si % PALETTE.length];
      const ry = by + inner + k * rowH,
        mid = ry + Math.floor(capH / 2);
      const x = bx + inner;
      if (srs.points) {
        for (const dx of [1, Math.floor(sw / 2) - 1, sw - 3]) fillRect(x + dx, mid - 1, 2, 2, c);
      } else {
        for (let t = 0; t < Math.max(1, s); t++) line(x, mid + t, x + sw - 1, mid + t, c, !!srs.hline);
      }
      drawText(png, srs.label!, x + sw + gap, ry, BLACK, { scale: s });
    });
  }
  return PNG.sync.write(png);
}

/** Render and write a PNG file. */
export function writeLinePlot(path: string, series: Series[], opts: LinePlotOptions = {}): void {
  writeFileSync(path, renderLinePlot(series, opts));
}
