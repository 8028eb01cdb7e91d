import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  FONT_CHARSET,
  LINE_HEIGHT,
  drawText,
  fontText,
  glyphRows,
  hasGlyph,
  textWidth,
} from '../../src/plot/bitmap_font.js';
import { type Series, logTicks, niceTicks, renderLinePlot } from '../../src/plot/line_plot.js';

/** Steps between consecutive ticks, all equal (to rounding) and returned. */
function uniformStep(values: number[]): number {
  const step = values[1] - values[0];
  for (let k = 1; k < values.length; k++) expect(values[k] - values[k - 1]).toBeCloseTo(step, 12);
  return step;
}

describe('nice ticks', () => {
  it('cover [-0.17, 3.5] in steps of 0.5 or 1', () => {
    for (const n of [5, 6, 8]) {
      const t = niceTicks(-0.17, 3.5, n);
      const step = uniformStep(t.values);
      expect([0.5, 1]).toContain(Number(step.toPrecision(6)));
      expect(t.lo).toBeLessThanOrEqual(-0.17);
      expect(t.hi).toBeGreaterThanOrEqual(3.5);
      expect(t.values[0]).toBe(t.lo);
      expect(t.values[t.values.length - 1]).toBe(t.hi);
      expect(t.values.length - 1).toBeLessThanOrEqual(n);
    }
    expect(niceTicks(-0.17, 3.5, 6).labels).toEqual(['-1', '0', '1', '2', '3', '4']);
    expect(niceTicks(-0.17, 3.5, 8).labels).toEqual(['-0.5', '0.0', '0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5']);
  });

  it('cover [0.015, 5.985] with 0..6 (steps of 1 or 2)', () => {
    expect(niceTicks(0.015, 5.985, 6).values).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(niceTicks(0.015, 5.985, 5).values).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0.015, 5.985, 6).labels).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });

  it('label with only the digits the step needs, without binary noise', () => {
    const t = niceTicks(-0.1668, 0.7508, 5);
    expect(t.labels).toEqual(['-0.2', '0.0', '0.2', '0.4', '0.6', '0.8']);
    expect(niceTicks(0.0012, 0.0019, 5).labels).toEqual(['0.0012', '0.0014', '0.0016', '0.0018', '0.0020']);
    expect(niceTicks(0.1, 0.7, 6).labels).toEqual(['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
    expect(niceTicks(-469.16, -469.08, 4).labels).toEqual(['-469.16', '-469.14', '-469.12', '-469.10', '-469.08']);
  });

  it('switch to scientific form for very large and very small values', () => {
    expect(niceTicks(0, 1e6, 5).labels).toEqual(['0', '2e5', '4e5', '6e5', '8e5', '1e6']);
    expect(niceTicks(1e-5, 4.3e-4, 5).labels).toEqual(['0', '1e-4', '2e-4', '3e-4', '4e-4', '5e-4']);
    expect(niceTicks(1.2e-7, 2.9e-7, 4).labels).toEqual(['1e-7', '1.5e-7', '2e-7', '2.5e-7', '3e-7']);
  });

  it('widen a zero-width range', () => {
    const t = niceTicks(3, 3, 5);
    expect(t.lo).toBeLessThan(3);
    expect(t.hi).toBeGreaterThan(3);
    expect(t.values).toContain(3);
    expect(niceTicks(0, 0, 5).values).toContain(0);
  });

  it('put log-axis ticks at powers of ten: [1e-3, 2] -> 1e-3 .. 1', () => {
    const t = logTicks(1e-3, 2);
    expect(t.values).toEqual([1e-3, 1e-2, 0.1, 1]);
    expect(t.labels).toEqual(['0.001', '0.01', '0.1', '1']);
    expect(t.lo).toBeLessThanOrEqual(1e-3);
    expect(t.hi).toBeGreaterThanOrEqual(2);
    expect(t.minor).toContain(2e-3);
    expect(t.minor).toContain(0.5);
  });

  it('thin out many decades and write them in scientific form', () => {
    const t = logTicks(1e-7, 1e3, 8);
    expect(t.values.length).toBeLessThanOrEqual(8);
    for (const v of t.values) expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 12);
    expect(t.labels).toEqual(['1e-6', '1e-4', '1e-2', '1e0', '1e2']);
  });

  it('add 2 and 5 ticks within a narrow log range', () => {
    expect(logTicks(0.05, 0.5).values).toEqual([0.05, 0.1, 0.2, 0.5]);
    expect(logTicks(0.03, 0.9).labels).toEqual(['0.05', '0.1', '0.2', '0.5']);
    // Within one decade: widened to it.
    const t = logTicks(0.26, 0.95);
    expect(t.values).toEqual([0.1, 0.2, 0.5, 1]);
    expect([t.lo, t.hi]).toEqual([0.1, 1]);
  });
});

