import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

type Style = 'none' | 'final' | 'delta' | 'scale' | 'vel' | 'erate' | 'trate';

/** One box parameter: a length (x, y, z: index 0..2) or a tilt (yz, xz, xy: 3..5, LAMMPS's h order). */
interface Setting {
  style: Style;
  /** final: lo hi (lengths) or tilt; delta: dlo dhi or dtilt; scale; vel; erate/trate: rate. */
  a: number;
  b: number;
  loStart: number;
  hiStart: number;
  loStop: number;
  hiStop: number;
  tiltStart: number;
  tiltStop: number;
  loTarget: number;
  hiTarget: number;
  tiltTarget: number;
}

/**
 * fix ID group deform N x|y|z final lo hi | delta dlo dhi | scale f | vel V | erate R | trate R
 * ... xy|xz|yz final t | delta dt | vel V | erate R | trate R ... [remap x|v|none] [flip yes|no]
 * [units lattice|box] (LAMMPS FixDeform, 29 Sep 2021): every N steps, at the end of the step, the
 * box lengths and tilts move linearly (exponentially for trate) from their values at the start of
 * the run to the targets at its end (`run ... start/stop` honoured). remap x (default) carries the
 * group's atoms along in fractional coordinates; remap v instead changes the x velocity of an atom
 * that crosses a periodic face by the box's rate of change (LAMMPS deform_vremap, in Domain::pbc),
 * as SLLOD flows need. `h_rate`/`h_rateLo` are LAMMPS's Domain::h_rate and h_ratelo (length/time):
 * the streaming velocity v_s = h_rate·λ + h_ratelo that compute temp/deform and fix nvt/sllod remove.
 * Not supported yet (refused by name): volume, wiggle, variable styles; a tilt beyond half the box
 * (LAMMPS flips the box) stops the run with a clear error.
 */
