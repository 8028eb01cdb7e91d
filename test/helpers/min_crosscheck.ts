import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { compareThermo, lammpsReference, parseThermo, runDpmd, scratchDir } from './lammps.js';
import { parseMinStats, writePerturbedFcc } from './min_fixtures.js';
import type { MinStatsText } from './min_fixtures.js';

/** One minimization deck run through LAMMPS and dpmd, with the pieces the tests compare. */
export interface MinPair {
  ours: MinStatsText;
  ref: MinStatsText;
  thermoMaxRel: number;
  thermoWhere: string;
  oursRows: number;
  refRows: number;
  sim?: ReturnType<typeof runDpmd>['sim'];
}

export interface MinCase {
  style: 'cg' | 'fire';
  /** min_modify arguments, e.g. 'line backtrack'. */
  modify?: string;
  /** minimize etol ftol maxiter maxeval */
  criteria: string;
  /** neighbor skin (default 0.3). */
  skin?: number;
  /** Uniform shift of all atoms before wrapping (puts atom planes at the box faces). */
  shift?: number;
  amp?: number;
  thermo?: number;
}

/** A perturbed 4x4x4 LJ fcc crystal at rho 0.8442, minimized with the case's style and criteria. */
export function minDeck(dataPath: string, c: MinCase): string {
  return `units lj
atom_style atomic
read_data ${dataPath}
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor ${c.skin ?? 0.3} bin
thermo ${c.thermo ?? 10}
thermo_style custom step temp pe press fnorm fmax
thermo_modify format float %20.15g
min_style ${c.style}
${c.modify ? `min_modify ${c.modify}` : ''}
minimize ${c.criteria}
`;
}

/** Minimization stats and thermo of two programs' screen outputs, side by side. */
function pairOf(oursText: string, refText: string): MinPair {
  const ref = parseMinStats(refText);
  const ours = parseMinStats(oursText);
  expect(ref.length, 'LAMMPS printed one Minimization stats block').toBe(1);
  expect(ours.length, 'dpmd printed one Minimization stats block').toBe(1);
  let thermoMaxRel = Infinity,
    thermoWhere = 'row counts differ';
  const a = parseThermo(oursText)[0],
    b = parseThermo(refText)[0];
  if (a && b && a.rows.length === b.rows.length) ({ maxRel: thermoMaxRel, where: thermoWhere } = compareThermo(a, b));
  return {
    ours: ours[0],
    ref: ref[0],
    thermoMaxRel,
    thermoWhere,
    oursRows: a?.rows.length ?? 0,
    refRows: b?.rows.length ?? 0,
  };
}

/**
 * The case's deck through dpmd and LAMMPS (golden test/golden/<name>, and a live run where LAMMPS
 * is installed, which must meet expectAgreement against the golden too).
 */
export function runMinPair(name: string, c: MinCase): MinPair {
  const dir = scratchDir('dpmd-min-');
  const { path } = writePerturbedFcc(dir, { n: 4, rho: 0.8442, amp: c.amp ?? 0.1, seed: 12345, shift: c.shift });
  const deck = minDeck('fcc.data', c);
  const ref = lammpsReference(name, { deck, files: { 'fcc.data': readFileSync(path, 'utf8') } }, (live, golden) => {
    expectAgreement(`${name} live LAMMPS vs golden`, pairOf(live.screen, golden.screen));
  });
  const dp = runDpmd(deck, dir);
  return { ...pairOf(dp.text, ref.screen), sim: dp.sim };
}

/**
 * The agreement the minimizer tests require: same stop reason, same initial energy (1e-12
 * relative: only the pair summation order differs), final energy to 1e-8 relative,
 * iteration and evaluation counts within 10% (+2), and (when the counts match) every thermo row
 * to 1e-6 relative. Returns a one-line summary for the report.
 */
export function expectAgreement(name: string, p: MinPair): string {
  const { ours, ref } = p;
  const rel = Math.abs(ours.eFinal - ref.eFinal) / Math.abs(ref.eFinal);
  const line =
    `${name}: stop '${ours.stop}' vs '${ref.stop}', iter ${ours.iterations} vs ${ref.iterations}, ` +
    `evals ${ours.evaluations} vs ${ref.evaluations}, Efinal ${ours.eFinal} vs ${ref.eFinal} (rel ${rel.toExponential(2)}), ` +
    `thermo rows ${p.oursRows} vs ${p.refRows} maxRel ${p.thermoMaxRel.toExponential(2)}, ` +
    `neighbor builds ${ours.neighborBuilds} vs ${ref.neighborBuilds}`;
  console.log(line);
  expect(ours.stop, line).toBe(ref.stop);
  expect(rel, line).toBeLessThan(1e-8);
  expect(Math.abs(ours.eInitial - ref.eInitial) / Math.abs(ref.eInitial), line).toBeLessThan(1e-12);
  expect(Math.abs(ours.iterations - ref.iterations), line).toBeLessThanOrEqual(2 + 0.1 * ref.iterations);
  expect(Math.abs(ours.evaluations - ref.evaluations), line).toBeLessThanOrEqual(2 + 0.1 * ref.evaluations);
  if (ours.iterations === ref.iterations) expect(p.thermoMaxRel, `${line}; ${p.thermoWhere}`).toBeLessThan(1e-6);
  return line;
}
