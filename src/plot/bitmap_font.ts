/**
 * A 5x7 bitmap font (cap height 7 rows, 2 more rows for descenders) for the PNG plots of
 * src/plot: printable ASCII plus the degree sign. Glyphs are proportional (empty columns at the
 * sides trimmed, one column between glyphs) except the digits, which keep their full width so that
 * numbers line up. Characters outside the table are substituted (accents dropped: Å -> A; a few
 * typographic signs to their ASCII look-alikes; anything else -> '?'). Pure JS, no allocation per
 * drawn pixel; text can be drawn horizontally or rotated 90 degrees counter-clockwise (y-axis labels).
 */

/** Columns of a full-width glyph. */
export const GLYPH_WIDTH = 5;
/** Rows from the top of a capital to the baseline. */
export const CAP_HEIGHT = 7;
/** Rows of a text line: cap height plus descenders (g, j, p, q, y, comma, underscore). */
export const LINE_HEIGHT = 9;

/**
 * Rows top to bottom, '#' = ink; 7 rows, or 8-9 where the glyph descends below the baseline.
 * Space is handled separately (no ink, fixed advance).
 */
const GLYPH_ROWS: Record<string, string> = {
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  a: '..... ..... .###. ....# .#### #...# .####',
  b: '#.... #.... ####. #...# #...# #...# ####.',
  c: '..... ..... .###. #.... #.... #.... .###.',
  d: '....# ....# .#### #...# #...# #...# .####',
  e: '..... ..... .###. #...# ##### #.... .###.',
  f: '..##. .#... .#... ###.. .#... .#... .#...',
  g: '..... ..... .#### #...# #...# #...# .#### ....# .###.',
  h: '#.... #.... ####. #...# #...# #...# #...#',
  i: '..#.. ..... .##.. ..#.. ..#.. ..#.. .###.',
  j: '...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..',
  k: '#.... #.... #..#. #.#.. ##... #.#.. #..#.',
  l: '.##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  m: '..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#',
  n: '..... ..... ####. #...# #...# #...# #...#',
  o: '..... ..... .###. #...# #...# #...# .###.',
  p: '..... ..... ####. #...# #...# #...# ####. #.... #....',
  q: '..... ..... .#### #...# #...# #...# .#### ....# ....#',
  r: '..... ..... #.##. ##..# #.... #.... #....',
  s: '..... ..... .#### #.... .###. ....# ####.',
  t: '.#... .#... ###.. .#... .#... .#..# ..##.',
  u: '..... ..... #...# #...# #...# #..## .##.#',
  v: '..... ..... #...# #...# #...# .#.#. ..#..',
  w: '..... ..... #...# #...# #.#.# #.#.# .#.#.',
  x: '..... ..... #...# .#.#. ..#.. .#.#. #...#',
  y: '..... ..... #...# #...# #...# #...# .#### ....# .###.',
  z: '..... ..... ##### ...#. ..#.. .#... #####',
  0: '.###. #...# #..## #.#.# ##..# #...# .###.',
  1: '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  2: '.###. #...# ....# ...#. ..#.. .#... #####',
  3: '##### ...#. ..#.. ...#. ....# #...# .###.',
  4: '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  5: '##### #.... ####. ....# ....# #...# .###.',
  6: '..##. .#... #.... ####. #...# #...# .###.',
  7: '##### ....# ...#. ..#.. .#... .#... .#...',
  8: '.###. #...# #...# .###. #...# #...# .###.',
  9: '.###. #...# #...# .#### ....# ...#. .##..',
  '.': '..... ..... ..... ..... ..... ..... ..#..',
  ',': '..... ..... ..... ..... ..... ..#.. ..#.. .#...',
  '-': '..... ..... ..... .###. ..... ..... .....',
  '+': '..... ..#.. ..#.. ##### ..#.. ..#.. .....',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  '/': '....# ....# ...#. ..#.. .#... #.... #....',
  ':': '..... ..... ..#.. ..... ..... ..... ..#..',
  '=': '..... ..... ##### ..... ##### ..... .....',
  _: '..... ..... ..... ..... ..... ..... ..... ..... #####',
  '%': '##..# ##..# ...#. ..#.. .#... #..## #..##',
  '[': '.###. .#... .#... .#... .#... .#... .###.',
  ']': '.###. ...#. ...#. ...#. ...#. ...#. .###.',
  '<': '...#. ..#.. .#... #.... .#... ..#.. ...#.',
  '>': '.#... ..#.. ...#. ....# ...#. ..#.. .#...',
  "'": '..#.. ..#.. ..#.. ..... ..... ..... .....',
  '|': '..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  '!': '..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..',
  '?': '.###. #...# ....# ...#. ..#.. ..... ..#..',
  '"': '.#.#. .#.#. .#.#. ..... ..... ..... .....',
  '#': '.#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.',
  $: '..#.. .#### #.#.. .###. ..#.# ####. ..#..',
  '&': '.##.. #..#. #.#.. .#... #.#.# #..#. .##.#',
  '*': '..... ..#.. #.#.# .###. #.#.# ..#.. .....',
  ';': '..... ..... ..#.. ..... ..... ..#.. ..#.. .#...',
  '@': '.###. #...# #.### #.#.# #.### #.... .####',
  '^': '..#.. .#.#. #...# ..... ..... ..... .....',
  '`': '.#... ..#.. ..... ..... ..... ..... .....',
  '{': '...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.',
  '}': '.#... ..#.. ..#.. ...#. ..#.. ..#.. .#...',
  '~': '..... ..... .#... #.#.# ...#. ..... .....',
  '\\': '#.... #.... .#... ..#.. ...#. ....# ....#',
  '\u00b0': '.##.. #..#. .##.. ..... ..... ..... .....', // degree sign
};

