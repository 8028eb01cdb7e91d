import { parseTypeRange } from '../src/parse.js';
import type { PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { PairEAMBase, lowerTriangle } from './eam_core.js';
import type { Funcfl } from './eam_file.js';
import { readFuncfl } from './eam_file.js';

/**
 * pair_style eam: DYNAMO funcfl files, one per element, `pair_coeff I I file` (LAMMPS PairEAM,
 * 29 Sep 2021). Several files are merged onto one grid (largest dr and drho, largest table extent
 * of the active files) by 4-point Lagrange interpolation, and cross pairs are mixed as
 * phi_ij(r) = 27.2*0.529 * Z_i(r) Z_j(r) / r (Hartree*Bohr -> eV*Angstrom), as LAMMPS's file2array.
 * pair_coeff also sets the type's mass from the file, as LAMMPS does.
 */
export class PairEAM extends PairEAMBase {
  readonly style: string = 'eam';
  private files: { name: string; data: Funcfl }[] = [];

  /** LAMMPS PairEAM::coeff sets setflag[i][i] only: I != J pairs reach it in hybrid by mixing. */
  override coeffSet(i: number, j: number): boolean {
    return i === j && this.map[i] >= 0;
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length !== 3)
      throw new Error(
        `Incorrect args for pair coefficients: pair_coeff I J file for pair ${this.style} (got '${args.join(' ')}')`,
      );
    const nt = system.ntypes;
    const [ilo, ihi] = parseTypeRange(args[0], nt);
    const [jlo, jhi] = parseTypeRange(args[1], nt);
    // Read the file unless already read (LAMMPS matches on the name as written).
    let ifile = this.files.findIndex((f) => f.name === args[2]);
    if (ifile < 0) {
      this.files.push({ name: args[2], data: readFuncfl(args[2], system.units.name) });
      ifile = this.files.length - 1;
    }
    while (this.map.length <= nt) this.map.push(-1);
    // Only I,I pairs are set; they map the type to the file and take its mass.
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        if (i === j) {
          this.map[i] = ifile;
          setMass(system, i, this.files[ifile].data.mass);
          count++;
        }
      }
    }
    if (count === 0)
      throw new Error(
        `Incorrect args for pair coefficients: pair ${this.style} takes only I,I type pairs (got '${args.join(' ')}')`,
      );
  }

  protected override file2array(ntypes: number): void {
    const files = this.files.map((f) => f.data);
    const nfuncfl = files.length;
    const map = this.map;
    const sixth = 1.0 / 6.0;
    // Grid of the active files (some type points at them).
    let dr = 0,
      drho = 0,
      rmax = 0,
      rhomax = 0;
    for (let i = 0; i < nfuncfl; i++) {
      let active = false;
      for (let t = 1; t <= ntypes; t++) if (map[t] === i) active = true;
      if (!active) continue;
      const file = files[i];
      dr = Math.max(dr, file.dr);
      drho = Math.max(drho, file.drho);
      rmax = Math.max(rmax, (file.nr - 1) * file.dr);
      rhomax = Math.max(rhomax, (file.nrho - 1) * file.drho);
    }
    // 0.5 is for round-off in divide (LAMMPS).
    const nr = Math.trunc(rmax / dr + 0.5);
    const nrho = Math.trunc(rhomax / drho + 0.5);
    this.dr = dr;
    this.drho = drho;
    this.nr = nr;
    this.nrho = nrho;
    this.rhomax = rhomax;
    this.cutmax = 0;
    for (const f of files) this.cutmax = Math.max(this.cutmax, f.cut);

    /** 4-point Lagrange value of a file array (1-based, nfile points of spacing d) at x. */
    const lagrange = (arr: Float64Array, nfile: number, d: number, x: number): number => {
      let p = x / d + 1.0;
      let k = Math.trunc(p);
      k = Math.min(k, nfile - 2);
      k = Math.max(k, 2);
      p -= k;
      p = Math.min(p, 2.0);
      const cof1 = -sixth * p * (p - 1.0) * (p - 2.0);
      const cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
      const cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
      const cof4 = sixth * p * (p * p - 1.0);
      return cof1 * arr[k - 1] + cof2 * arr[k] + cof3 * arr[k + 1] + cof4 * arr[k + 2];
    };

    // frho: one per file plus a zero table for unmapped types.
    this.frho = [];
    for (const file of files) {
      const a = new Float64Array(nrho + 1);
      for (let m = 1; m <= nrho; m++) a[m] = lagrange(file.frho, file.nrho, file.drho, (m - 1) * drho);
      this.frho.push(a);
    }
    this.frho.push(new Float64Array(nrho + 1));
    const ntp = ntypes + 1;
    this.type2frho = new Int32Array(ntp);
    for (let t = 1; t <= ntypes; t++) this.type2frho[t] = map[t] >= 0 ? map[t] : nfuncfl;

    // rhor: one per file; the density at j due to i depends on i only.
    this.rhor = [];
    for (const file of files) {
      const a = new Float64Array(nr + 1);
      for (let m = 1; m <= nr; m++) a[m] = lagrange(file.rhor, file.nr, file.dr, (m - 1) * dr);
      this.rhor.push(a);
    }
    this.type2rhor = new Int32Array(ntp * ntp);
    for (let i = 1; i <= ntypes; i++)
      for (let j = 1; j <= ntypes; j++) this.type2rhor[i * ntp + j] = Math.max(map[i], 0);

    // z2r for each file pair i >= j from the effective charges.
    this.z2r = [];
    for (let i = 0; i < nfuncfl; i++) {
      const fi = files[i];
      for (let j = 0; j <= i; j++) {
        const fj = files[j];
        const a = new Float64Array(nr + 1);
        for (let m = 1; m <= nr; m++) {
          const r = (m - 1) * dr;
          const zri = lagrange(fi.zr, fi.nr, fi.dr, r);
          const zrj = lagrange(fj.zr, fj.nr, fj.dr, r);
          a[m] = 27.2 * 0.529 * zri * zrj;
        }
        this.z2r.push(a);
      }
    }
    this.type2z2r = new Int32Array(ntp * ntp);
    for (let i = 1; i <= ntypes; i++) {
      for (let j = 1; j <= ntypes; j++) {
        this.type2z2r[i * ntp + j] = map[i] < 0 || map[j] < 0 ? 0 : lowerTriangle(map[i], map[j]);
      }
    }
  }
}

/** Set a type's mass as pair_coeff does in LAMMPS (atom->set_mass). */
export function setMass(system: AtomSystem, type: number, mass: number): void {
  if (!(mass > 0)) throw new Error(`Invalid mass ${mass} for atom type ${type} in the potential file`);
  system.mass[type] = mass;
  system.massSet[type] = true;
}

export const createPairEAM = (): PairStyle => new PairEAM();
