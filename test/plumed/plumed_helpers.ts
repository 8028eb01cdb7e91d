import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box } from '../../src/box.js';
import { PlumedEngine } from '../../src/plumed/engine.js';
import { mdUnitsOf } from '../../src/plumed/units.js';

/** A PLUMED engine for an input text, files in a fresh directory; `logText` collects the log. */
export function engineFor(
  text: string,
  units: 'real' | 'metal' | 'lj' = 'real',
  dir = mkdtempSync(join(tmpdir(), 'plumed-')),
): { engine: PlumedEngine; dir: string; logText: string[] } {
  const logText: string[] = [];
  const engine = new PlumedEngine(text, 'plumed.dat', {
    md: mdUnitsOf(units),
    outputPath: (n) => join(dir, n),
    inputPath: (n) => join(dir, n),
    log: (t) => logText.push(t),
  });
  return { engine, dir, logText };
}

/** Atoms with IDs 1..n at positions x (flat), in a cubic periodic box of side L from the origin. */
export function atomsAt(x: number[], L: number) {
  const n = x.length / 3;
  return {
    x: Float64Array.from(x),
    f: new Float64Array(3 * n),
    tag: Int32Array.from({ length: n }, (_, i) => i + 1),
    n,
    box: new Box([0, 0, 0], [L, L, L]),
  };
}

/**
 * Largest |F - F_fd| over all components (F_fd = -(E(x+h) - E(x-h)) / 2h, no updates) and the
 * largest |F|, after one evaluation without updates.
 */
export function forceCheck(engine: PlumedEngine, atoms: ReturnType<typeof atomsAt>, step: number, h: number) {
  atoms.f.fill(0);
  engine.calc(atoms, step, false);
  const f = atoms.f.slice();
  let maxErr = 0;
  let maxF = 0;
  for (let k = 0; k < 3 * atoms.n; k++) {
    const x0 = atoms.x[k];
    atoms.x[k] = x0 + h;
    const ep = engine.calc(atoms, step, false);
    atoms.x[k] = x0 - h;
    const em = engine.calc(atoms, step, false);
    atoms.x[k] = x0;
    maxErr = Math.max(maxErr, Math.abs(-(ep - em) / (2 * h) - f[k]));
    maxF = Math.max(maxF, Math.abs(f[k]));
  }
  atoms.f.fill(0);
  return { maxErr, maxF };
}

/**
 * Largest |W - W_fd| of the virial Σ r⊗F: W_ab = -dE/dε_ab under r_b -> r_b + Σ_a r_a ε_ab applied
 * to the atoms and, for the diagonal, to the box (off-diagonal strains leave the box alone, so the
 * configuration must not rely on the minimum image then). Only a <= b: the engine reports the
 * upper triangle, as LAMMPS's six-component virial does.
 */
export function virialCheck(
  engine: PlumedEngine,
  atoms: ReturnType<typeof atomsAt>,
  step: number,
  h: number,
  diagOnly = false,
) {
  atoms.f.fill(0);
  engine.calc(atoms, step, false);
  const w = engine.virial.slice();
  const full = [
    [w[0], w[3], w[4]],
    [w[3], w[1], w[5]],
    [w[4], w[5], w[2]],
  ];
  const x0 = atoms.x.slice();
  const energyStrained = (a: number, b: number, e: number): number => {
    for (let i = 0; i < atoms.n; i++) atoms.x[3 * i + b] = x0[3 * i + b] + e * x0[3 * i + a];
    const hi0 = atoms.box.hi[a];
    if (a === b) {
      atoms.box.hi[a] = hi0 * (1 + e);
      atoms.box.update();
    }
    const en = engine.calc(atoms, step, false);
    atoms.x.set(x0);
    atoms.box.hi[a] = hi0;
    atoms.box.update();
    return en;
  };
  let maxErr = 0;
  let maxW = 0;
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      if ((diagOnly && a !== b) || b < a) continue;
      const fd = -(energyStrained(a, b, h) - energyStrained(a, b, -h)) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - full[a][b]));
      maxW = Math.max(maxW, Math.abs(full[a][b]));
    }
  atoms.f.fill(0);
  return { maxErr, maxW };
}