export class FixDeform implements Fix {
  readonly style = 'deform';
  readonly changesBox = true;
  /** LAMMPS domain->h_rate (lx ly lz yz xz xy rates) and h_ratelo (lo-corner rates). */
  readonly hRate = new Float64Array(6);
  readonly hRateLo = new Float64Array(3);
  private readonly lam = new Float64Array(3);

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly nevery: number,
    private readonly set: Setting[],
    readonly remap: 'x' | 'v' | 'none',
    private readonly flip: boolean,
  ) {}

  init(sim: Simulation): void {
    const b = sim.system.box;
    if (this.set.slice(3).some((t) => t.style !== 'none') && !b.triclinic)
      throw new Error('Fix deform tilt factors require triclinic box');
    const delt = (sim.endStep - sim.beginStep) * sim.dt;
    const tilts = [b.yz, b.xz, b.xy];
    for (let i = 0; i < 3; i++) {
      const t = this.set[i];
      t.loStart = b.lo[i];
      t.hiStart = b.hi[i];
      const len = t.hiStart - t.loStart;
      if (t.style === 'none') {
        t.loStop = t.loStart;
        t.hiStop = t.hiStart;
      } else if (t.style === 'final') {
        t.loStop = t.a;
        t.hiStop = t.b;
      } else if (t.style === 'delta') {
        t.loStop = t.loStart + t.a;
        t.hiStop = t.hiStart + t.b;
      } else if (t.style === 'scale') {
        const shift = 0.5 * t.a * len;
        t.loStop = 0.5 * (t.loStart + t.hiStart) - shift;
        t.hiStop = 0.5 * (t.loStart + t.hiStart) + shift;
      } else if (t.style === 'vel') {
        t.loStop = t.loStart - 0.5 * delt * t.a;
        t.hiStop = t.hiStart + 0.5 * delt * t.a;
      } else if (t.style === 'erate') {
        const shift = 0.5 * delt * t.a * len;
        t.loStop = t.loStart - shift;
        t.hiStop = t.hiStart + shift;
        if (t.hiStop <= t.loStop) throw new Error('Final box dimension due to fix deform is < 0.0');
      } else if (t.style === 'trate') {
        const shift = 0.5 * (len * Math.exp(t.a * delt));
        t.loStop = 0.5 * (t.loStart + t.hiStart) - shift;
        t.hiStop = 0.5 * (t.loStart + t.hiStart) + shift;
      }
    }
    for (let i = 3; i < 6; i++) {
      const t = this.set[i];
      t.tiltStart = tilts[i - 3];
      if (t.style === 'final') t.tiltStop = t.a;
      else if (t.style === 'delta') t.tiltStop = t.tiltStart + t.a;
      else if (t.style === 'vel') t.tiltStop = t.tiltStart + delt * t.a;
      else if (t.style === 'erate') {
        // yz and xz shear against z, xy against y (the perpendicular length at the end of the run)
        const p = i === 5 ? this.set[1] : this.set[2];
        t.tiltStop = t.tiltStart + delt * t.a * (p.hiStop - p.loStop);
      } else if (t.style === 'trate') t.tiltStop = t.tiltStart * Math.exp(t.a * delt);
    }
    // LAMMPS init: constant rates for the linear styles, 0 otherwise (trate sets them every step).
    const hr = this.hRate,
      hl = this.hRateLo;
    for (let i = 0; i < 3; i++) {
      hr[i] = hl[i] = 0.0;
      const t = this.set[i];
      if (t.style === 'none' || t.style === 'trate') continue;
      const dlo = delt !== 0.0 ? (t.loStop - t.loStart) / delt : 0.0;
      const dhi = delt !== 0.0 ? (t.hiStop - t.hiStart) / delt : 0.0;
      hr[i] = dhi - dlo;
      hl[i] = dlo;
    }
    for (let i = 3; i < 6; i++) {
      hr[i] = 0.0;
      const t = this.set[i];
      if (t.style === 'none' || t.style === 'trate') continue;
      hr[i] = delt !== 0.0 ? (t.tiltStop - t.tiltStart) / delt : 0.0;
    }
  }

  /** remap v: the velocity jump of an atom crossing a periodic face, before the wrap (LAMMPS Domain::pbc). */
  preExchange(sim: Simulation): void {
    if (this.remap !== 'v') return;
    const s = sim.system,
      b = s.box,
      lam = this.lam,
      hr = this.hRate,
      v = s.v;
    const tri = b.triclinic;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      if (tri) b.toLamda(s.x, k, lam, 0);
      else for (let d = 0; d < 3; d++) lam[d] = (s.x[k + d] - b.lo[d]) / b.h[d];
      for (let d = 0; d < 3; d++) {
        if (!b.periodic[d]) continue;
        let sign = 0;
        let c = lam[d];
        if (c < 0) {
          c += 1;
          sign += 1;
        }
        if (c >= 1) sign -= 1;
        if (sign === 0) continue;
        if (d === 0) v[k] += sign * hr[0];
        else if (d === 1) {
          v[k] += sign * hr[5];
          v[k + 1] += sign * hr[1];
        } else {
          v[k] += sign * hr[4];
          v[k + 1] += sign * hr[3];
          v[k + 2] += sign * hr[2];
        }
      }
    }
  }

  endOfStep(sim: Simulation): void {
    if (sim.step % this.nevery !== 0) return;
    const s = sim.system,
      b = s.box;
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    const delt = (sim.step - sim.beginStep) * sim.dt;
    for (let i = 0; i < 3; i++) {
      const t = this.set[i];
      if (t.style === 'none') {
        t.loTarget = b.lo[i];
        t.hiTarget = b.hi[i];
      } else if (t.style === 'trate') {
        const mid = 0.5 * (t.loStart + t.hiStart),
          half = 0.5 * ((t.hiStart - t.loStart) * Math.exp(t.a * delt));
        t.loTarget = mid - half;
        t.hiTarget = mid + half;
        this.hRate[i] = t.a * b.h[i];
        this.hRateLo[i] = -0.5 * this.hRate[i];
      } else {
        t.loTarget = t.loStart + delta * (t.loStop - t.loStart);
        t.hiTarget = t.hiStart + delta * (t.hiStop - t.hiStart);
      }
    }
    if (b.triclinic) {
      const h = b.h;
      const now = [b.yz, b.xz, b.xy];
      for (let i = 3; i < 6; i++) {
        const t = this.set[i];
        if (t.style === 'none') t.tiltTarget = now[i - 3];
        else if (t.style === 'trate') {
          t.tiltTarget = t.tiltStart * Math.exp(t.a * delt);
          this.hRate[i] = t.a * h[i];
        } else t.tiltTarget = t.tiltStart + delta * (t.tiltStop - t.tiltStart);
        // LAMMPS: move the target by whole box lengths to the value closest to the current tilt
        const id = i === 3 ? 1 : 0;
        const denom = this.set[id].hiTarget - this.set[id].loTarget;
        const current = h[i] / h[id];
        while (t.tiltTarget / denom - current > 0.0) t.tiltTarget -= denom;
        while (t.tiltTarget / denom - current < 0.0) t.tiltTarget += denom;
        if (Math.abs(t.tiltTarget / denom - 1.0 - current) < Math.abs(t.tiltTarget / denom - current))
          t.tiltTarget -= denom;
      }
      if (this.flip) {
        const lx = this.set[0].hiTarget - this.set[0].loTarget,
          ly = this.set[1].hiTarget - this.set[1].loTarget;
        const [yz, xz, xy] = [this.set[3].tiltTarget, this.set[4].tiltTarget, this.set[5].tiltTarget];
        if (Math.abs(yz / ly) > 0.5 || Math.abs(xz / lx) > 0.5 || Math.abs(xy / lx) > 0.5)
          throw new Error(
            `fix deform ${this.id}: a tilt passed half the box length at step ${sim.step}; LAMMPS flips the box there, which dpmd's fix deform does not do yet`,
          );
      }
    }
    const x = s.x,
      lam = this.lam,
      mask = s.mask,
      bit = this.groupBit;
    if (this.remap === 'x')
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        b.toLamda(x, 3 * i, lam, 0);
        x[3 * i] = lam[0];
        x[3 * i + 1] = lam[1];
        x[3 * i + 2] = lam[2];
      }
    for (let i = 0; i < 3; i++) {
      if (this.set[i].style === 'none') continue;
      b.lo[i] = this.set[i].loTarget;
      b.hi[i] = this.set[i].hiTarget;
    }
    if (b.triclinic) {
      if (this.set[3].style !== 'none') b.yz = this.set[3].tiltTarget;
      if (this.set[4].style !== 'none') b.xz = this.set[4].tiltTarget;
      if (this.set[5].style !== 'none') b.xy = this.set[5].tiltTarget;
    }
    b.update();
    if (this.remap === 'x')
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & bit)) continue;
        lam[0] = x[3 * i];
        lam[1] = x[3 * i + 1];
        lam[2] = x[3 * i + 2];
        b.fromLamda(lam, 0, x, 3 * i);
      }
  }
}

