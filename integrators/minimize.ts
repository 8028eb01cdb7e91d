import { sprintf } from '../src/format.js';
import type { Output } from '../src/output.js';
import type { Simulation } from '../src/simulation.js';
import { checkCriteria } from './min.js';
import type { MinStats } from './min.js';
import { MinCG } from './min_cg.js';
import type { MinimizeCriteria, MinimizeResult } from './minimizer.js';

/**
 * The `minimize etol ftol maxiter maxeval` command (LAMMPS Minimize::command + Finish): run the
 * current min_style (cg when none was chosen, LAMMPS's default) and print the "Loop time" line
 * and the "Minimization stats" block as LAMMPS 29 Sep 2021 prints them.
 *
 * etol: relative energy tolerance (unitless); ftol: force tolerance on the 2-norm of the global
 * force vector (force units; the norm is chosen by min_modify norm); maxiter: iterations (steps);
 * maxeval: force evaluations.
 */
export function runMinimize(sim: Simulation, c: MinimizeCriteria): MinimizeResult {
  checkCriteria(c);
  if (!sim.system.boxExists) throw new Error('Minimize command before simulation box is defined');
  const min = sim.minStyle ?? (sim.minStyle = new MinCG());
  const result = min.minimize(sim, c);
  for (const f of sim.fixes) f.postRun?.(sim);
  printMinimizeStats(sim.out, result, sim.system.n);
  const builds = (result as Partial<MinStats>).neighborBuilds;
  if (builds !== undefined) sim.out.print(`Neighbor list builds = ${builds}`);
  sim.out.print('');
  return result;
}

/**
 * LAMMPS Finish output after a minimization. Fields a minimizer does not report (a style that is
 * not derived from Min) are left out.
 */
export function printMinimizeStats(out: Output, r: MinimizeResult, natoms: number): void {
  const s = r as Partial<MinStats> & MinimizeResult;
  const g8 = (v: number): string => sprintf('%#.8g', v);
  if (s.seconds !== undefined) {
    out.print(`Loop time of ${sprintf('%g', s.seconds)} on 1 procs for ${r.iterations} steps with ${natoms} atoms`);
    out.print('');
  }
  out.print('Minimization stats:');
  out.print(`  Stopping criterion = ${r.stopReason}`);
  out.print('  Energy initial, next-to-last, final = ');
  out.print(sprintf('    %18.15g %18.15g %18.15g', r.energyStart, s.energyPrevious ?? r.energyEnd, r.energyEnd));
  if (s.fnorm2Initial !== undefined && s.fnormInfInitial !== undefined) {
    out.print(`  Force two-norm initial, final = ${g8(s.fnorm2Initial)} ${g8(r.fnorm2)}`);
    out.print(`  Force max component initial, final = ${g8(s.fnormInfInitial)} ${g8(r.fnormInf)}`);
  } else {
    out.print(`  Force two-norm final = ${g8(r.fnorm2)}`);
    out.print(`  Force max component final = ${g8(r.fnormInf)}`);
  }
  if (s.alphaFinal !== undefined) {
    out.print(`  Final line search alpha, max atom move = ${g8(s.alphaFinal)} ${g8(s.alphaFinal * r.fnormInf)}`);
  }
  out.print(`  Iterations, force evaluations = ${r.iterations} ${r.evaluations}`);
  out.print('');
}
