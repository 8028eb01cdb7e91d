/** The md sampler's inputs: PLUMED files in rid-kit's layout and the dpmd run deck of one task. */
import { describe, expect, it } from 'vitest';
import { explorePlumed, mdDeck, restrainedPlumed, type TorsionCv } from '../../src/rid/md_decks.js';

// alanine dipeptide's phi and psi (systems/ala2/README.md, 1-based atom IDs)
const CVS: TorsionCv[] = [
  { name: 'phi', atoms: [5, 7, 9, 15] },
  { name: 'psi', atoms: [7, 9, 15, 17] },
];

describe('md sampler inputs', () => {
  it('exploration PLUMED file: torsions, DEEPFE as rid-kit writes it, PRINT; no DEEPFE without models', () => {
    const p = explorePlumed({
      cvs: CVS,
      model: 'models.json',
      trustLvl1: 2,
      trustLvl2: 3,
      stride: 50,
      colvar: 'COLVAR',
    });
    expect(p).toBe(
      'phi: TORSION ATOMS=5,7,9,15\n' +
        'psi: TORSION ATOMS=7,9,15,17\n' +
        'dpfe: DEEPFE TRUST_LVL_1=2 TRUST_LVL_2=3 MODEL=models.json ARG=phi,psi\n' +
        'PRINT STRIDE=50 ARG=phi,psi FILE=COLVAR\n',
    );
    const p0 = explorePlumed({ cvs: CVS, model: null, trustLvl1: 2, trustLvl2: 3, stride: 10, colvar: 'C' });
    expect(p0).not.toMatch(/DEEPFE/);
    expect(p0.trim().split('\n')).toHaveLength(3);
  });

  it('restrained PLUMED file: one RESTRAINT per CV at the centre (rad) with its kappa (kJ/mol/rad^2)', () => {
    const p = restrainedPlumed({ cvs: CVS, at: [-1.3962634, 1.30899694], kappas: [500, 400], stride: 5, colvar: 'CV' });
    expect(p.split('\n')).toEqual([
      'phi: TORSION ATOMS=5,7,9,15',
      'psi: TORSION ATOMS=7,9,15,17',
      'res-phi: RESTRAINT ARG=phi KAPPA=500 AT=-1.3962634',
      'res-psi: RESTRAINT ARG=psi KAPPA=400 AT=1.30899694',
      'PRINT STRIDE=5 ARG=phi,psi FILE=CV',
      '',
    ]);
    expect(() => restrainedPlumed({ cvs: CVS, at: [0], kappas: [1, 1], stride: 1, colvar: 'C' })).toThrow(
      /2 CVs need as many centres and kappas/,
    );
  });

  it('deck: settings, read_data, velocities only for a fresh start, nve + langevin + plumed, dump, write_data', () => {
    const base = {
      settings: 'units real\natom_style full\n',
      data: 'ala2.data',
      postData: 'special_bonds amber',
      temperature: 300,
      tdamp: 100,
      dt: 1,
      nsteps: 5000,
      seed: 4242,
      newVelocities: true,
      plumed: 'plumed.dat',
      plumedLog: 'plumed.log',
      dump: 'traj.dump',
      dumpEvery: 50,
      writeData: 'final.data',
    };
    const d = mdDeck(base).split('\n');
    const at = (re: RegExp) => d.findIndex((l) => re.test(l));
    expect(at(/^units real$/)).toBeLessThan(at(/^read_data ala2.data$/));
    expect(at(/^read_data/)).toBeLessThan(at(/^special_bonds amber$/));
    expect(d).toContain('velocity all create 300 4242 mom yes rot yes dist gaussian');
    expect(d).toContain('fix 2 all langevin 300 300 100 4242 zero yes');
    expect(d).toContain('fix 3 all plumed plumedfile plumed.dat outfile plumed.log');
    expect(d).toContain('dump 1 all custom 50 traj.dump id x y z');
    expect(at(/^run 5000$/)).toBeLessThan(at(/^write_data final.data$/));
    const cont = mdDeck({ ...base, newVelocities: false, dump: null, writeData: null });
    expect(cont).not.toMatch(/velocity|dump|write_data/);
    expect(() => mdDeck({ ...base, seed: 0 })).toThrow(/seed must be an integer in 1\.\.899999999/);
  });
});
