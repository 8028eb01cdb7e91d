import { axisAngleToMat } from '../asphere/math_extra.js';
import type { MoleculeTemplate } from '../molecular/molecule_template.js';
import { addTemplateTerms } from '../molecular/template_topology.js';
import { RanMars } from '../random_mars.js';
import type { AtomSystem } from '../system.js';

/**
 * create_atoms ... mol ID seed (LAMMPS CreateAtoms::add_molecule and the MOLECULE post-processing
 * of CreateAtoms::command): each insertion point gets one copy of the template, its displacements
 * from the template's geometric centre rotated by a random rotation drawn from RanMars(seed)
 * (axis r = normalised (u-0.5, u-0.5, u-0.5), angle 2 pi u), atom types offset by the command's
 * type. After all insertions the new atoms are remapped into the periodic box with image flags,
 * each molecule gets the next molecule ID and its bonded terms from the template with atom IDs
 * offset by the molecule's first ID.
 */
export class MoleculeInserter {
  private readonly random: RanMars;
  private readonly first: number;
  private readonly dx: Float64Array;
  private readonly rot = new Float64Array(9);

  constructor(
    private readonly s: AtomSystem,
    private readonly t: MoleculeTemplate,
    private readonly typeOffset: number,
    seed: number,
  ) {
    // LAMMPS: ranmol = new RanMars(lmp, molseed + comm->me), me = 0 here.
    this.random = new RanMars(seed);
    this.first = s.n;
    this.dx = new Float64Array(3 * t.natoms);
    for (let i = 0; i < t.natoms; i++) for (let d = 0; d < 3; d++) this.dx[3 * i + d] = t.x[3 * i + d] - t.center[d];
    for (let i = 0; i < t.natoms; i++) {
      const ty = typeOffset + t.type[i];
      if (ty < 1 || ty > s.ntypes)
        throw new Error(`Invalid atom type ${ty} in create_atoms mol ${t.id} (box has ${s.ntypes} atom types)`);
    }
  }

  /** One molecule centred at c (distance units), randomly oriented. */
  add(cx: number, cy: number, cz: number): void {
    const rnd = this.random;
    const r0 = rnd.uniform() - 0.5;
    const r1 = rnd.uniform() - 0.5;
    const r2 = rnd.uniform() - 0.5;
    const theta = rnd.uniform() * (2 * Math.PI);
    const m = this.rot;
    axisAngleToMat(r0, r1, r2, theta, m);
    const dx = this.dx;
    for (let a = 0; a < this.t.natoms; a++) {
      const x = dx[3 * a],
        y = dx[3 * a + 1],
        z = dx[3 * a + 2];
      const nx = m[0] * x + m[1] * y + m[2] * z + cx;
      const ny = m[3] * x + m[4] * y + m[5] * z + cy;
      const nz = m[6] * x + m[7] * y + m[8] * z + cz;
      this.s.addAtom(this.typeOffset + this.t.type[a], nx, ny, nz);
    }
  }

  /** Remap, molecule IDs and bonded terms of every molecule added; returns the molecule count. */
  finish(): number {
    const s = this.s;
    const t = this.t;
    const nmol = (s.n - this.first) / t.natoms;
    let moloffset = 0;
    for (let i = 0; i < this.first; i++) moloffset = Math.max(moloffset, s.molecule[i]);
    const p = new Float64Array(3);
    const img = new Int32Array(3);
    for (let i = this.first; i < s.n; i++) {
      for (let d = 0; d < 3; d++) {
        p[d] = s.x[3 * i + d];
        img[d] = s.image[3 * i + d];
      }
      s.box.remap(p, img);
      for (let d = 0; d < 3; d++) {
        s.x[3 * i + d] = p[d];
        s.image[3 * i + d] = img[d];
      }
    }
    const kinds = s.atomStyle.kinds;
    for (let k = 0; k < nmol; k++) {
      const i0 = this.first + k * t.natoms;
      for (let a = 0; a < t.natoms; a++) {
        const i = i0 + a;
        if (s.atomStyle.molecule) s.molecule[i] = moloffset + k + 1;
        if (t.q && s.atomStyle.charge) s.q[i] = t.q[a];
        if (kinds.length > 0) addTemplateTerms(s.topology, t, s.tag[i], a + 1);
      }
    }
    return nmol;
  }
}