/** The fix deform of the simulation (LAMMPS: the one that sets domain->h_rate), or null. */
export function findFixDeform(sim: Simulation): FixDeform | null {
  for (const f of sim.fixes) if (f instanceof FixDeform) return f;
  return null;
}

const DIMS = ['x', 'y', 'z', 'yz', 'xz', 'xy'];

export function createFixDeform(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error('Fix deform command before simulation box is defined');
  const a = new Args('fix deform', args);
  a.need(2, 'N parameter args ...');
  const nevery = a.int('N', { ge: 1 });
  const set: Setting[] = DIMS.map(() => ({
    style: 'none' as Style,
    a: 0,
    b: 0,
    loStart: 0,
    hiStart: 0,
    loStop: 0,
    hiStop: 0,
    tiltStart: 0,
    tiltStop: 0,
    loTarget: 0,
    hiTarget: 0,
    tiltTarget: 0,
  }));
  let remap: 'x' | 'v' | 'none' = 'x';
  let flip = true;
  let lattice = true;
  const unsupported = ['volume', 'wiggle', 'variable'];
  while (a.more()) {
    const w = a.word('parameter');
    const idx = DIMS.indexOf(w);
    if (idx >= 0) {
      const st = a.word('style') as Style;
      const allowed =
        idx < 3 ? ['final', 'delta', 'scale', 'vel', 'erate', 'trate'] : ['final', 'delta', 'vel', 'erate', 'trate'];
      if (unsupported.includes(st)) a.fail(`style ${st} is not supported yet (${allowed.join(', ')} are)`);
      if (!allowed.includes(st)) a.fail(`Illegal ${w} style '${st}' (expected ${allowed.join(', ')})`);
      const t = set[idx];
      t.style = st;
      t.a = a.num(`${w} ${st} value`);
      if (idx < 3 && (st === 'final' || st === 'delta')) t.b = a.num(`${w} ${st} second value`);
      continue;
    }
    if (w === 'remap') remap = a.oneOf('remap', ['x', 'v', 'none'] as const);
    else if (w === 'flip') flip = a.bool('flip');
    else if (w === 'units') lattice = a.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    else a.fail(`Illegal fix deform keyword '${w}'`);
  }
  if (set.every((t) => t.style === 'none')) a.fail('no box parameter is deformed');
  // units lattice scales distances and velocities (not scale factors or rates); xy and xz by the x
  // spacing, yz by the y spacing (LAMMPS FixDeform).
  const L = files?.lattice;
  const sc = lattice ? [L?.xlattice ?? 1, L?.ylattice ?? 1, L?.zlattice ?? 1] : [1, 1, 1];
  const scaleOf = [sc[0], sc[1], sc[2], sc[1], sc[0], sc[0]];
  set.forEach((t, i) => {
    if (t.style === 'final' || t.style === 'delta' || t.style === 'vel') {
      t.a *= scaleOf[i];
      t.b *= scaleOf[i];
    }
  });
  return new FixDeform(id, bit, nevery, set, remap, flip);
}
