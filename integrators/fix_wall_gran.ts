import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf } from './group.js';

/** An absent wall (NULL bound): LAMMPS FixWallGran BIG. */
const BIG = 1.0e20;

type Model = 'hooke' | 'hooke/history' | 'hertz/history';
type WallStyle = 'xplane' | 'yplane' | 'zplane' | 'zcylinder';

/**
 * fix ID group wall/gran model Kn Kt gamma_n gamma_t xmu dampflag [limit_damping] wallstyle args
 * (LAMMPS FixWallGran): frictional walls for finite-size spheres, with the contact laws of the
 * pair styles gran/hooke, gran/hooke/history and gran/hertz/history against a wall of infinite
 * mass (m_eff = the sphere's mass). Walls: `xplane|yplane|zplane lo hi` (NULL for no wall on that
 * side; each atom meets the nearer of the two), `zcylinder R` (a cylinder about the z axis through
 * x = y = 0; Hertz treats it as a curved wall of radius ∓2R). The shear history is one triple per
 * atom, kept by atom (permute). The wiggle/shear/contacts keywords and the `granular` model are
 * refused by name.
 */
export class FixWallGran implements Fix {
  readonly style = 'wall/gran';
  private dt = 0;
  private history = new Float64Array(0);
  private nHistory = 0;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly model: Model,
    private readonly kn: number,
    private readonly kt: number,
    private readonly gamman: number,
    private readonly gammat: number,
    private readonly xmu: number,
    private readonly limitDamping: boolean,
    private readonly wall: WallStyle,
    private readonly lo: number,
    private readonly hi: number,
    private readonly cylradius: number,
  ) {}

  init(sim: Simulation): void {
    if (!sim.system.atomStyle.sphere) throw new Error('Fix wall/gran requires atom style sphere');
    this.dt = sim.dt;
  }

  setup(sim: Simulation): void {
    this.apply(sim, false);
  }

  postForce(sim: Simulation): void {
    this.apply(sim, true);
  }

  /** Atoms were reordered or removed: new atom i is old atom perm[i]. */
  permute(perm: Int32Array, n: number): void {
    if (this.model === 'hooke') return;
    const old = this.history.slice(0, 3 * this.nHistory);
    for (let i = 0; i < n; i++) {
      const j = perm[i];
      for (let d = 0; d < 3; d++) this.history[3 * i + d] = j < this.nHistory ? old[3 * j + d] : 0.0;
    }
    this.nHistory = n;
  }

  /** LAMMPS FixWallGran::post_force; history_update is off during setup. */
  private apply(sim: Simulation, historyUpdate: boolean): void {
    const s = sim.system;
    const n = s.n;
    const useHistory = this.model !== 'hooke';
    if (useHistory) this.growHistory(n);
    const x = s.x,
      radius = s.radius,
      mask = s.mask;
    const wlo = this.lo,
      whi = this.hi;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      let dx = 0.0,
        dy = 0.0,
        dz = 0.0;
      let rwall = 0.0;
      const k = 3 * i;
      if (this.wall === 'zcylinder') {
        const delxy = Math.sqrt(x[k] * x[k] + x[k + 1] * x[k + 1]);
        const delr = this.cylradius - delxy;
        if (delr > radius[i]) {
          dz = this.cylradius;
          rwall = 0.0;
        } else {
          dx = (-delr / delxy) * x[k];
          dy = (-delr / delxy) * x[k + 1];
          // rwall = -2 r_c inside the cylinder, 2 r_c outside
          rwall = delxy < this.cylradius ? -2 * this.cylradius : 2 * this.cylradius;
        }
      } else {
        const d = this.wall === 'xplane' ? 0 : this.wall === 'yplane' ? 1 : 2;
        const del1 = x[k + d] - wlo;
        const del2 = whi - x[k + d];
        const delta = del1 < del2 ? del1 : -del2;
        if (d === 0) dx = delta;
        else if (d === 1) dy = delta;
        else dz = delta;
      }
      const rsq = dx * dx + dy * dy + dz * dz;
      const rad = radius[i];
      if (rsq > rad * rad) {
        if (useHistory) this.history[k] = this.history[k + 1] = this.history[k + 2] = 0.0;
        continue;
      }
      this.contact(s, i, rsq, dx, dy, dz, rwall, s.rmass![i], historyUpdate);
    }
  }

  private growHistory(n: number): void {
    if (this.history.length < 3 * n) {
      const h = new Float64Array(Math.max(3 * n, 2 * this.history.length));
      h.set(this.history.subarray(0, 3 * this.nHistory));
      this.history = h;
    }
    // Atoms added since the last call (fix pour) start with no shear.
    if (n > this.nHistory) this.history.fill(0.0, 3 * this.nHistory, 3 * n);
    this.nHistory = n;
  }

  /** The sphere-wall contact force and torque (LAMMPS FixWallGran::hooke / hooke_history / hertz_history). */
  private contact(
    s: Simulation['system'],
    i: number,
    rsq: number,
    dx: number,
    dy: number,
    dz: number,
    rwall: number,
    meff: number,
    historyUpdate: boolean,
  ): void {
    const k = 3 * i;
    const v = s.v,
      f = s.f,
      omega = s.omega,
      torque = s.torque;
    const radius = s.radius[i];
    const kn = this.kn,
      kt = this.kt,
      gamman = this.gamman,
      gammat = this.gammat;
    const r = Math.sqrt(rsq);
    const rinv = 1.0 / r;
    const rsqinv = 1.0 / rsq;
    // relative translational velocity (the wall is at rest)
    const vr1 = v[k] - 0.0,
      vr2 = v[k + 1] - 0.0,
      vr3 = v[k + 2] - 0.0;
    const vnnr = vr1 * dx + vr2 * dy + vr3 * dz;
    const vn1 = dx * vnnr * rsqinv,
      vn2 = dy * vnnr * rsqinv,
      vn3 = dz * vnnr * rsqinv;
    const vt1 = vr1 - vn1,
      vt2 = vr2 - vn2,
      vt3 = vr3 - vn3;
    const wr1 = radius * omega[k] * rinv,
      wr2 = radius * omega[k + 1] * rinv,
      wr3 = radius * omega[k + 2] * rinv;
    const damp = meff * gamman * vnnr * rsqinv;
    let ccel = kn * (radius - r) * rinv - damp;
    let polyhertz = 1.0;
    if (this.model === 'hertz/history') {
      // rwall = 0: flat wall; otherwise a curved wall of that radius
      if (rwall === 0.0) polyhertz = Math.sqrt((radius - r) * radius);
      else polyhertz = Math.sqrt(((radius - r) * radius * rwall) / (rwall + radius));
      ccel *= polyhertz;
    }
    if (this.limitDamping && ccel < 0.0) ccel = 0.0;
    const vtr1 = vt1 - (dz * wr2 - dy * wr3),
      vtr2 = vt2 - (dx * wr3 - dz * wr1),
      vtr3 = vt3 - (dy * wr1 - dx * wr2);
    const vrel = Math.sqrt(vtr1 * vtr1 + vtr2 * vtr2 + vtr3 * vtr3);
    let fs1: number, fs2: number, fs3: number;
    if (this.model === 'hooke') {
      const fn = this.xmu * Math.abs(ccel * r);
      const fs = meff * gammat * vrel;
      const ft = vrel !== 0.0 ? Math.min(fn, fs) / vrel : 0.0;
      fs1 = -ft * vtr1;
      fs2 = -ft * vtr2;
      fs3 = -ft * vtr3;
    } else {
      const h = this.history;
      if (historyUpdate) {
        h[k] += vtr1 * this.dt;
        h[k + 1] += vtr2 * this.dt;
        h[k + 2] += vtr3 * this.dt;
      }
      const shrmag = Math.sqrt(h[k] * h[k] + h[k + 1] * h[k + 1] + h[k + 2] * h[k + 2]);
      let rsht = h[k] * dx + h[k + 1] * dy + h[k + 2] * dz;
      rsht = rsht * rsqinv;
      if (historyUpdate) {
        h[k] -= rsht * dx;
        h[k + 1] -= rsht * dy;
        h[k + 2] -= rsht * dz;
      }
      if (this.model === 'hertz/history') {
        fs1 = -polyhertz * (kt * h[k] + meff * gammat * vtr1);
        fs2 = -polyhertz * (kt * h[k + 1] + meff * gammat * vtr2);
        fs3 = -polyhertz * (kt * h[k + 2] + meff * gammat * vtr3);
      } else {
        fs1 = -(kt * h[k] + meff * gammat * vtr1);
        fs2 = -(kt * h[k + 1] + meff * gammat * vtr2);
        fs3 = -(kt * h[k + 2] + meff * gammat * vtr3);
      }
      const fs = Math.sqrt(fs1 * fs1 + fs2 * fs2 + fs3 * fs3);
      const fn = this.xmu * Math.abs(ccel * r);
      if (fs > fn) {
        if (shrmag !== 0.0) {
          const a = meff * gammat;
          h[k] = (fn / fs) * (h[k] + (a * vtr1) / kt) - (a * vtr1) / kt;
          h[k + 1] = (fn / fs) * (h[k + 1] + (a * vtr2) / kt) - (a * vtr2) / kt;
          h[k + 2] = (fn / fs) * (h[k + 2] + (a * vtr3) / kt) - (a * vtr3) / kt;
          fs1 *= fn / fs;
          fs2 *= fn / fs;
          fs3 *= fn / fs;
        } else fs1 = fs2 = fs3 = 0.0;
      }
    }
    f[k] += dx * ccel + fs1;
    f[k + 1] += dy * ccel + fs2;
    f[k + 2] += dz * ccel + fs3;
    const tor1 = rinv * (dy * fs3 - dz * fs2),
      tor2 = rinv * (dz * fs1 - dx * fs3),
      tor3 = rinv * (dx * fs2 - dy * fs1);
    torque[k] -= radius * tor1;
    torque[k + 1] -= radius * tor2;
    torque[k + 2] -= radius * tor3;
  }
}

