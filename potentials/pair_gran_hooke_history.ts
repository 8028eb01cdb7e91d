import type { Fix } from '../integrators/fix.js';
import { NEIGHMASK } from '../src/molecular/special.js';
import { num } from '../src/parse.js';
import type { ComputeFlags, ForceBuffers, PairContext, PairHost, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { ContactHistory } from './gran_contact_history.js';

/** What the granular styles read from the simulation at init (Simulation satisfies it). */
interface GranHost extends PairHost {
  readonly dt: number;
  readonly firstStep: number;
  readonly fixes: readonly Fix[];
}

/** A fix that inserts particles of one type up to a largest radius (fix pour: LAMMPS extract("radius")). */
export interface ParticleInserter {
  insertedType(): number;
  insertedRadiusMax(): number;
}

/** fix freeze's group (LAMMPS freeze_group_bit): a frozen particle has infinite mass in a contact. */
export interface FrozenGroup {
  frozenGroupBit(): number;
}

type Model = 'hooke' | 'hooke/history' | 'hertz/history';

/**
 * pair_style gran/hooke, gran/hooke/history and gran/hertz/history (LAMMPS PairGranHooke,
 * PairGranHookeHistory, PairGranHertzHistory): frictional contact between finite-size spheres
 * (atom_style sphere) that overlap, r < r_i + r_j.
 *
 * Normal force: ccel = k_n (r_i + r_j − r)/r − m_eff γ_n v_n·r̂/r (times √(δ r_i r_j/(r_i+r_j)) for
 * Hertz), with m_eff = m_i m_j/(m_i + m_j) (the other particle's mass when one is frozen by fix
 * freeze). Tangential force: hooke uses velocity damping −m_eff γ_t v_t capped by Coulomb friction
 * μ |F_n|; the history styles integrate the tangential displacement (shear) of every contact
 * (shear += v_t dt, rotated into the tangent plane each step, its length rescaled when the
 * friction limit is reached) and apply −(k_t shear + m_eff γ_t v_t). Torques r_i (r̂ × F_t) go to
 * both spheres. No energy is tallied (LAMMPS tallies none); the virial comes from Σ x·f.
 *
 * Arguments: `Kn Kt gamma_n gamma_t xmu dampflag [limit_damping]`; Kt NULL = 2/7 Kn, gamma_t NULL
 * = gamma_n/2, dampflag 0 zeroes gamma_t. `pair_coeff * *` takes no values. The cutoff is the
 * largest over type pairs of the sum of the two types' largest radii among the atoms and the
 * particles fix pour will insert (LAMMPS init_one; frozen-frozen pairs excluded), used for the
 * ghosts and the one list cutoff: LAMMPS's size lists keep every pair within r_i + r_j + skin
 * whatever the types, and the loop skips pairs not in contact. The shear history lives in
 * ContactHistory, by atom IDs.
 */
export class PairGranHookeHistory implements PairStyle {
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly style: string;
  private kn = 0;
  private kt = 0;
  private gamman = 0;
  private gammat = 0;
  private xmu = 0;
  private dampflag = 0;
  private limitDamping = false;
  private coeffsGiven = false;
  private cut = 0;
  private dt = 0;
  private host: GranHost | null = null;
  private freezeBit = 0;
  private readonly history = new ContactHistory();
  private readonly shear = new Float64Array(3);

  constructor(private readonly model: Model) {
    this.style = `gran/${model}`;
  }

  settings(args: string[]): void {
    const usage = `Illegal pair_style ${this.style} command: expected "Kn Kt gamma_n gamma_t xmu dampflag [limit_damping]"`;
    if (args.length !== 6 && args.length !== 7) throw new Error(usage);
    const what = `pair_style ${this.style}`;
    this.kn = num(args[0], `${what} Kn`);
    this.kt = args[1] === 'NULL' ? (this.kn * 2.0) / 7.0 : num(args[1], `${what} Kt`);
    this.gamman = num(args[2], `${what} gamma_n`);
    this.gammat = args[3] === 'NULL' ? 0.5 * this.gamman : num(args[3], `${what} gamma_t`);
    this.xmu = num(args[4], `${what} xmu`);
    if (!/^[-+]?\d+$/.test(args[5])) throw new Error(`${what}: dampflag must be 0 or 1, got '${args[5]}'`);
    this.dampflag = Number(args[5]);
    if (this.dampflag === 0) this.gammat = 0.0;
    this.limitDamping = false;
    if (args.length === 7) {
      if (args[6] !== 'limit_damping') throw new Error(`${usage}; got '${args[6]}'`);
      this.limitDamping = true;
    }
    if (
      this.kn < 0.0 ||
      this.kt < 0.0 ||
      this.gamman < 0.0 ||
      this.gammat < 0.0 ||
      this.xmu < 0.0 ||
      this.xmu > 10000.0 ||
      this.dampflag < 0 ||
      this.dampflag > 1
    )
      throw new Error(`${usage}: stiffnesses and dampings must be >= 0, xmu in 0..10000, dampflag 0 or 1`);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length !== 2)
      throw new Error(`Incorrect args for pair coefficients: pair ${this.style} takes "pair_coeff * *" only`);
    const ok = (w: string) => w === '*' || (/^\d+$/.test(w) && Number(w) >= 1 && Number(w) <= system.ntypes);
    if (!ok(args[0]) || !ok(args[1])) throw new Error(`Incorrect args for pair coefficients: '${args.join(' ')}'`);
    this.coeffsGiven = true;
  }

  modify(args: string[]): void {
    throw new Error(`pair_modify is not supported by pair ${this.style} (got '${args.join(' ')}')`);
  }

  init(system: AtomSystem, host?: PairHost): void {
    if (!system.atomStyle.sphere)
      throw new Error(`Pair ${this.style} requires atom attributes radius, rmass (atom_style sphere)`);
    if (!this.coeffsGiven) throw new Error('All pair coeffs are not set');
    const h = host as GranHost | undefined;
    if (!h || typeof h.dt !== 'number' || !Array.isArray(h.fixes))
      throw new Error(`Pair ${this.style} needs the simulation's timestep and fixes`);
    this.host = h;
    this.dt = h.dt;
    // Hertz stiffnesses are in pressure units (LAMMPS divides by nktv2p).
    if (this.model === 'hertz/history' && system.units.nktv2p !== 1)
      throw new Error(`Pair ${this.style} supports units with nktv2p = 1 only (lj, si, cgs)`);
    const freeze = h.fixes.find((f) => f.style === 'freeze') as (Fix & FrozenGroup) | undefined;
    this.freezeBit = freeze ? freeze.frozenGroupBit() : 0;
    // Largest radius per type among moving and frozen particles, and of particles to be inserted
    // (LAMMPS PairGranHookeHistory::init_style onerad_dynamic/onerad_frozen).
    const nt = system.ntypes;
    const dyn = new Float64Array(nt + 1),
      frz = new Float64Array(nt + 1);
    for (const f of h.fixes) {
      const ins = f as Fix & Partial<ParticleInserter>;
      if (ins.insertedType && ins.insertedRadiusMax) {
        const t = ins.insertedType();
        if (t >= 1 && t <= nt) dyn[t] = Math.max(dyn[t], ins.insertedRadiusMax());
      }
    }
    for (let i = 0; i < system.n; i++) {
      const t = system.type[i];
      const r = system.radius[i];
      if (system.mask[i] & this.freezeBit) frz[t] = Math.max(frz[t], r);
      else dyn[t] = Math.max(dyn[t], r);
    }
    let cmax = 0;
    for (let i = 1; i <= nt; i++) {
      for (let j = 1; j <= nt; j++) {
        let c = dyn[i] + dyn[j];
        c = Math.max(c, frz[i] + dyn[j]);
        c = Math.max(c, dyn[i] + frz[j]);
        if (c > cmax) cmax = c;
      }
    }
    this.cut = cmax;
  }

  cutoff(): number {
    return this.cut;
  }

  compute(ctx: PairContext, out: ForceBuffers, _flags: ComputeFlags): void {
    const s = ctx.system;
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      map = g.map,
      f = out.f;
    const v = s.v,
      omega = s.omega,
      torque = s.torque,
      radius = s.radius,
      rmass = s.rmass!,
      mask = s.mask,
      tag = s.tag;
    const kn = this.kn,
      kt = this.kt,
      gamman = this.gamman,
      gammat = this.gammat,
      xmu = this.xmu,
      limit = this.limitDamping,
      freezeBit = this.freezeBit;
    const history = this.model !== 'hooke';
    const hertz = this.model === 'hertz/history';
    // LAMMPS updates the shear on every step but not during setup (update->setupflag).
    const host = this.host!;
    const shearupdate = host.step !== host.firstStep;
    const dt = this.dt;
    const shear = this.shear;
    const hist = this.history;
    if (history) hist.begin(hist.contacts);
    for (let i = 0; i < g.nlocal; i++) {
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const radi = radius[i];
      const end = first[i + 1];
      for (let k = first[i]; k < end; k++) {
        const j = list[k] & NEIGHMASK;
        const jo = map[j];
        const delx = xi - x[3 * j],
          dely = yi - x[3 * j + 1],
          delz = zi - x[3 * j + 2];
        const rsq = delx * delx + dely * dely + delz * delz;
        const radj = radius[jo];
        const radsum = radi + radj;
        if (rsq >= radsum * radsum) continue;
        const r = Math.sqrt(rsq);
        const rinv = 1.0 / r;
        const rsqinv = 1.0 / rsq;
        // relative translational velocity, its normal and tangential parts
        const vr1 = v[3 * i] - v[3 * jo],
          vr2 = v[3 * i + 1] - v[3 * jo + 1],
          vr3 = v[3 * i + 2] - v[3 * jo + 2];
        const vnnr = vr1 * delx + vr2 * dely + vr3 * delz;
        const vn1 = delx * vnnr * rsqinv,
          vn2 = dely * vnnr * rsqinv,
          vn3 = delz * vnnr * rsqinv;
        const vt1 = vr1 - vn1,
          vt2 = vr2 - vn2,
          vt3 = vr3 - vn3;
        // relative rotational velocity
        const wr1 = (radi * omega[3 * i] + radj * omega[3 * jo]) * rinv,
          wr2 = (radi * omega[3 * i + 1] + radj * omega[3 * jo + 1]) * rinv,
          wr3 = (radi * omega[3 * i + 2] + radj * omega[3 * jo + 2]) * rinv;
        // effective mass; a frozen particle counts as infinitely heavy
        const mi = rmass[i],
          mj = rmass[jo];
        let meff = (mi * mj) / (mi + mj);
        if (mask[i] & freezeBit) meff = mj;
        if (mask[jo] & freezeBit) meff = mi;
        // normal force = Hookean contact + normal velocity damping
        const damp = meff * gamman * vnnr * rsqinv;
        let ccel = kn * (radsum - r) * rinv - damp;
        let polyhertz = 1.0;
        if (hertz) {
          polyhertz = Math.sqrt(((radsum - r) * radi * radj) / radsum);
          ccel *= polyhertz;
        }
        if (limit && ccel < 0.0) ccel = 0.0;
        // relative tangential velocity at the contact point
        const vtr1 = vt1 - (delz * wr2 - dely * wr3),
          vtr2 = vt2 - (delx * wr3 - delz * wr1),
          vtr3 = vt3 - (dely * wr1 - delx * wr2);
        const vrel = Math.sqrt(vtr1 * vtr1 + vtr2 * vtr2 + vtr3 * vtr3);
        let fs1: number, fs2: number, fs3: number;
        if (!history) {
          // force normalization: friction-limited tangential velocity damping
          const fn = xmu * Math.abs(ccel * r);
          const fs = meff * gammat * vrel;
          const ft = vrel !== 0.0 ? Math.min(fn, fs) / vrel : 0.0;
          fs1 = -ft * vtr1;
          fs2 = -ft * vtr2;
          fs3 = -ft * vtr3;
        } else {
          const ti = tag[i],
            tj = tag[jo];
          const slot = hist.load(ti, tj, shear);
          if (shearupdate) {
            shear[0] += vtr1 * dt;
            shear[1] += vtr2 * dt;
            shear[2] += vtr3 * dt;
          }
          const shrmag = Math.sqrt(shear[0] * shear[0] + shear[1] * shear[1] + shear[2] * shear[2]);
          // rotate the shear displacement into the current tangent plane
          let rsht = shear[0] * delx + shear[1] * dely + shear[2] * delz;
          rsht *= rsqinv;
          if (shearupdate) {
            shear[0] -= rsht * delx;
            shear[1] -= rsht * dely;
            shear[2] -= rsht * delz;
          }
          // tangential forces = shear + tangential velocity damping
          if (hertz) {
            fs1 = -polyhertz * (kt * shear[0] + meff * gammat * vtr1);
            fs2 = -polyhertz * (kt * shear[1] + meff * gammat * vtr2);
            fs3 = -polyhertz * (kt * shear[2] + meff * gammat * vtr3);
          } else {
            fs1 = -(kt * shear[0] + meff * gammat * vtr1);
            fs2 = -(kt * shear[1] + meff * gammat * vtr2);
            fs3 = -(kt * shear[2] + meff * gammat * vtr3);
          }
          // rescale frictional displacements and forces if needed
          const fs = Math.sqrt(fs1 * fs1 + fs2 * fs2 + fs3 * fs3);
          const fn = xmu * Math.abs(ccel * r);
          if (fs > fn) {
            if (shrmag !== 0.0) {
              const a = meff * gammat;
              shear[0] = (fn / fs) * (shear[0] + (a * vtr1) / kt) - (a * vtr1) / kt;
              shear[1] = (fn / fs) * (shear[1] + (a * vtr2) / kt) - (a * vtr2) / kt;
              shear[2] = (fn / fs) * (shear[2] + (a * vtr3) / kt) - (a * vtr3) / kt;
              fs1 *= fn / fs;
              fs2 *= fn / fs;
              fs3 *= fn / fs;
            } else fs1 = fs2 = fs3 = 0.0;
          }
          hist.store(slot, ti, tj, shear);
        }
        // forces and torques
        const fx = delx * ccel + fs1,
          fy = dely * ccel + fs2,
          fz = delz * ccel + fs3;
        f[3 * i] += fx;
        f[3 * i + 1] += fy;
        f[3 * i + 2] += fz;
        f[3 * j] -= fx;
        f[3 * j + 1] -= fy;
        f[3 * j + 2] -= fz;
        const tor1 = rinv * (dely * fs3 - delz * fs2),
          tor2 = rinv * (delz * fs1 - delx * fs3),
          tor3 = rinv * (delx * fs2 - dely * fs1);
        torque[3 * i] -= radi * tor1;
        torque[3 * i + 1] -= radi * tor2;
        torque[3 * i + 2] -= radi * tor3;
        torque[3 * jo] -= radj * tor1;
        torque[3 * jo + 1] -= radj * tor2;
        torque[3 * jo + 2] -= radj * tor3;
      }
    }
    if (history) hist.end();
  }
}
