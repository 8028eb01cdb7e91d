/**
 * A labelled heat map with contour lines as a PNG (pngjs, 5x7 bitmap font of bitmap_font.ts): a
 * regular grid of values z[i * ny + j] at x_i (columns, left to right) and y_j (rows, bottom to top),
 * each pixel coloured by bilinear interpolation through a viridis-like colour map, contour lines by
 * marching squares at the given levels, axes with nice ticks, axis labels, title and a colour bar
 * with its own label. Deterministic, pure JS.
 */
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
import { CAP_HEIGHT, LINE_HEIGHT, drawText, textWidth } from './bitmap_font.js';
import { niceTicks } from './line_plot.js';

type Rgb = [number, number, number];

export interface HeatMapOptions {
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Label of the colour bar (drawn rotated at its right). */
  colorLabel?: string;
  /** Contour levels (values of z); default: the colour bar's ticks inside the range. */
  contours?: number[];
  /** Colour range; default [min z, max z]. */
  zMin?: number;
  zMax?: number;
  /** Pixel size of a font dot (default 2). */
  fontScale?: number;
}

/** Viridis anchor colours (matplotlib's map sampled at 0, 0.25, 0.5, 0.75, 1). */
const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Colour of t in [0, 1] (clamped), piecewise linear between the anchors. */
export function colormap(t: number): Rgb {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(u)),
    f = u - k;
  const a = VIRIDIS[k],
    b = VIRIDIS[k + 1];
  return [
    Math.round(a[0] + f * (b[0] - a[0])),
    Math.round(a[1] + f * (b[1] - a[1])),
    Math.round(a[2] + f * (b[2] - a[2])),
  ];
}

/**
 * Contour segments of a grid at `level` by marching squares (cell corners z00, z10, z11, z01),
 * in grid index coordinates (i along x, j along y). Saddle cells use the cell mean to choose.
 */
export function contourSegments(z: ArrayLike<number>, nx: number, ny: number, level: number): number[] {
  const seg: number[] = [];
  const at = (i: number, j: number) => z[i * ny + j];
  for (let i = 0; i + 1 < nx; i++) {
    for (let j = 0; j + 1 < ny; j++) {
      const v = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      if (!v.every(Number.isFinite)) continue;
      const cx = [i, i + 1, i + 1, i],
        cy = [j, j, j + 1, j + 1];
      // crossing points on the 4 edges (k -> k+1)
      const pts: [number, number][] = [];
      const edges: number[] = [];
      for (let k = 0; k < 4; k++) {
        const a = v[k],
          b = v[(k + 1) % 4];
        if (a < level !== b < level) {
          const t = (level - a) / (b - a);
          const k1 = (k + 1) % 4;
          pts.push([cx[k] + t * (cx[k1] - cx[k]), cy[k] + t * (cy[k1] - cy[k])]);
          edges.push(k);
        }
      }
      if (pts.length === 2) seg.push(pts[0][0], pts[0][1], pts[1][0], pts[1][1]);
      else if (pts.length === 4) {
        const mean = (v[0] + v[1] + v[2] + v[3]) / 4;
        // centre on corner 0's side: corners 0 and 2 connect through it, the lines cut off corners
        // 1 (edges 0, 1) and 3 (edges 2, 3); otherwise they cut off corners 0 (edges 3, 0) and 2 (1, 2)
        const pair = v[0] < level === mean < level ? [0, 1, 2, 3] : [0, 3, 1, 2];
        seg.push(pts[pair[0]][0], pts[pair[0]][1], pts[pair[1]][0], pts[pair[1]][1]);
        seg.push(pts[pair[2]][0], pts[pair[2]][1], pts[pair[3]][0], pts[pair[3]][1]);
      }
    }
  }
  return seg;
}

