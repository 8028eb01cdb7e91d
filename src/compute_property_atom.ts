import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';
import type { AtomSystem } from './system.js';
import { findCustomProperty } from '../integrators/fix_property_atom.js';

/** Value of one attribute for atom i; u is a 3-vector scratch. */
type Getter = (s: AtomSystem, i: number, u: Float64Array) => number;

const unwrapped =
  (d: number): Getter =>
  (s, i, u) => {
    s.box.unwrap(s.x, s.image, i, u);
    return u[d];
  };
const scaled =
  (d: number): Getter =>
  (s, i, u) => {
    s.box.toLamda(s.x, 3 * i, u, 0);
    return u[d];
  };

const ATTRIBUTES: Record<string, Getter> = {
  id: (s, i) => s.tag[i],
  mol: (s, i) => s.molecule[i],
  proc: () => 0,
  type: (s, i) => s.type[i],
  mass: (s, i) => s.massOf(i),
  x: (s, i) => s.x[3 * i],
  y: (s, i) => s.x[3 * i + 1],
  z: (s, i) => s.x[3 * i + 2],
  xs: scaled(0),
  ys: scaled(1),
  zs: scaled(2),
  xu: unwrapped(0),
  yu: unwrapped(1),
  zu: unwrapped(2),
  ix: (s, i) => s.image[3 * i],
  iy: (s, i) => s.image[3 * i + 1],
  iz: (s, i) => s.image[3 * i + 2],
  vx: (s, i) => s.v[3 * i],
  vy: (s, i) => s.v[3 * i + 1],
  vz: (s, i) => s.v[3 * i + 2],
  fx: (s, i) => s.f[3 * i],
  fy: (s, i) => s.f[3 * i + 1],
  fz: (s, i) => s.f[3 * i + 2],
  q: (s, i) => s.q[i],
};

/**
 * compute ID group property/atom attr1 [attr2 ...] (LAMMPS ComputePropertyAtom): per-atom
 * attributes as a per-atom vector (one attribute, `c_ID`) or array (several, `c_ID[i]`), 0 for
 * atoms outside the group. Attributes: id mol proc type mass x y z xs ys zs xu yu zu ix iy iz vx vy
 * vz fx fy fz q (mol and q where the atom style has them), and i_name d_name (fix property/atom).
 */
export class ComputePropertyAtom extends GlobalCompute {
  readonly peratomCols: number;
  private out = new Float64Array(0);
  private readonly u = new Float64Array(3);

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly getters: Getter[],
  ) {
    super(id, 'property/atom');
    this.peratomCols = getters.length === 1 ? 0 : getters.length;
  }

  computePeratom(sim: Simulation): Float64Array {
    const s = sim.system;
    const nc = this.getters.length;
    if (this.out.length < nc * s.n) this.out = new Float64Array(nc * s.n);
    const o = this.out;
    for (let i = 0; i < s.n; i++) {
      const inGroup = (s.mask[i] & this.groupBit) !== 0;
      for (let c = 0; c < nc; c++) o[nc * i + c] = inGroup ? this.getters[c](s, i, this.u) : 0.0;
    }
    return o.subarray(0, nc * s.n);
  }
}

export function createComputePropertyAtom(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute property/atom', args);
  a.need(1, 'attribute ...');
  const style = sim.system.atomStyle;
  const getters: Getter[] = [];
  while (a.more()) {
    const w = a.word('attribute');
    if (/^[id]_/.test(w)) {
      // i_name / d_name: a custom vector of a fix property/atom (LAMMPS atom->find_custom)
      const holder = findCustomProperty(sim, w);
      if (!holder)
        a.fail(
          `Compute property/atom ${w.startsWith('i_') ? 'integer' : 'floating point'} vector does not exist: ${w}`,
        );
      getters.push((s, i) => holder!.get(w, s.tag[i]));
      continue;
    }
    const g = Object.hasOwn(ATTRIBUTES, w) ? ATTRIBUTES[w] : undefined;
    if (!g) a.fail(`attribute '${w}' is not supported (supported: ${Object.keys(ATTRIBUTES).join(' ')})`);
    if ((w === 'mol' && !style.molecule) || (w === 'q' && !style.charge))
      a.fail(`Compute property/atom for atom property that isn't allocated: ${w} (atom style ${style.name})`);
    getters.push(g!);
  }
  return new ComputePropertyAtom(id, sim.groups.bit(group, 'compute'), getters);
}
