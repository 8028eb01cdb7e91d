import { Args } from '../args.js';
import type { Box } from '../box.js';
import { COMMANDS, type Deck } from '../deck.js';
import { parseBoundary, ShrinkWrap } from '../shrink_wrap.js';
import { AtomSystem } from '../system.js';

/**
 * change_box group-ID op ... [units lattice|box] (LAMMPS ChangeBox), the operations applied in
 * order to the box:
 *   x|y|z final lo hi | delta dlo dhi | scale f    new bounds (scale keeps the middle)
 *   xy|xz|yz final t | delta dt                    new tilt (triclinic boxes only)
 *   boundary bx by bz, ortho, triclinic            boundary and box kind
 *   set                                            remember the box now (for a later remap)
 *   remap                                          group atoms keep their fractional coordinates
 *                                                  from the remembered box in the current one
 * Afterwards every atom is mapped back into the box (Domain::remap). Lengths are in lattice units
 * unless `units box` (LAMMPS's default too).
 */
export function registerChangeBox(): void {
  COMMANDS.register('change_box', changeBox);
}

interface Op {
  kind: string;
  words: string[];
}

const DIMS = ['x', 'y', 'z'];
const TILTS = ['xy', 'xz', 'yz'];

function changeBox(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Change_box command before simulation box is defined');
  const a = new Args('change_box', args);
  a.need(2, 'group-ID parameter args ...');
  const gname = a.word('group ID');
  const g = sim.groups.find(gname);
  if (g < 0) a.fail(`Could not find change_box group ID '${gname}'`);
  const bit = 1 << g;

  // Read every operation first: `units` anywhere sets the scale of all of them (LAMMPS).
  const ops: Op[] = [];
  let lattice = true;
  while (a.more()) {
    const w = a.word('operation');
    if (DIMS.includes(w)) {
      const flavor = a.oneOf(`${w} flavor`, ['final', 'delta', 'scale', 'volume'] as const);
      if (flavor === 'volume') a.fail(`${w} volume is not supported by dpmd yet`);
      const n = flavor === 'scale' ? 1 : 2;
      ops.push({ kind: w, words: [flavor, ...take(a, n, `${w} ${flavor}`)] });
    } else if (TILTS.includes(w)) {
      const flavor = a.oneOf(`${w} flavor`, ['final', 'delta'] as const);
      ops.push({ kind: w, words: [flavor, ...take(a, 1, `${w} ${flavor}`)] });
    } else if (w === 'boundary') {
      ops.push({ kind: w, words: take(a, 3, 'boundary') });
    } else if (w === 'ortho' || w === 'triclinic' || w === 'set' || w === 'remap') {
      ops.push({ kind: w, words: [] });
    } else if (w === 'units') {
      lattice = a.oneOf('units', ['lattice', 'box'] as const) === 'lattice';
    } else {
      a.fail(`unknown operation '${w}'`);
    }
  }
  const L = deck.lattice;
  const scale = lattice ? [L.xlattice, L.ylattice, L.zlattice] : [1, 1, 1];

  let box: Box = s.box;
  // First the atoms into the current box and shrink-wrapped faces onto them (pbc, reset_box).
  box.shrink?.reset(box, s.x, s.n);
  box.wrapAll(s.x, s.image, s.n);
  // The box atoms are remapped from (LAMMPS save_box_state): a copy of the box.
  let saved = box.clone();
  const renew = (lo: number[], hi: number[], tilt: [number, number, number] | null) => {
    const b = AtomSystem.newBox(
      lo,
      hi,
      tilt ? { xy: tilt[0], xz: tilt[1], yz: tilt[2] } : undefined,
      box.periodic,
      deck.tiltLarge,
    );
    b.shrink = box.shrink;
    s.check2d(b);
    s.box = b;
    box = b;
  };
  for (const op of ops) {
    const lo = Array.from(box.lo),
      hi = Array.from(box.hi);
    const tilt: [number, number, number] | null = box.triclinic ? [box.xy, box.xz, box.yz] : null;
    const r = new Args(`change_box ${op.kind}`, op.words);
    if (DIMS.includes(op.kind)) {
      const d = DIMS.indexOf(op.kind);
      const flavor = r.word('flavor');
      if (flavor === 'final') {
        lo[d] = scale[d] * r.num('lo');
        hi[d] = scale[d] * r.num('hi');
      } else if (flavor === 'delta') {
        lo[d] += scale[d] * r.num('dlo');
        hi[d] += scale[d] * r.num('dhi');
      } else {
        const f = r.num('factor');
        const mid = 0.5 * (lo[d] + hi[d]);
        lo[d] = mid + f * (lo[d] - mid);
        hi[d] = mid + f * (hi[d] - mid);
      }
      renew(lo, hi, tilt);
    } else if (TILTS.includes(op.kind)) {
      if (!tilt) throw new Error('Cannot change box tilt factors for orthogonal box');
      const t = TILTS.indexOf(op.kind);
      const flavor = r.word('flavor');
      const v = (op.kind === 'yz' ? scale[1] : scale[0]) * r.num('tilt');
      tilt[t] = flavor === 'final' ? v : tilt[t] + v;
      renew(lo, hi, tilt);
    } else if (op.kind === 'boundary') {
      const faces = parseBoundary(op.words);
      box.periodic = [faces[0] === 'p', faces[2] === 'p', faces[4] === 'p'];
      box.shrink = faces.some((f) => f === 's' || f === 'm') ? new ShrinkWrap(faces, box) : null;
      s.check2d(box);
    } else if (op.kind === 'ortho') {
      if (box.xy !== 0 || box.xz !== 0 || box.yz !== 0)
        throw new Error('Cannot change box to orthogonal when tilt is non-zero');
      renew(lo, hi, null);
    } else if (op.kind === 'triclinic') {
      renew(lo, hi, tilt ?? [0, 0, 0]);
    } else if (op.kind === 'set') {
      saved = box.clone();
    } else if (op.kind === 'remap') {
      // Fractional coordinates in the remembered box, Cartesian again in the current one.
      const lam = new Float64Array(3);
      for (let i = 0; i < s.n; i++) {
        if (!(s.mask[i] & bit)) continue;
        saved.toLamda(s.x, 3 * i, lam, 0);
        box.fromLamda(lam, 0, s.x, 3 * i);
      }
      saved = box.clone();
    }
  }
  box.shrink?.reset(box, s.x, s.n);
  const p = new Float64Array(3);
  const img = new Int32Array(3);
  for (let i = 0; i < s.n; i++) {
    p.set(s.x.subarray(3 * i, 3 * i + 3));
    img.set(s.image.subarray(3 * i, 3 * i + 3));
    box.remap(p, img);
    s.x.set(p, 3 * i);
    s.image.set(img, 3 * i);
  }
  const f = (v: number) => v.toFixed(7);
  sim.out.print(
    `Changing box ...\n  ${box.triclinic ? 'triclinic' : 'orthogonal'} box = (${f(box.lo[0])} ${f(box.lo[1])} ${f(box.lo[2])}) to (${f(box.hi[0])} ${f(box.hi[1])} ${f(box.hi[2])})`,
  );
}

/** The next n words of an operation. */
function take(a: Args, n: number, what: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(a.word(`${what} value`));
  return out;
}
