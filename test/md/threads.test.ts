import { describe, expect, it } from 'vitest';
import {
  compareThermo,
  lammpsReference,
  parseThermo,
  potentialsIn,
  runDpmd,
  sharedDeck,
  thermoAgrees,
  type ThermoTable,
} from '../helpers/lammps.js';

/**
 * Worker-thread force and neighbor loops (src/parallel/): a deck run with 2 threads must give the
 * serial dpmd numbers to roundoff (1e-10 relative over a short run: only the summation order
 * differs) and LAMMPS's to the usual 1e-6. Needs the compiled worker (npm run build / pretest).
 */
const FMT = 'thermo_modify format float %20.15g';

/**
 * compareThermo, with the pressure-tensor columns measured on the scale of the whole tensor: an
 * off-diagonal component that is ~0 (a perfect lattice at step 0) would otherwise turn 1e-14
 * absolute roundoff into a large relative difference.
 */
function comparePressureScaled(a: ThermoTable, b: ThermoTable): { maxRel: number; where: string } {
  const p = a.columns.map((c, k) => (/^(Press|Pxx|Pyy|Pzz|Pxy|Pxz|Pyz)$/.test(c) ? k : -1)).filter((k) => k >= 0);
  let pscale = 0;
  for (const r of [...a.rows, ...b.rows]) for (const k of p) pscale = Math.max(pscale, Math.abs(r[k]));
  let maxRel = 0,
    where = '';
  for (let c = 0; c < a.columns.length; c++) {
    let scale = 0;
    for (const r of [...a.rows, ...b.rows]) scale = Math.max(scale, Math.abs(r[c]));
    if (p.includes(c)) scale = pscale;
    for (let k = 0; k < a.rows.length; k++) {
      const x = a.rows[k][c],
        y = b.rows[k][c];
      const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-3 * scale, 1e-300);
      if (rel > maxRel) {
        maxRel = rel;
        where = `${a.columns[c]} at step ${a.rows[k][0]}: ${x} vs ${y}`;
      }
    }
  }
  return { maxRel, where };
}

/**
 * Let the worker's event loop run between the long synchronous runs, so vitest's worker RPC is
 * answered (a worker blocked for a minute on a loaded machine fails with "Timeout calling onTaskUpdate").
 */
const breathe = (): Promise<void> => new Promise((r) => setImmediate(r));

async function threeWay(name: string, deck: string, steps: string): Promise<void> {
  const spec = { deck, repoFiles: potentialsIn(deck) };
  const ref = parseThermo(lammpsReference(name, spec, thermoAgrees(1e-6)).screen);
  await breathe();
  const serial = runDpmd(`package omp 1\n${deck}`, undefined, spec);
  await breathe();
  const threaded = runDpmd(`package omp 2\n${deck}`, undefined, spec);
  await breathe();
  try {
    expect(serial.sim.activeThreads).toBe(1);
    expect(threaded.sim.activeThreads, 'worker pool did not start: is dist/ built (npm run build)?').toBe(2);
    expect(threaded.tables.length).toBe(ref.length);
    for (let k = 0; k < ref.length; k++) {
      expect(ref[k].rows.length, steps).toBeGreaterThan(1);
      const s = comparePressureScaled(threaded.tables[k], serial.tables[k]);
      expect(s.maxRel, `2 threads vs serial dpmd: ${s.where}`).toBeLessThan(1e-10);
      const l = compareThermo(threaded.tables[k], ref[k]);
      expect(l.maxRel, `2 threads vs LAMMPS: ${l.where}`).toBeLessThan(1e-6);
    }
    // Reproducible run to run: fixed slices and reduction order.
    await breathe();
    const again = runDpmd(`package omp 2\n${deck}`, undefined, spec);
    expect(compareThermo(again.tables[0], threaded.tables[0]).maxRel).toBe(0);
    again.sim.dispose();
  } finally {
    serial.sim.dispose();
    threaded.sim.dispose();
  }
}

describe('2 worker threads agree with serial dpmd and LAMMPS', () => {
  it('LJ melt 4000 atoms, 200 steps (half list, single-type fast path, threaded neighbor builds)', async () => {
    await threeWay(
      'threads/lj_melt_4000',
      `variable n index 10
${sharedDeck('lj_melt.lmp')}
neigh_modify delay 0 every 20 check no
fix 1 all nve
thermo_style custom step temp epair etotal press pxx pyy pzz pxy pxz pyz
${FMT}
thermo 50
run 200
`,
      'lj',
    );
  });

  it('two LJ types with mixing in a triclinic box, default neighbor checks', async () => {
    await threeWay(
      'threads/lj_two_types_triclinic',
      `
units lj
atom_style atomic
lattice fcc 0.9
region box prism 0 8 0 8 0 8 0.7 -0.4 0.3
create_box 2 box
create_atoms 1 box basis 2 2 basis 3 2
mass 1 1.0
mass 2 2.5
velocity all create 1.2 4928459 dist gaussian mom yes rot yes
pair_style lj/cut 2.8
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 0.8 1.2 3.0
pair_modify shift yes mix arithmetic
fix 1 all nve
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz
${FMT}
thermo 25
run 100
`,
      'lj2',
    );
  });

  it('Al-10%Mg eam/fs, 4000 atoms, 100 steps (two-phase density/force loops)', async () => {
    await threeWay(
      'threads/almg_eam_fs_4000',
      `
units metal
atom_style atomic
lattice fcc 4.05
region box block 0 10 0 10 0 10
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.10 12345
mass 1 26.9815
mass 2 24.305
velocity all create 600.0 87287 loop geom
pair_style eam/fs
pair_coeff * * AlMg_Mendelev2009.eam.fs Al Mg
neighbor 1.0 bin
neigh_modify every 5 delay 0 check yes
timestep 0.002
fix 1 all nve
thermo_style custom step temp pe etotal press pxx pyy pzz pxy pxz pyz
${FMT}
thermo 20
run 100
`,
      'eam',
    );
  });
});