/** Look-alikes for common characters outside the table (after accents are dropped). */
const SUBSTITUTES: Record<string, string> = {
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u00d7': 'x',
  '\u00b7': '.',
  '\u2022': '.',
  '\u2026': '...',
  '\u00b1': '+-',
  '\u2018': "'",
  '\u2019': "'",
  '\u00b4': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00b5': 'u',
  '\u00df': 'ss',
  '\u00c6': 'AE',
  '\u00e6': 'ae',
  '\u00d8': 'O',
  '\u00f8': 'o',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2248': '~',
  '\u00b2': '2',
  '\u00b3': '3',
  '\u00b9': '1',
  '\u00a0': ' ',
  '\t': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

/** Every character that has its own glyph (space included). */
export const FONT_CHARSET: string = ` ${Object.keys(GLYPH_ROWS).join('')}`;

// Decoded table: 9 row masks per glyph (bit 4 = leftmost column), left offset and width in columns.
const NG = Object.keys(GLYPH_ROWS).length + 1;
const MASKS = new Uint8Array(NG * LINE_HEIGHT);
const LEFT = new Uint8Array(NG);
const WIDTH = new Uint8Array(NG);
const INDEX = new Map<string, number>();
INDEX.set(' ', 0);
WIDTH[0] = 3;
{
  let g = 1;
  for (const [ch, spec] of Object.entries(GLYPH_ROWS)) {
    const rows = spec.split(' ');
    if (rows.length < CAP_HEIGHT || rows.length > LINE_HEIGHT || rows.some((r) => !/^[.#]{5}$/.test(r))) {
      throw new Error(`bitmap_font: malformed glyph '${ch}'`);
    }
    let lo = GLYPH_WIDTH,
      hi = -1;
    rows.forEach((r, k) => {
      let m = 0;
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if (r[c] === '#') {
          m |= 1 << (GLYPH_WIDTH - 1 - c);
          lo = Math.min(lo, c);
          hi = Math.max(hi, c);
        }
      }
      MASKS[g * LINE_HEIGHT + k] = m;
    });
    if (/[0-9]/.test(ch)) {
      lo = 0;
      hi = GLYPH_WIDTH - 1;
    }
    LEFT[g] = lo;
    WIDTH[g] = hi - lo + 1;
    INDEX.set(ch, g++);
  }
}

/** Whether `ch` has a glyph of its own. */
export function hasGlyph(ch: string): boolean {
  return INDEX.has(ch);
}

/** Ink of glyph `ch` as rows of '.'/'#' (trimmed width), or undefined outside the table. For tests and debugging. */
export function glyphRows(ch: string): string[] | undefined {
  const g = INDEX.get(ch);
  if (g === undefined) return undefined;
  const out: string[] = [];
  for (let r = 0; r < LINE_HEIGHT; r++) {
    let s = '';
    for (let c = LEFT[g]; c < LEFT[g] + WIDTH[g]; c++)
      s += (MASKS[g * LINE_HEIGHT + r] >> (GLYPH_WIDTH - 1 - c)) & 1 ? '#' : '.';
    out.push(s);
  }
  return out;
}

/**
 * The text as the font can draw it: accents dropped (Å -> A, é -> e), typographic signs replaced by
 * ASCII look-alikes (− -> -, × -> x, µ -> u), everything else without a glyph -> '?'.
 */
export function fontText(text: string): string {
  let ok = true;
  for (const ch of text)
    if (!INDEX.has(ch)) {
      ok = false;
      break;
    }
  if (ok) return text;
  let out = '';
  for (const ch of text) {
    if (INDEX.has(ch)) {
      out += ch;
      continue;
    }
    const sub = SUBSTITUTES[ch];
    if (sub !== undefined) {
      out += sub;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    if (base.length > 0 && [...base].every((b) => INDEX.has(b))) out += base;
    else out += '?';
  }
  return out;
}

/** Width in pixels of `text` (after fontText) drawn at `scale`. */
export function textWidth(text: string, scale = 1): number {
  const t = fontText(text);
  let w = 0,
    n = 0;
  for (const ch of t) {
    w += WIDTH[INDEX.get(ch)!];
    n++;
  }
  return n === 0 ? 0 : (w + n - 1) * scale;
}

/** An RGBA image (4 bytes a pixel, row-major), e.g. a pngjs PNG. */
export interface RgbaImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface TextOptions {
  /** Integer pixel size of one font dot (default 1). */
  scale?: number;
  /** Rotated 90 degrees counter-clockwise, reading bottom to top (y-axis labels). */
  vertical?: boolean;
  /** Every dot drawn twice, one pixel apart (bold). */
  bold?: boolean;
}

/**
 * Draw `text` (passed through fontText) with its box's top-left corner at (x, y): the box is
 * textWidth x LINE_HEIGHT*scale (swapped when vertical), the capitals' tops on its first row.
 * Pixels outside the image are dropped. Returns the text width in pixels (along the reading direction).
 */
export function drawText(
  img: RgbaImage,
  text: string,
  x: number,
  y: number,
  color: readonly [number, number, number],
  opts: TextOptions = {},
): number {
  const s = Math.max(1, Math.round(opts.scale ?? 1));
  const t = fontText(text);
  const tw = textWidth(t, s) + (opts.bold ? 1 : 0);
  const { data, width: W, height: H } = img;
  const x0 = Math.round(x),
    y0 = Math.round(y);
  const bold = opts.bold ? 1 : 0,
    vertical = !!opts.vertical;
  let cx = 0;
  for (const ch of t) {
    const g = INDEX.get(ch)!;
    const left = LEFT[g],
      w = WIDTH[g];
    for (let r = 0; r < LINE_HEIGHT; r++) {
      const m = MASKS[g * LINE_HEIGHT + r];
      if (m === 0) continue;
      for (let c = 0; c < w; c++) {
        if (((m >> (GLYPH_WIDTH - 1 - (c + left))) & 1) === 0) continue;
        for (let a = 0; a < s + bold; a++) {
          for (let b = 0; b < s; b++) {
            const u = cx + c * s + a,
              v = r * s + b;
            const px = vertical ? x0 + v : x0 + u;
            const py = vertical ? y0 + tw - 1 - u : y0 + v;
            if (px < 0 || py < 0 || px >= W || py >= H) continue;
            const o = (py * W + px) * 4;
            data[o] = color[0];
            data[o + 1] = color[1];
            data[o + 2] = color[2];
            data[o + 3] = 255;
          }
        }
      }
    }
    cx += (w + 1) * s;
  }
  return tw;
}
