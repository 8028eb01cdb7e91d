import { readFileSync } from 'node:fs';
import type { ComputeFlags, ForceBuffers, PairContext, PairHost, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { mapElements } from './manybody_file.js';
import { acceptNoOpModify } from './pair_modify_noop.js';

/** One element's AGNI model (LAMMPS PairAGNI::Param). */
interface AgniParam {
  element: number;
  /** Gaussian widths η_k of the fingerprint (generation 1: exp(−η r²)) or centres (generation 2). */
  eta: Float64Array;
  /** Generation 2's Gaussian width (0 for generation 1). */
  gwidth: number;
  cut: number;
  cutsq: number;
  sigma: number;
  b: number;
  numtrain: number;
  /** Training fingerprints, xU[j*numeta + k] = LAMMPS xU[k][j]. */
  xU: Float64Array;
  alpha: Float64Array;
  /** Data rows read so far (LAMMPS's fp_counter is shared by all elements: one element in practice). */
  filled: number;
}

const MY_2PI = 2 * Math.PI;

/**
 * pair_style agni (LAMMPS PairAGNI, MISC package, 29 Sep 2021): a machine-learned force field that
 * predicts each Cartesian force component of atom i directly, with no energy. Fingerprint of i in
 * direction x (generation 1):
 *   V_x[k] = Σ_j f_c(r_ij) (x_i − x_j)/r_ij · exp(−η_k r_ij²),   f_c(r) = ½ (cos(π r / R_c) + 1),
 * (generation 2: exp(...) → exp(−(r − η_k)²/(2 w²)) / (η_k² w √(2π))), and the force is kernel
 * ridge regression over the n_train training fingerprints U_t:
 *   F_x = Σ_t α_t exp(−|V_x − U_t|² / (2 σ²)) + b,    likewise y and z.
 * The energy is zero. LAMMPS tallies the virial per atom from F_i and the separation of the LAST
 * neighbor of i's full list (ev_tally_xyz_full with the loop's final delx, dely, delz, in or out of
 * the cutoff), not a physical virial; we do the same with our list's last neighbor, so pressure
 * depends on the neighbor order (LAMMPS's bin-stencil order there, ours here).
 * Single element only (`pair_coeff * * file.agni E`), as LAMMPS.
 */
export class PairAgni implements PairStyle {
  readonly style = 'agni';
  readonly neighborKind = 'full' as const;
  readonly computesVirial = true;
  private map: Int32Array = new Int32Array(0);
  private elements: string[] = [];
  private params: AgniParam[] = [];
  /** elem1param[e] = index into params of element e. */
  private elem1param = new Int32Array(0);
  private version = 0;
  private cutmax = 0;
  private vx = new Float64Array(0);
  private vy = new Float64Array(0);
  private vz = new Float64Array(0);
  private warnings: string[] = [];

  settings(args: string[]): void {
    if (args.length !== 0) throw new Error(`Illegal pair_style command: pair agni takes no arguments`);
  }

  coeff(args: string[], system: AtomSystem): void {
    const { elements, map } = mapElements(this.style, args, system.ntypes);
    if (elements.length !== 1) throw new Error('Cannot handle multi-element systems with this potential (pair agni)');
    this.elements = elements;
    this.map = map;
    this.readFile(args[2]);
    // setup_params: one entry per element, cutoffs.
    this.elem1param = new Int32Array(elements.length);
    for (let e = 0; e < elements.length; e++) {
      let n = -1;
      for (let m = 0; m < this.params.length; m++) {
        if (this.params[m].element !== e) continue;
        if (n >= 0) throw new Error(`Potential file has duplicate entry (${args[2]}: element ${elements[e]})`);
        n = m;
      }
      if (n < 0) throw new Error(`Potential file is missing an entry (${args[2]}: element ${elements[e]})`);
      this.elem1param[e] = n;
    }
    this.cutmax = 0;
    let maxeta = 0;
    for (const p of this.params) {
      p.cutsq = p.cut * p.cut;
      if (p.cut > this.cutmax) this.cutmax = p.cut;
      if (p.filled !== p.numtrain)
        throw new Error(`Invalid AGNI potential file ${args[2]}: ${p.filled} training rows, n_train ${p.numtrain}`);
      maxeta = Math.max(maxeta, p.eta.length);
    }
    this.vx = new Float64Array(maxeta);
    this.vy = new Float64Array(maxeta);
    this.vz = new Float64Array(maxeta);
  }

  /** LAMMPS PairAGNI::read_file: tagged header lines up to `endVar`, then one row per training point. */
  private readFile(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`Cannot open AGNI potential file ${path}`);
    }
    const bad = (line: number, why: string) => new Error(`Invalid AGNI potential file ${path}:${line}: ${why}`);
    const params: AgniParam[] = [];
    let nparams = 0;
    let cur = -1;
    let want = -1;
    let version = 0;
    const lines = text.split('\n');
    for (let ln = 0; ln < lines.length; ln++) {
      const hash = lines[ln].indexOf('#');
      const words = (hash >= 0 ? lines[ln].slice(0, hash) : lines[ln]).trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) continue;
      const line = ln + 1;
      const num = (w: string | undefined) => {
        const v = Number(w);
        if (w === undefined || !Number.isFinite(v)) throw bad(line, `expected a number, got '${w ?? ''}'`);
        return v;
      };
      const needCur = () => {
        if (cur < 0) throw bad(line, `'${words[0]}' before an 'interaction' line`);
        return params[cur];
      };
      if (want === -1) {
        const tag = words[0];
        if (tag === 'n_elements') {
          nparams = num(words[1]);
          if (nparams < 1 || params.length > 0 || !Number.isInteger(nparams)) throw bad(line, 'n_elements');
          for (let m = 0; m < nparams; m++)
            params.push({
              element: 0,
              eta: new Float64Array(0),
              gwidth: 0,
              cut: 0,
              cutsq: 0,
              sigma: 0,
              b: 0,
              numtrain: 0,
              xU: new Float64Array(0),
              alpha: new Float64Array(0),
              filled: 0,
            });
          cur = -1;
        } else if (tag === 'interaction') {
          for (let m = 0; m < nparams; m++) if (words[1 + m] === this.elements[params[m].element]) cur = m;
        } else if (tag === 'element') {
          for (let m = 0; m < nparams; m++) {
            const k = this.elements.indexOf(words[1 + m]);
            if (k < 0)
              throw new Error(`No suitable parameters for requested element found (${path}:${line}: ${words[1 + m]})`);
            params[m].element = k;
          }
        } else if (tag === 'generation') {
          version = num(words[1]);
          if (version !== 1 && version !== 2)
            throw new Error(`Incompatible AGNI potential file version ${words[1]} (${path}:${line})`);
        } else if (tag === 'eta') {
          needCur().eta = Float64Array.from(words.slice(1), num);
        } else if (tag === 'gwidth') {
          needCur().gwidth = num(words[1]);
        } else if (tag === 'Rc') {
          needCur().cut = num(words[1]);
        } else if (tag === 'n_train') {
          const p = needCur();
          p.numtrain = num(words[1]);
          p.alpha = new Float64Array(p.numtrain);
          p.xU = new Float64Array(p.numtrain * Math.max(p.eta.length, 1));
        } else if (tag === 'sigma') {
          needCur().sigma = num(words[1]);
        } else if (tag === 'b') {
          needCur().b = num(words[1]);
        } else if (tag === 'endVar') {
          const p = needCur();
          if (version === 1) p.gwidth = 0;
          want = cur;
          cur = -1;
        } else this.warnings.push(`Ignoring unknown tag '${tag}' in AGNI potential file.`);
      } else {
        const p = params[want];
        const ne = p.eta.length;
        // A row is [index] U_1 .. U_numeta (ignored) alpha.
        const skip = words.length === ne + 2 ? 0 : words.length === ne + 3 ? 1 : -1;
        if (skip < 0) throw bad(line, `a training row has ${words.length} words, expected ${ne + 2} or ${ne + 3}`);
        if (p.filled >= p.numtrain) throw bad(line, `more training rows than n_train ${p.numtrain}`);
        const t = p.filled;
        for (let k = 0; k < ne; k++) p.xU[t * ne + k] = num(words[skip + k]);
        num(words[skip + ne]);
        p.alpha[t] = num(words[skip + ne + 1]);
        p.filled++;
      }
    }
    if (nparams === 0) throw new Error(`Invalid AGNI potential file ${path}: no n_elements line`);
    this.params = params;
    this.version = version;
  }

  modify(args: string[]): void {
    acceptNoOpModify(this.style, args);
  }

  init(system: AtomSystem, host?: PairHost): void {
    if (this.elements.length === 0)
      throw new Error('All pair coeffs are not set (pair agni: use pair_coeff * * file E)');
    for (let t = 1; t <= system.ntypes; t++)
      if (this.map[t] < 0) throw new Error(`All pair coeffs are not set (pair agni: type ${t} is mapped to NULL)`);
    if (host) for (const w of this.warnings) host.out.warn(w);
    this.warnings = [];
  }

  cutoff(): number {
    return this.cutmax;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      f = out.f;
    const vx = this.vx,
      vy = this.vy,
      vz = this.vz;
    const gen2 = this.version === 2;
    const virial = flags.virial ? out.virial : null;
    const vatom = flags.vatom ? out.vatom : null;
    let delx = 0,
      dely = 0,
      delz = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const p = this.params[this.elem1param[this.map[type[i]]]];
      const ne = p.eta.length,
        eta = p.eta,
        cut = p.cut,
        cutsq = p.cutsq,
        gw = p.gwidth;
      const xtmp = x[3 * i],
        ytmp = x[3 * i + 1],
        ztmp = x[3 * i + 2];
      vx.fill(0, 0, ne);
      vy.fill(0, 0, ne);
      vz.fill(0, 0, ne);
      for (let kk = first[i]; kk < first[i + 1]; kk++) {
        const j = list[kk];
        delx = xtmp - x[3 * j];
        dely = ytmp - x[3 * j + 1];
        delz = ztmp - x[3 * j + 2];
        const rsq = delx * delx + dely * dely + delz * delz;
        if (rsq > 0.0 && rsq < cutsq) {
          const r = Math.sqrt(rsq);
          const cF = 0.5 * (Math.cos((Math.PI * r) / cut) + 1.0);
          const wX = (cF * delx) / r;
          const wY = (cF * dely) / r;
          const wZ = (cF * delz) / r;
          for (let k = 0; k < ne; k++) {
            let e: number;
            if (gen2) {
              const d = r - eta[k];
              e = (1.0 / (eta[k] * eta[k] * gw * Math.sqrt(MY_2PI))) * Math.exp(-(d * d) / (2.0 * (gw * gw)));
            } else e = Math.exp(-(eta[k] * rsq));
            vx[k] += wX * e;
            vy[k] += wY * e;
            vz[k] += wZ * e;
          }
        }
      }
      // Kernel ridge regression: F = Σ_t α_t exp(−|V − U_t|²/(2σ²)) + b per component.
      let fxtmp = 0,
        fytmp = 0,
        fztmp = 0;
      const xU = p.xU,
        alpha = p.alpha;
      const ee = -0.5 / (p.sigma * p.sigma);
      for (let t = 0, o = 0; t < p.numtrain; t++, o += ne) {
        let kx = 0,
          ky = 0,
          kz = 0;
        for (let k = 0; k < ne; k++) {
          const xu = xU[o + k];
          const dx = vx[k] - xu,
            dy = vy[k] - xu,
            dz = vz[k] - xu;
          kx += dx * dx;
          ky += dy * dy;
          kz += dz * dz;
        }
        fxtmp += alpha[t] * Math.exp(kx * ee);
        fytmp += alpha[t] * Math.exp(ky * ee);
        fztmp += alpha[t] * Math.exp(kz * ee);
      }
      fxtmp += p.b;
      fytmp += p.b;
      fztmp += p.b;
      f[3 * i] += fxtmp;
      f[3 * i + 1] += fytmp;
      f[3 * i + 2] += fztmp;
      if (virial !== null || vatom !== null) {
        // ev_tally_xyz_full(i, 0, 0, F, del of the last neighbor): half of del ⊗ F, to atom i only.
        const v0 = 0.5 * delx * fxtmp,
          v1 = 0.5 * dely * fytmp,
          v2 = 0.5 * delz * fztmp,
          v3 = 0.5 * delx * fytmp,
          v4 = 0.5 * delx * fztmp,
          v5 = 0.5 * dely * fztmp;
        if (virial !== null) {
          virial[0] += v0;
          virial[1] += v1;
          virial[2] += v2;
          virial[3] += v3;
          virial[4] += v4;
          virial[5] += v5;
        }
        if (vatom !== null) {
          const o = 6 * i;
          vatom[o] += v0;
          vatom[o + 1] += v1;
          vatom[o + 2] += v2;
          vatom[o + 3] += v3;
          vatom[o + 4] += v4;
          vatom[o + 5] += v5;
        }
      }
    }
  }
}
