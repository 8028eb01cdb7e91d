/**
 * atom_style template (LAMMPS AtomVecTemplate): each atom names its template atom, and the bonded
 * terms come from the molecule template instead of per-atom lists. LAMMPS assigns every template
 * term to one template atom (bonds to their first atom, angles/dihedrals/impropers to their second,
 * newton_bond on) and maps the term's atoms by ID as tag - iatom + template atom, so the atoms of
 * one molecule must carry consecutive IDs. Here the same terms go into the Topology term lists.
 */
import type { MoleculeTemplate } from './molecule_template.js';
import { ANCHOR, ARITY, TERM_KINDS, type Topology } from './topology.js';

/**
 * Add to topology the terms owned by template atom iatom (1-based) of the atom with ID tag.
 * Term types must lie within the topology's declared type counts.
 */
export function addTemplateTerms(topology: Topology, t: MoleculeTemplate, tag: number, iatom: number): void {
  const base = tag - iatom;
  const ids = [0, 0, 0, 0];
  for (const kind of TERM_KINDS) {
    const terms = t.terms[kind];
    const a = ARITY[kind];
    const owner = ANCHOR[kind];
    const list = topology.list(kind);
    for (let m = 0; m < terms.type.length; m++) {
      if (terms.atoms[a * m + owner] !== iatom) continue;
      if (terms.type[m] > list.ntypes)
        throw new Error(
          `Invalid ${kind} type ${terms.type[m]} in molecule template ${t.id}: the box has ${list.ntypes} ${kind} types`,
        );
      for (let k = 0; k < a; k++) ids[k] = base + terms.atoms[a * m + k];
      list.add(terms.type[m], ids);
    }
  }
}
