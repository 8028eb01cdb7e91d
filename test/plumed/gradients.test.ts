import { describe, expect, it } from 'vitest';
import { atomsAt, engineFor, forceCheck, virialCheck } from './plumed_helpers.js';

/**
 * Central-difference checks of every CV's analytic gradient (through a linear RESTRAINT, whose
 * force is -SLOPE ∂s/∂r) and of every bias's forces and virial. Units real with PLUMED's default
 * nm/kJ/mol, so the unit conversions are inside what is checked.
 */

/** Four atoms with dihedral angle phi (IUPAC) about the 2-3 bond, placed around (5,5,5). */
function torsionAtoms(phi: number): number[] {
  const o = 5;
  return [o - 0.5, o + 1.2, o, o, o, o, o + 1.5, o, o, o + 2.0, o + 1.2 * Math.cos(phi), o + 1.2 * Math.sin(phi)];
}

function check(input: string, x: number[], L = 20, h = 1e-5, step = 0) {
  const { engine } = engineFor(input);
  const atoms = atomsAt(x, L);
  const f = forceCheck(engine, atoms, step, h);
  const w = virialCheck(engine, atoms, step, h);
  engine.calc(atoms, step, false); // values of the unstrained configuration
  return { f, w, engine };
}

describe('PLUMED CV gradients by central differences', () => {
  it('DISTANCE and its components', () => {
    const x = [1, 2, 3, 3.1, 2.4, 4.2];
    for (const inp of [
      'd: DISTANCE ATOMS=1,2\nRESTRAINT ARG=d AT=0 SLOPE=3',
      'd: DISTANCE ATOMS=1,2 COMPONENTS\nRESTRAINT ARG=d.x,d.y,d.z AT=0,0,0 SLOPE=1,-2,0.5',
    ]) {
      const { f, w } = check(inp, x);
      expect(f.maxF).toBeGreaterThan(0.01);
      expect(f.maxErr / f.maxF).toBeLessThan(1e-7);
      expect(w.maxErr / w.maxW).toBeLessThan(1e-7);
    }
  });

  it('DISTANCE across the periodic boundary uses the minimum image', () => {
    const { engine } = engineFor('d: DISTANCE ATOMS=1,2\nPRINT ARG=d FILE=COLVAR');
    const atoms = atomsAt([0.5, 5, 5, 9.5, 5, 5], 10);
    engine.calc(atoms, 0, false);
    expect(engine.values.value[engine.values.find('d')]).toBeCloseTo(0.1, 14); // 1 Å = 0.1 nm
    const { f } = check('d: DISTANCE ATOMS=1,2\nRESTRAINT ARG=d AT=0.3 KAPPA=500', [0.5, 5, 5, 9.5, 5.3, 4.8], 10);
    expect(f.maxErr / f.maxF).toBeLessThan(1e-7);
  });

  it('ANGLE with 3 and 4 atoms, generic and nearly collinear', () => {
    const cases = [
      [4, 5, 5, 5, 5, 5, 5.3, 6.1, 4.6],
      [4, 5, 5, 5, 5, 5, 6, 5.001, 5.0005], // ~179.9 degrees
      [4, 5, 5, 5, 5, 5, 3.8, 5.002, 5.001], // ~0.1 degrees
    ];
    for (const x of cases) {
      const { f, w, engine } = check('a: ANGLE ATOMS=1,2,3\nRESTRAINT ARG=a AT=1 SLOPE=2', x, 20, 1e-7);
      expect(f.maxErr / f.maxF).toBeLessThan(2e-5);
      expect(w.maxErr / Math.max(w.maxW, 1e-3)).toBeLessThan(2e-5);
      const theta = engine.values.value[engine.values.find('a')];
      expect(theta).toBeGreaterThanOrEqual(0);
      expect(theta).toBeLessThanOrEqual(Math.PI);
    }
    const { f } = check(
      'a: ANGLE ATOMS=1,2,3,4\nRESTRAINT ARG=a AT=1 KAPPA=30',
      [4, 5, 5, 5, 5.5, 5, 6, 6, 6, 6.2, 7.1, 5.4],
    );
    expect(f.maxErr / f.maxF).toBeLessThan(1e-7);
  });

  it('TORSION at 0, 90, -60 and ±179.999 degrees; IUPAC sign', () => {
    for (const deg of [0, 90, -60, 179.999, -179.999]) {
      const phi = (deg * Math.PI) / 180;
      // Restrain about a centre 0.3 rad away so that the periodic difference stays continuous.
      const at = phi + 0.3;
      const { f, w, engine } = check(`t: TORSION ATOMS=1,2,3,4\nRESTRAINT ARG=t AT=${at} KAPPA=20`, torsionAtoms(phi));
      const got = engine.values.value[engine.values.find('t')];
      expect(Math.abs(Math.atan2(Math.sin(got - phi), Math.cos(got - phi))), `phi ${deg}`).toBeLessThan(1e-12);
      expect(f.maxErr / f.maxF, `forces at ${deg}`).toBeLessThan(1e-7);
      // Planar geometries (0, ±180) have a zero virial: compare on the scale of the forces times 1 Å.
      expect(w.maxErr / Math.max(w.maxW, f.maxF), `virial at ${deg}`).toBeLessThan(1e-7);
    }
  });

  it('COORDINATION within one group and between groups across periodic boundaries', () => {
    const x = [0.3, 0.2, 5, 9.6, 0.4, 5.2, 0.1, 9.7, 4.6, 9.8, 9.9, 5.5, 5, 5, 5];
    for (const inp of [
      'c: COORDINATION GROUPA=1-5 R_0=0.15\nRESTRAINT ARG=c AT=0 SLOPE=1',
      'c: COORDINATION GROUPA=1,2 GROUPB=3-5 R_0=0.1 NN=8 MM=14 D_0=0.02\nRESTRAINT ARG=c AT=1 KAPPA=4',
      'c: COORDINATION GROUPA=1,2 GROUPB=3,4 PAIR R_0=0.1\nRESTRAINT ARG=c AT=0 SLOPE=2',
    ]) {
      const { engine } = engineFor(inp);
      const atoms = atomsAt(x, 10);
      const f = forceCheck(engine, atoms, 0, 1e-6);
      const w = virialCheck(engine, atoms, 0, 1e-6, true);
      expect(f.maxF).toBeGreaterThan(1e-3);
      expect(f.maxErr / f.maxF, inp).toBeLessThan(1e-6);
      expect(w.maxErr / w.maxW, inp).toBeLessThan(1e-6);
    }
  });

  it('COMBINE applies the chain rule, with powers and a periodic argument', () => {
    const x = [...torsionAtoms(2.5), 1, 1, 1];
    const inp = [
      't: TORSION ATOMS=1,2,3,4',
      'd: DISTANCE ATOMS=1,5',
      'c: COMBINE ARG=t,d COEFFICIENTS=0.7,-2 PARAMETERS=3.0,0.1 POWERS=2,3 PERIODIC=NO',
      'RESTRAINT ARG=c AT=0.5 KAPPA=9',
    ].join('\n');
    const { f, w, engine } = check(inp, x);
    const v = engine.values;
    const t = v.value[v.find('t')];
    const d = v.value[v.find('d')];
    const dt = t - 3.0 - 2 * Math.PI * Math.round((t - 3.0) / (2 * Math.PI));
    expect(v.value[v.find('c')]).toBeCloseTo(0.7 * dt * dt - 2 * (d - 0.1) ** 3, 12);
    expect(f.maxErr / f.maxF).toBeLessThan(1e-7);
    expect(w.maxErr / w.maxW).toBeLessThan(1e-7);
  });
});

