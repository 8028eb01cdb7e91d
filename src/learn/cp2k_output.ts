/**
 * Reading a CP2K ENERGY_FORCE output (cp2k -o output.log) into DeePMD-kit labels, with CP2K's own
 * constants (CODATA 2006, src/common/physcon.F; printed by GLOBAL%PRINT%PHYSCON):
 *   energy   `ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]:`  Hartree -> eV
 *   forces   the `ATOMIC FORCES in [a.u.]` table                Hartree/Bohr -> eV/Å
 *   stress   `STRESS| Analytical stress tensor [GPa]`           -> virial W = σ V (eV), the sign of
 *            DeePMD-kit's W_ab = Σ_i r_ia F_ib = −∂E/∂ε_ab: CP2K's stress is positive under compression
 * An SCF that did not converge (the last SCF result `SCF run NOT converged`, or with OT an
 * `outer SCF loop FAILED to converge`) makes the frame a failed task, not data.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Labeled } from './labeled_data.js';
import type { Frame } from './structure.js';

/** eV per Hartree, CP2K's '[a.u.] -> [eV]'. */
export const HARTREE_EV = 27.2113838565563;
/** Å per Bohr, CP2K's '[a.u.] = [Bohr] -> [Angstrom]'. */
export const BOHR_ANGSTROM = 0.52917720859;
/** GPa per eV/Å^3: CP2K's elementary charge 1.602176487e-19 C times 1e30 Å^3/m^3, over 1e9. */
export const GPA_PER_EV_A3 = 160.2176487;

/** Index of the last line satisfying ok, or -1. */
function lastIndex(lines: string[], ok: (l: string) => boolean): number {
  for (let k = lines.length - 1; k >= 0; k--) if (ok(lines[k])) return k;
  return -1;
}

function volume(b: Float64Array): number {
  return Math.abs(
    b[0] * (b[4] * b[8] - b[5] * b[7]) - b[1] * (b[3] * b[8] - b[5] * b[6]) + b[2] * (b[3] * b[7] - b[4] * b[6]),
  );
}

/** Whether the output's SCF converged; null when it says nothing either way. */
export function scfConverged(text: string): boolean | null {
  const outer = [...text.matchAll(/outer SCF loop (converged|FAILED to converge)/g)];
  if (outer.length > 0) return outer[outer.length - 1][1] === 'converged';
  // '*** SCF run converged in N steps ***' or '*** WARNING in qs_scf.F:601 :: SCF run NOT converged ***'
  const inner = [...text.matchAll(/SCF run (converged in|NOT converged)/g)];
  if (inner.length > 0) return inner[inner.length - 1][1] === 'converged in';
  return null;
}

/** Labels of `frame` from CP2K output `file`; throws naming the file and what is missing or wrong. */
export function readCp2kOutput(file: string, frame: Frame, withVirial = true): Labeled {
  if (!existsSync(file)) throw new Error(`${file}: CP2K wrote no output (see task.log)`);
  const text = readFileSync(file, 'utf8');
  const conv = scfConverged(text);
  if (conv === false) throw new Error(`${file}: the SCF did not converge; frame not used`);
  if (conv === null) throw new Error(`${file}: no SCF result (did CP2K stop early? see the end of the file)`);
  const lines = text.split('\n');
  const eAt = lastIndex(lines, (l) => l.includes('ENERGY| Total FORCE_EVAL ( QS ) energy'));
  const eHa = eAt >= 0 ? Number(lines[eAt].trim().split(/\s+/).pop()) : Number.NaN;
  if (!Number.isFinite(eHa)) throw new Error(`${file}: no 'ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]' line`);

  const n = frame.natoms;
  const fHead = lastIndex(lines, (l) => l.includes('ATOMIC FORCES in [a.u.]'));
  if (fHead < 0) throw new Error(`${file}: no 'ATOMIC FORCES in [a.u.]' table (FORCE_EVAL%PRINT%FORCES ON)`);
  const force = new Float64Array(3 * n);
  const hdr = lines.findIndex((l, k) => k > fHead && l.trim().startsWith('# Atom'));
  for (let i = 0; i < n; i++) {
    const w = (lines[hdr + 1 + i] ?? '').trim().split(/\s+/);
    const idx = Number(w[0]) - 1;
    const v = w.slice(3, 6).map(Number);
    if (hdr < 0 || idx !== i || v.length !== 3 || !v.every(Number.isFinite))
      throw new Error(`${file}: line ${hdr + 2 + i}: expected the force of atom ${i + 1} (${n} atoms)`);
    for (let d = 0; d < 3; d++) force[3 * i + d] = (v[d] * HARTREE_EV) / BOHR_ANGSTROM;
  }

  const virial = new Float64Array(9);
  if (withVirial) {
    const sHead = lastIndex(lines, (l) => /STRESS\|\s+Analytical stress tensor \[GPa\]/.test(l));
    if (sHead < 0)
      throw new Error(
        `${file}: no 'STRESS| Analytical stress tensor [GPa]' (STRESS_TENSOR ANALYTICAL and PRINT%STRESS_TENSOR ON)`,
      );
    const s = volume(frame.box) / GPA_PER_EV_A3;
    for (let r = 0; r < 3; r++) {
      const w = (lines[sHead + 2 + r] ?? '').trim().split(/\s+/);
      const v = w.slice(2, 5).map(Number);
      if (w[1] !== 'xyz'[r] || v.length !== 3 || !v.every(Number.isFinite))
        throw new Error(`${file}: line ${sHead + 3 + r}: expected row ${'xyz'[r]} of the stress tensor`);
      for (let c = 0; c < 3; c++) virial[3 * r + c] = v[c] * s;
    }
  }
  return { ...frame, energy: eHa * HARTREE_EV, force, virial };
}