describe('bitmap font', () => {
  const required = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,-+()/:=_%[]<>'| ";

  it('has a glyph for every required character and every character of its table', () => {
    for (const ch of required) expect(hasGlyph(ch), ch).toBe(true);
    for (const ch of FONT_CHARSET) {
      expect(hasGlyph(ch), ch).toBe(true);
      const rows = glyphRows(ch)!;
      expect(rows.length).toBe(LINE_HEIGHT);
      if (ch !== ' ') expect(rows.join('').includes('#'), ch).toBe(true);
    }
  });

  it('keeps glyphs distinct', () => {
    const seen = new Map<string, string>();
    for (const ch of FONT_CHARSET) {
      if (ch === ' ') continue;
      const key = glyphRows(ch)!.join('/');
      expect(seen.get(key), `${ch} looks like ${seen.get(key)}`).toBeUndefined();
      seen.set(key, ch);
    }
  });

  it('substitutes characters outside the table', () => {
    expect(fontText('r (Å)')).toBe('r (A)');
    expect(fontText('naïve café')).toBe('naive cafe');
    expect(fontText('−1 × 2 µm')).toBe('-1 x 2 um');
    expect(fontText('σ→')).toBe('??');
    expect(fontText('plain ASCII')).toBe('plain ASCII');
    expect(textWidth('Å', 2)).toBe(textWidth('A', 2));
  });

  it('draws text inside the box it measures, also rotated', () => {
    const W = 120,
      H = 120;
    for (const vertical of [false, true]) {
      const img = { data: new Uint8Array(W * H * 4).fill(255), width: W, height: H };
      const w = drawText(img, 'g(r) Ay_', 10, 10, [0, 0, 0], { scale: 2, vertical });
      expect(w).toBe(textWidth('g(r) Ay_', 2));
      let x0 = W,
        x1 = -1,
        y0 = H,
        y1 = -1;
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          if (img.data[(y * W + x) * 4] === 0) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
      const [bw, bh] = vertical ? [2 * LINE_HEIGHT, w] : [w, 2 * LINE_HEIGHT];
      expect(x0).toBeGreaterThanOrEqual(10);
      expect(y0).toBeGreaterThanOrEqual(10);
      expect(x1).toBeLessThan(10 + bw);
      expect(y1).toBeLessThan(10 + bh);
      // The descenders of g, y and _ reach the last rows of the line.
      if (!vertical) expect(y1).toBe(10 + bh - 1);
      else expect(x1).toBe(10 + bw - 1);
    }
  });
});

