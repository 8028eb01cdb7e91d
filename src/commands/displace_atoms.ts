import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';
import { RanPark } from '../random_park.js';

/**
 * displace_atoms group move dx dy dz | ramp ddim dlo dhi cdim clo chi | random dx dy dz seed
 * [units lattice|box] (LAMMPS DisplaceAtoms): a one-off displacement of the group's atoms, in
 * lattice units by default, after which every atom is mapped back into the periodic box however
 * far it went (Domain::remap, image flags counted).
 *   move:   x += (dx, dy, dz)
 *   ramp:   x[ddim] += dlo + f (dhi - dlo), f = clamp((x[cdim] - clo) / (chi - clo), 0, 1)
 *   random: x[d] += d_max * 2 (u - 1/2), u from a RanPark reseeded by the atom's coordinates
 */
export function registerDisplaceAtoms(): void {
  COMMANDS.register('displace_atoms', displaceAtoms);
}

const AXES = ['x', 'y', 'z'] as const;

function displaceAtoms(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Displace_atoms command before simulation box is defined');
  const a = new Args('displace_atoms', args);
  const gname = a.word('group ID');
  const g = sim.groups.find(gname);
  if (g < 0) a.fail(`Could not find displace_atoms group ID '${gname}'`);
  const bit = 1 << g;
  const style = a.oneOf('style', ['move', 'ramp', 'random', 'rotate'] as const);
  if (style === 'rotate') a.fail('style rotate is not supported by dpmd yet (move, ramp, random are)');
  // Read the style's words first; the trailing `units` keyword decides their scale (LAMMPS order).
  const nwords = style === 'move' ? 3 : style === 'ramp' ? 6 : 4;
  const words = args.slice(a.pos, a.pos + nwords);
  if (words.length !== nwords) a.fail(`${style} needs ${nwords} values`);
  if (words.some((w) => w.startsWith('v_'))) a.fail('variables as displacements are not supported by dpmd yet');
  a.pos += nwords;
  let lattice = true;
  a.keywords({
    units: (k) => {
      lattice = k.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    },
  });
  const L = deck.lattice;
  const scale = lattice ? [L.xlattice, L.ylattice, L.zlattice] : [1, 1, 1];
  const w = new Args(`displace_atoms ${style}`, words);
  const x = s.x;
  if (style === 'move') {
    const d = AXES.map((ax, k) => w.num(`d${ax}`) * scale[k]);
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & bit)) continue;
      for (let k = 0; k < 3; k++) x[3 * i + k] += d[k];
    }
  } else if (style === 'ramp') {
    const dd = AXES.indexOf(w.oneOf('ddim', AXES));
    const dlo = w.num('dlo') * scale[dd];
    const dhi = w.num('dhi') * scale[dd];
    const cd = AXES.indexOf(w.oneOf('dim', AXES));
    const clo = w.num('clo') * scale[cd];
    const chi = w.num('chi') * scale[cd];
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & bit)) continue;
      let f = (x[3 * i + cd] - clo) / (chi - clo);
      f = Math.max(f, 0.0);
      f = Math.min(f, 1.0);
      x[3 * i + dd] += dlo + f * (dhi - dlo);
    }
  } else {
    const d = AXES.map((ax, k) => w.num(`d${ax}`) * scale[k]);
    const seed = w.int('seed', { gt: 0 });
    const r = new RanPark(seed);
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & bit)) continue;
      r.resetFromCoord(seed, x, 3 * i);
      for (let k = 0; k < 3; k++) x[3 * i + k] += d[k] * 2.0 * (r.uniform() - 0.5);
    }
  }
  // Back into the box, however far (LAMMPS remap, not pbc).
  const p = new Float64Array(3);
  const img = new Int32Array(3);
  for (let i = 0; i < s.n; i++) {
    p.set(x.subarray(3 * i, 3 * i + 3));
    img.set(s.image.subarray(3 * i, 3 * i + 3));
    s.box.remap(p, img);
    x.set(p, 3 * i);
    s.image.set(img, 3 * i);
  }
}
