import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { forceComponents } from './fix_setforce.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group addforce fx fy fz [every N] (LAMMPS FixAddForce, constant force): in post_force
 * (and setup) the force (fx, fy, fz) (force units) is added to every atom of the group.
 *
 * As a potential, the constant force F derives from E = −Σ_i F·x_i with x_i unwrapped, so
 * f_ID = −Σ (fx x + fy y + fz z) (energy units; `fix_modify ID energy yes` adds it to pe) and its
 * virial W_ab = Σ_i F_a x_ib (a <= b in LAMMPS's order xx = fx x, yy = fy y, zz = fz z, xy = fx y,
 * xz = fx z, yz = fy z; `fix_modify ID virial yes` adds it to the pressure). f_ID[1..3] is the
 * total force on the group before the addition.
 */
export class FixAddForce implements Fix {
  readonly style = 'addforce';
  readonly vectorLength = 3;
  readonly extensive = true;
  readonly energyGlobal = true;
  readonly virialGlobal = true;
  thermoEnergy = false;
  thermoVirial = false;
  /** [−Σ F·x, Σ fx, Σ fy, Σ fz] of the last application (LAMMPS foriginal). */
  private readonly foriginal = new Float64Array(4);
  private readonly virial = new Float64Array(6);
  private readonly unwrap = new Float64Array(3);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly fx: number,
    private readonly fy: number,
    private readonly fz: number,
    private readonly every: number,
  ) {}

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  minPostForce(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    if (sim.step % this.every !== 0) return;
    const s = sim.system;
    const f = s.f,
      mask = s.mask,
      bit = this.groupBit,
      u = this.unwrap,
      w = this.virial;
    const { fx, fy, fz } = this;
    const fo = this.foriginal;
    fo.fill(0);
    w.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      s.box.unwrap(s.x, s.image, i, u);
      const k = 3 * i;
      fo[0] -= fx * u[0] + fy * u[1] + fz * u[2];
      fo[1] += f[k];
      fo[2] += f[k + 1];
      fo[3] += f[k + 2];
      f[k] += fx;
      f[k + 1] += fy;
      f[k + 2] += fz;
      w[0] += fx * u[0];
      w[1] += fy * u[1];
      w[2] += fz * u[2];
      w[3] += fx * u[1];
      w[4] += fx * u[2];
      w[5] += fy * u[2];
    }
  }

  computeScalar(): number {
    return this.foriginal[0];
  }

  computeVector(_sim: Simulation, i: number): number {
    return this.foriginal[i + 1];
  }

  virial6(): ArrayLike<number> {
    return this.virial;
  }
}

export function createFixAddForce(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix addforce', args);
  const [fx, fy, fz] = forceComponents(a, false) as number[];
  let every = 1;
  const unsupported = (key: string) => (k: Args) => k.fail(`keyword ${key} is not supported yet`);
  a.keywords({
    every: (k) => {
      every = k.int('every', { ge: 1 });
    },
    region: unsupported('region'),
    energy: unsupported('energy'),
  });
  return new FixAddForce(id, bit, fx, fy, fz, every);
}