describe('PLUMED bias forces by central differences', () => {
  const x = [...torsionAtoms(1.1), 7.5, 6.2, 5.4];
  const cvs = 't: TORSION ATOMS=1,2,3,4\nd: DISTANCE ATOMS=1,5\n';
  it.each([
    ['RESTRAINT', 'RESTRAINT ARG=t,d AT=0.4,0.2 KAPPA=15,800 SLOPE=1,2'],
    ['MOVINGRESTRAINT', 'MOVINGRESTRAINT ARG=t,d STEP0=0 AT0=0,0.1 KAPPA0=5,100 STEP1=100 AT1=2,0.5 KAPPA1=20,900'],
    ['UPPER_WALLS', 'UPPER_WALLS ARG=d AT=0.2 KAPPA=500 EXP=4 EPS=0.5 OFFSET=0.01'],
    ['LOWER_WALLS', 'LOWER_WALLS ARG=t AT=1.5 KAPPA=30 EXP=2'],
  ])('%s', (_n, bias) => {
    const { f, w } = check(cvs + bias, x, 20, 1e-5, 37);
    expect(f.maxF).toBeGreaterThan(1e-3);
    expect(f.maxErr / f.maxF).toBeLessThan(1e-7);
    expect(w.maxErr / w.maxW).toBeLessThan(1e-7);
  });

  it('METAD from hills (direct sum and grid)', () => {
    for (const grid of ['', ' GRID_MIN=-pi,0 GRID_MAX=pi,1 GRID_BIN=300,300']) {
      const { engine } = engineFor(`${cvs}METAD ARG=t,d SIGMA=0.4,0.05 HEIGHT=2 PACE=1 BIASFACTOR=5 TEMP=300${grid}`);
      const atoms = atomsAt(x, 20);
      // Deposit hills along a path, then check forces at a point among them.
      for (let s = 0; s < 8; s++) {
        atoms.x[11] = x[11] + 0.1 * s;
        atoms.x[12] = x[12] + 0.02 * s;
        engine.calc(atoms, s);
      }
      atoms.x[11] = x[11] + 0.33;
      const f = forceCheck(engine, atoms, 9, 1e-5);
      expect(f.maxF).toBeGreaterThan(1e-3);
      // The grid's spline is differentiated exactly too; only its derivative data are interpolated.
      expect(f.maxErr / f.maxF, grid || 'direct').toBeLessThan(grid ? 1e-5 : 1e-7);
    }
  });
});