export function createFixWallGran(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.atomStyle.sphere) throw new Error('Fix wall/gran requires atom style sphere');
  const a = new Args('fix wall/gran', args);
  const model = a.word('model');
  if (model === 'granular') throw new Error('fix wall/gran: the granular model is not supported yet');
  if (model !== 'hooke' && model !== 'hooke/history' && model !== 'hertz/history')
    throw new Error(`fix wall/gran: unknown model '${model}' (hooke, hooke/history, hertz/history)`);
  a.need(7, 'Kn Kt gamma_n gamma_t xmu dampflag wallstyle args');
  let kn = a.num('Kn');
  const ktWord = a.word('Kt');
  let kt = ktWord === 'NULL' ? (kn * 2.0) / 7.0 : new Args('fix wall/gran', [ktWord]).num('Kt');
  const gamman = a.num('gamma_n');
  const gtWord = a.word('gamma_t');
  let gammat = gtWord === 'NULL' ? 0.5 * gamman : new Args('fix wall/gran', [gtWord]).num('gamma_t');
  const xmu = a.num('xmu');
  const dampflag = a.int('dampflag');
  if (dampflag === 0) gammat = 0.0;
  if (
    kn < 0.0 ||
    kt < 0.0 ||
    gamman < 0.0 ||
    gammat < 0.0 ||
    xmu < 0.0 ||
    xmu > 10000.0 ||
    dampflag < 0 ||
    dampflag > 1
  )
    throw new Error('Illegal fix wall/gran command: stiffnesses and dampings >= 0, xmu in 0..10000, dampflag 0 or 1');
  if (model === 'hertz/history') {
    // Hertz stiffnesses are in pressure units: LAMMPS divides by nktv2p.
    kn /= sim.system.units.nktv2p;
    kt /= sim.system.units.nktv2p;
  }
  let limitDamping = false;
  if (a.peek() === 'limit_damping') {
    a.word('limit_damping');
    limitDamping = true;
  }
  const wall = a.word('wallstyle');
  let lo = 0.0,
    hi = 0.0,
    cyl = 0.0;
  const bound = (what: string, nullValue: number): number => {
    const w = a.word(what);
    return w === 'NULL' ? nullValue : new Args('fix wall/gran', [w]).num(what);
  };
  if (wall === 'xplane' || wall === 'yplane' || wall === 'zplane') {
    lo = bound('lo', -BIG);
    hi = bound('hi', BIG);
  } else if (wall === 'zcylinder') {
    cyl = a.num('cylinder radius');
  } else if (wall === 'region') {
    throw new Error('fix wall/gran: use fix wall/gran/region for region walls (not supported yet)');
  } else throw new Error(`fix wall/gran: unknown wall style '${wall}' (xplane, yplane, zplane, zcylinder)`);
  while (a.more()) {
    const key = a.word('keyword');
    if (key === 'wiggle' || key === 'shear' || key === 'contacts' || key === 'temperature')
      throw new Error(`fix wall/gran: keyword '${key}' is not supported yet`);
    throw new Error(`Illegal fix wall/gran command: unknown keyword '${key}'`);
  }
  const dim = sim.system.dimension;
  if (wall === 'zplane' && dim === 2) throw new Error('Cannot use wall in periodic dimension');
  const d = wall === 'xplane' ? 0 : wall === 'yplane' ? 1 : 2;
  if (wall !== 'zcylinder' && sim.system.box.periodic[d]) throw new Error('Cannot use wall in periodic dimension');
  if (wall === 'zcylinder' && (sim.system.box.periodic[0] || sim.system.box.periodic[1]))
    throw new Error('Cannot use wall in periodic dimension');
  return new FixWallGran(id, bit, model, kn, kt, gamman, gammat, xmu, limitDamping, wall as WallStyle, lo, hi, cyl);
}