/** Render the heat map to PNG bytes. x: nx ascending, y: ny ascending, z: nx x ny (z[i * ny + j]). */
export function renderHeatMap(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number>,
  opts: HeatMapOptions = {},
): Buffer {
  const nx = x.length,
    ny = y.length;
  if (nx < 2 || ny < 2 || z.length !== nx * ny)
    throw new Error(`heat map: need a grid of at least 2 x 2, got ${nx} x ${ny} with ${z.length} values`);
  const W = opts.width ?? 640,
    H = opts.height ?? 520;
  const s = Math.max(1, Math.round(opts.fontScale ?? 2));
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  let z0 = Infinity,
    z1 = -Infinity;
  for (let k = 0; k < z.length; k++) {
    if (!Number.isFinite(z[k])) continue;
    z0 = Math.min(z0, z[k]);
    z1 = Math.max(z1, z[k]);
  }
  if (!Number.isFinite(z0)) {
    z0 = 0;
    z1 = 1;
  }
  z0 = opts.zMin ?? z0;
  z1 = opts.zMax ?? z1;
  if (!(z1 > z0)) z1 = z0 + 1;
  const ct = niceTicks(z0, z1, 6);
  const xt = niceTicks(x[0], x[nx - 1], 6),
    yt = niceTicks(y[0], y[ny - 1], 6);
  const lineH = LINE_HEIGHT * s,
    capH = CAP_HEIGHT * s,
    pad = 4 + 2 * s,
    tick = 2 + 2 * s;
  let yTickW = 0;
  for (const l of yt.labels) yTickW = Math.max(yTickW, textWidth(l, s));
  let cTickW = 0;
  for (const l of ct.labels) cTickW = Math.max(cTickW, textWidth(l, s));
  const T = pad + (opts.title ? lineH + 2 * s : 0) + Math.ceil(capH / 2);
  const B = tick + 2 * s + lineH + (opts.xLabel ? s + lineH : 0) + pad;
  const L = pad + (opts.yLabel ? lineH + 2 * s : 0) + yTickW + tick + 2 * s;
  const barW = 8 * s,
    R = pad + (opts.colorLabel ? lineH + 2 * s : 0) + cTickW + tick + 2 * s + barW + 6 * s;
  const plotW = Math.max(10, W - L - R),
    plotH = Math.max(10, H - T - B);
  const data = png.data;
  const set = (px: number, py: number, c: Rgb) => {
    const xi = Math.round(px),
      yi = Math.round(py);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    const o = (yi * W + xi) * 4;
    data[o] = c[0];
    data[o + 1] = c[1];
    data[o + 2] = c[2];
    data[o + 3] = 255;
  };
  const line = (xa: number, ya: number, xb: number, yb: number, c: Rgb) => {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(xb - xa), Math.abs(yb - ya))));
    for (let k = 0; k <= n; k++) set(xa + ((xb - xa) * k) / n, ya + ((yb - ya) * k) / n, c);
  };
  // axis limits: the data's extent (ticks outside it are not drawn)
  const xlo = x[0],
    xhi = x[nx - 1],
    ylo = y[0],
    yhi = y[ny - 1];
  const px = (v: number) => L + ((v - xlo) / (xhi - xlo)) * plotW;
  const py = (v: number) => T + plotH - ((v - ylo) / (yhi - ylo)) * plotH;
  // index coordinate -> value (grid may be non-uniform: interpolate)
  const ix = (a: ArrayLike<number>, n: number, u: number) => {
    const k = Math.min(n - 2, Math.max(0, Math.floor(u)));
    return a[k] + (u - k) * (a[k + 1] - a[k]);
  };
  const findCell = (a: ArrayLike<number>, n: number, v: number) => {
    let lo = 0,
      hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (a[mid] <= v) lo = mid;
      else hi = mid;
    }
    return lo + Math.min(1, Math.max(0, (v - a[lo]) / (a[lo + 1] - a[lo])));
  };
  // pixels
  for (let r = 0; r <= plotH; r++) {
    const yv = ylo + ((plotH - r) / plotH) * (yhi - ylo);
    const uj = findCell(y, ny, yv);
    const j = Math.min(ny - 2, Math.floor(uj)),
      fj = uj - j;
    for (let c = 0; c <= plotW; c++) {
      const xv = xlo + (c / plotW) * (xhi - xlo);
      const ui = findCell(x, nx, xv);
      const i = Math.min(nx - 2, Math.floor(ui)),
        fi = ui - i;
      const v =
        (1 - fi) * (1 - fj) * z[i * ny + j] +
        fi * (1 - fj) * z[(i + 1) * ny + j] +
        fi * fj * z[(i + 1) * ny + j + 1] +
        (1 - fi) * fj * z[i * ny + j + 1];
      set(L + c, T + r, Number.isFinite(v) ? colormap((v - z0) / (z1 - z0)) : [255, 255, 255]);
    }
  }
  // contours
  const levels = opts.contours ?? ct.values.filter((v) => v > z0 && v < z1);
  const white: Rgb = [255, 255, 255],
    black: Rgb = [0, 0, 0];
  for (const lev of levels) {
    const sg = contourSegments(z, nx, ny, lev);
    for (let k = 0; k < sg.length; k += 4)
      line(px(ix(x, nx, sg[k])), py(ix(y, ny, sg[k + 1])), px(ix(x, nx, sg[k + 2])), py(ix(y, ny, sg[k + 3])), white);
  }
  // frame, ticks, labels
  const xL = L,
    xR = L + plotW,
    yT = T,
    yB = T + plotH;
  line(xL, yT, xR, yT, black);
  line(xL, yB, xR, yB, black);
  line(xL, yT, xL, yB, black);
  line(xR, yT, xR, yB, black);
  xt.values.forEach((v, k) => {
    if (v < xlo - 1e-9 || v > xhi + 1e-9) return;
    const X = Math.round(px(v));
    line(X, yB, X, yB + tick, black);
    const l = xt.labels[k];
    drawText(png, l, X - textWidth(l, s) / 2, yB + tick + 2 * s, black, { scale: s });
  });
  yt.values.forEach((v, k) => {
    if (v < ylo - 1e-9 || v > yhi + 1e-9) return;
    const Y = Math.round(py(v));
    line(xL - tick, Y, xL, Y, black);
    const l = yt.labels[k];
    drawText(png, l, xL - tick - 2 * s - textWidth(l, s), Y - Math.floor(capH / 2), black, { scale: s });
  });
  if (opts.title) {
    const w = textWidth(opts.title, s);
    drawText(png, opts.title, Math.max(pad, Math.round(xL + (plotW - w) / 2)), pad, black, { scale: s, bold: true });
  }
  if (opts.xLabel) {
    const w = textWidth(opts.xLabel, s);
    drawText(png, opts.xLabel, Math.max(pad, Math.round(xL + (plotW - w) / 2)), yB + tick + 2 * s + lineH + s, black, {
      scale: s,
    });
  }
  if (opts.yLabel) {
    const w = textWidth(opts.yLabel, s);
    drawText(png, opts.yLabel, pad, Math.max(0, Math.round(yT + (plotH - w) / 2)), black, { scale: s, vertical: true });
  }
  // colour bar
  const bx = xR + 6 * s;
  for (let r = 0; r <= plotH; r++) {
    const c = colormap((plotH - r) / plotH);
    for (let q = 0; q < barW; q++) set(bx + q, yT + r, c);
  }
  line(bx, yT, bx + barW, yT, black);
  line(bx, yB, bx + barW, yB, black);
  line(bx, yT, bx, yB, black);
  line(bx + barW, yT, bx + barW, yB, black);
  const pz = (v: number) => yT + plotH - ((v - z0) / (z1 - z0)) * plotH;
  ct.values.forEach((v, k) => {
    if (v < z0 - 1e-9 || v > z1 + 1e-9) return;
    const Y = Math.round(pz(v));
    line(bx + barW, Y, bx + barW + tick, Y, black);
    drawText(png, ct.labels[k], bx + barW + tick + 2 * s, Y - Math.floor(capH / 2), black, { scale: s });
  });
  if (opts.colorLabel) {
    const w = textWidth(opts.colorLabel, s);
    drawText(
      png,
      opts.colorLabel,
      bx + barW + tick + 4 * s + cTickW,
      Math.max(0, Math.round(yT + (plotH - w) / 2)),
      black,
      {
        scale: s,
        vertical: true,
      },
    );
  }
  return PNG.sync.write(png);
}

export function writeHeatMap(
  path: string,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number>,
  opts: HeatMapOptions = {},
): void {
  writeFileSync(path, renderHeatMap(x, y, z, opts));
}
