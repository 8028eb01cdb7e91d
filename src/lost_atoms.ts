import type { Simulation } from './simulation.js';

/**
 * Atoms lost since the run's setup (thermo_modify lost ignore|warn), counted per group bit.
 * LAMMPS's temperature computes count their atoms once, at setup (ComputeTemp::dof_compute; again
 * every step only with compute_modify dynamic/dof yes), so atoms lost during a run still count in
 * the dof until the next run: groupDof and temperatureDof add these counts back.
 */
const lost = new WeakMap<Simulation, Int32Array>();
/** Their mass per group bit (compute temp/com divides by the group mass of setup, LAMMPS masstotal). */
const lostMass = new WeakMap<Simulation, Float64Array>();

/** Count the atoms with flag[i] = 1 (about to be removed) in every group they belong to. */
export function recordLost(sim: Simulation, flag: Uint8Array): void {
  let c = lost.get(sim);
  if (!c) {
    c = new Int32Array(32);
    lost.set(sim, c);
  }
  let m = lostMass.get(sim);
  if (!m) {
    m = new Float64Array(32);
    lostMass.set(sim, m);
  }
  const s = sim.system,
    mask = s.mask;
  for (let i = 0; i < s.n; i++) {
    if (!flag[i]) continue;
    for (let g = 0; g < 32; g++) {
      if (!(mask[i] & (1 << g))) continue;
      c[g]++;
      m[g] += s.massOf(i);
    }
  }
}

/** Mass of the group's atoms lost since the last setup. */
export function lostMassInGroup(sim: Simulation, bit: number): number {
  const m = lostMass.get(sim);
  return m ? m[31 - Math.clz32(bit)] : 0.0;
}

/** Atoms of the group (mask bit) lost since the last setup. */
export function lostInGroup(sim: Simulation, bit: number): number {
  const c = lost.get(sim);
  if (!c) return 0;
  return c[31 - Math.clz32(bit)];
}

/** A run's setup: the computes count their atoms afresh. */
export function resetLost(sim: Simulation): void {
  lost.get(sim)?.fill(0);
  lostMass.get(sim)?.fill(0);
}

/**
 * An atom was added during a run (fix deposit): like a lost atom with the opposite sign, it does not
 * count in the dof of the temperature computes until the next setup (unless dynamic/dof yes).
 */
export function recordAdded(sim: Simulation, i: number): void {
  let c = lost.get(sim);
  if (!c) {
    c = new Int32Array(32);
    lost.set(sim, c);
  }
  let m = lostMass.get(sim);
  if (!m) {
    m = new Float64Array(32);
    lostMass.set(sim, m);
  }
  const s = sim.system,
    mask = s.mask;
  for (let g = 0; g < 32; g++) {
    if (!(mask[i] & (1 << g))) continue;
    c[g]--;
    m[g] -= s.massOf(i);
  }
}
