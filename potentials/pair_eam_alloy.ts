import type { PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { PairEAMBase, lowerTriangle } from './eam_core.js';
import type { Setfl } from './eam_file.js';
import { readSetfl } from './eam_file.js';
import { setMass } from './pair_eam.js';

/**
 * pair_style eam/alloy: one DYNAMO setfl file for all elements, `pair_coeff * * file El1 ... ElN`
 * with one element name (or NULL) per atom type (LAMMPS PairEAMAlloy, 29 Sep 2021). The file's
 * grid is used as is; F and r*phi are taken per element / element pair, the density at j due to
 * i depends on i's element only. pair_coeff sets the masses of mapped types from the file.
 * NULL types are accepted by pair_coeff but init() then stops ("All pair coeffs are not set"),
 * since only pair_style hybrid could give them an interaction.
 */
export class PairEAMAlloy extends PairEAMBase {
  readonly style: string = 'eam/alloy';
  /** Finnis-Sinclair files carry N x N density functions (eam/fs). */
  protected readonly fsFormat: boolean = false;
  protected file: Setfl | null = null;

  coeff(args: string[], system: AtomSystem): void {
    const nt = system.ntypes;
    if (args.length < 3 || args[0] !== '*' || args[1] !== '*') {
      throw new Error(
        `Incorrect args for pair coefficients: pair ${this.style} needs 'pair_coeff * * file El1 ... El${nt}' (got '${args.join(' ')}')`,
      );
    }
    if (args.length !== 3 + nt) {
      throw new Error(
        `Incorrect args for pair coefficients: pair ${this.style} needs one element (or NULL) per atom type, ${nt} given ${args.length - 3}`,
      );
    }
    const file = readSetfl(args[2], system.units.name, this.fsFormat);
    const map: number[] = [-1];
    for (let t = 1; t <= nt; t++) {
      const el = args[2 + t];
      if (el === 'NULL') {
        map.push(-1);
        continue;
      }
      const k = file.elements.indexOf(el);
      if (k < 0)
        throw new Error(
          `No matching element in EAM potential file: '${el}' is not in ${file.path} (elements: ${file.elements.join(' ')})`,
        );
      map.push(k);
    }
    let count = 0;
    for (let t = 1; t <= nt; t++) {
      if (map[t] >= 0) {
        setMass(system, t, file.mass[map[t]]);
        count++;
      }
    }
    if (count === 0)
      throw new Error(`Incorrect args for pair coefficients: pair ${this.style} maps no atom type to an element`);
    this.file = file;
    this.map = map;
  }

  protected override file2array(ntypes: number): void {
    const file = this.file;
    if (!file) throw new Error(`All pair coeffs are not set: pair ${this.style} needs pair_coeff * * file elements`);
    const nel = file.elements.length;
    const map = this.map;
    this.nrho = file.nrho;
    this.nr = file.nr;
    this.drho = file.drho;
    this.dr = file.dr;
    this.rhomax = (file.nrho - 1) * file.drho;
    this.cutmax = file.cut;
    const ntp = ntypes + 1;
    // frho: one per element plus a zero table for unmapped types.
    this.frho = [...file.frho, new Float64Array(file.nrho + 1)];
    this.type2frho = new Int32Array(ntp);
    for (let t = 1; t <= ntypes; t++) this.type2frho[t] = map[t] >= 0 ? map[t] : nel;
    // rhor: setfl one per element (indexed by the source atom i); fs one per ordered pair i*N + j.
    this.rhor = file.rhor;
    this.type2rhor = new Int32Array(ntp * ntp);
    for (let i = 1; i <= ntypes; i++) {
      for (let j = 1; j <= ntypes; j++) {
        const mi = Math.max(map[i], 0),
          mj = Math.max(map[j], 0);
        this.type2rhor[i * ntp + j] = this.fsFormat ? mi * nel + mj : mi;
      }
    }
    // z2r: lower triangle of element pairs as stored in the file.
    this.z2r = file.z2r;
    this.type2z2r = new Int32Array(ntp * ntp);
    for (let i = 1; i <= ntypes; i++) {
      for (let j = 1; j <= ntypes; j++) {
        this.type2z2r[i * ntp + j] = map[i] < 0 || map[j] < 0 ? 0 : lowerTriangle(map[i], map[j]);
      }
    }
  }
}

export const createPairEAMAlloy = (): PairStyle => new PairEAMAlloy();