describe('renderLinePlot', () => {
  const x = Array.from({ length: 100 }, (_, i) => 0.03 + i * 0.06);
  const series: Series[] = [
    { x, y: x.map((r) => 1 + Math.exp(-r) * Math.sin(4 * r)), label: 'g_1_1' },
    { x, y: x.map((r) => 1 + 0.5 * Math.exp(-r) * Math.sin(4 * r)), label: 'g_1_2' },
  ];
  const unlabelled = series.map(({ x: sx, y: sy }) => ({ x: sx, y: sy }));
  const read = (buf: Buffer) => PNG.sync.read(buf);
  /** Non-white pixels in a rectangle, and their bounding box. */
  const ink = (p: PNG, x0: number, y0: number, x1: number, y1: number) => {
    let n = 0,
      bx0 = Infinity,
      bx1 = -Infinity,
      by0 = Infinity,
      by1 = -Infinity;
    for (let y = y0; y < y1; y++)
      for (let xx = x0; xx < x1; xx++) {
        const o = (y * p.width + xx) * 4;
        if (p.data[o] !== 255 || p.data[o + 1] !== 255 || p.data[o + 2] !== 255) {
          n++;
          bx0 = Math.min(bx0, xx);
          bx1 = Math.max(bx1, xx);
          by0 = Math.min(by0, y);
          by1 = Math.max(by1, y);
        }
      }
    return { n, w: bx1 - bx0 + 1, h: by1 - by0 + 1 };
  };

  it('keeps the old call forms working, deterministically', () => {
    const a = renderLinePlot(unlabelled),
      b = renderLinePlot(unlabelled);
    expect(a.equals(b)).toBe(true);
    const p = read(a);
    expect([p.width, p.height]).toEqual([640, 400]);
    const q = read(
      renderLinePlot(
        [
          { x: [0, 1, 2], y: [1, 1e-3, 1e-5] },
          { x: [0], y: [1e-2], hline: true },
        ],
        { logY: true, width: 300, height: 200 },
      ),
    );
    expect([q.width, q.height]).toEqual([300, 200]);
    // No title: the top rows are blank.
    expect(ink(p, 0, 0, 640, 8).n).toBe(0);
  });

  it('draws title, axis labels and legend where they belong', () => {
    const opts = { title: 'fix ave/time a: step 100', xLabel: 'r (Å)', yLabel: 'g(r)' };
    const p = read(renderLinePlot(series, opts));
    expect([p.width, p.height]).toEqual([640, 400]);
    const title = ink(p, 0, 0, 640, 28);
    expect(title.n).toBeGreaterThan(100);
    expect(title.w).toBeGreaterThan(title.h * 5);
    const xl = ink(p, 0, 400 - 22, 640, 400);
    expect(xl.n).toBeGreaterThan(40);
    expect(xl.w).toBeGreaterThan(xl.h);
    // The y label is rotated: a tall, narrow strip at the left edge.
    const yl = ink(p, 0, 0, 28, 400);
    expect(yl.n).toBeGreaterThan(40);
    expect(yl.h).toBeGreaterThan(2 * yl.w);

    // The legend changes no layout: labelled and unlabelled series differ only in the legend box.
    const q = read(renderLinePlot(unlabelled, opts));
    let diff = 0,
      border = 0;
    for (let o = 0; o < p.data.length; o += 4) {
      if (p.data[o] !== q.data[o] || p.data[o + 1] !== q.data[o + 1] || p.data[o + 2] !== q.data[o + 2]) {
        diff++;
        if (p.data[o] === 160 && p.data[o + 1] === 160 && p.data[o + 2] === 160) border++;
      }
    }
    expect(diff).toBeGreaterThan(100);
    expect(border).toBeGreaterThan(50);
    expect(renderLinePlot(series, { ...opts, legend: 'none' }).equals(renderLinePlot(unlabelled, opts))).toBe(true);
    expect(
      renderLinePlot(
        series.map((srs) => ({ ...srs, label: '' })),
        opts,
      ).equals(renderLinePlot(unlabelled, opts)),
    ).toBe(true);
  });

  it('renders parity-style equal axes and small images with labels', () => {
    const ref = Array.from({ length: 50 }, (_, i) => -469.16 + i * 0.0016);
    const p = read(
      renderLinePlot(
        [
          { x: [ref[0], ref[49]], y: [ref[0], ref[49]], label: 'y = x' },
          { x: ref, y: ref.map((v, i) => v + (i % 3) * 1e-3), points: true, label: '50 frames' },
        ],
        {
          width: 480,
          height: 480,
          equalAxes: true,
          title: 'energy per atom',
          xLabel: 'DFT energy (eV/atom)',
          yLabel: 'model energy (eV/atom)',
        },
      ),
    );
    expect([p.width, p.height]).toEqual([480, 480]);
    const small = read(
      renderLinePlot(series, {
        width: 200,
        height: 150,
        title: 'a rather long title that does not fit',
        xLabel: 'x',
        yLabel: 'y',
      }),
    );
    expect([small.width, small.height]).toEqual([200, 150]);
  });
});
