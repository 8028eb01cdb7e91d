import { afterEach, describe, expect, it } from 'vitest';
import { eamSimdSwitch } from '../../potentials/eam_simd.js';
import { registerAll } from '../../src/commands/index.js';
import { Deck } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';
import { ALMG } from '../helpers/eam_systems.js';

/**
 * The WebAssembly SIMD EAM loops (potentials/eam_simd.ts) must give the JavaScript loops' forces,
 * energy and virial bit for bit (the JavaScript loops are the ones checked against LAMMPS: same IEEE
 * operations per pair, sums in list order). A perturbed multi-type Al-Mg crystal (the Mendelev eam/fs
 * file, three distinct type-pair blocks, and type 3 mapped to Al again so that blocks repeat), in a
 * triclinic box, with pairs on both sides of the cutoff and rows of odd and even length; serial and
 * on two threads (slices that start mid-list), energy on and off, after moving the atoms without and
 * with a list rebuild (the kernel's cached rows must follow the list's version).
 */
type Result = { pe: number; f: Float64Array; virial: Float64Array; threads: number; builds: number };

/** A 3-type Al-Mg-Al melt-ish crystal in a triclinic box, run `steps` steps of NVE on `threads` threads. */
function evaluate(simd: boolean, threads: number, steps: number, cells = '0 5 0 4 0 4'): Result {
  eamSimdSwitch.on = simd;
  registerAll();
  const sim = new Simulation(new Output({ screen: false, capture: true }));
  sim.threads = threads;
  try {
    new Deck(sim).runText(
      [
        'units metal',
        'atom_style atomic',
        'lattice fcc 4.05',
        `region box prism ${cells} 0.4 -0.3 0.25`,
        'create_box 3 box',
        'create_atoms 1 box',
        'set group all type/fraction 2 0.3 4711',
        'set group all type/fraction 3 0.2 815',
        'mass 1 26.9815',
        'mass 2 24.305',
        'mass 3 26.9815',
        'displace_atoms all random 0.2 0.2 0.2 99 units box',
        'velocity all create 1500.0 87287 loop geom',
        `pair_style eam/fs`,
        `pair_coeff * * ${ALMG} Al Mg Al`,
        'neighbor 1.0 bin',
        'neigh_modify every 1 delay 0 check yes',
        'timestep 0.004',
        'fix 1 all nve',
        'thermo 10',
        `run ${steps}`,
      ].join('\n'),
    );
    const sys = sim.system;
    return {
      pe: sim.pe,
      f: sys.f.slice(0, 3 * sys.n),
      virial: Float64Array.from(sim.virial),
      threads: sim.activeThreads,
      builds: sim.neighbor.builds,
    };
  } finally {
    sim.dispose();
  }
}

function expectSame(a: Result, b: Result, what: string): void {
  expect(Object.is(a.pe, b.pe), `${what}: energy ${a.pe} vs ${b.pe}`).toBe(true);
  let diff = 0;
  for (let k = 0; k < a.f.length; k++) if (!Object.is(a.f[k], b.f[k])) diff++;
  expect(diff, `${what}: force components that differ`).toBe(0);
  for (let k = 0; k < 6; k++) expect(a.virial[k], `${what}: virial ${k}`).toBe(b.virial[k]);
}

describe('eam WebAssembly SIMD loops', () => {
  const initial = eamSimdSwitch.on;
  afterEach(() => {
    eamSimdSwitch.on = initial;
  });

  it('is available on this runtime and on by default', () => {
    expect(initial).toBe(true);
  });

  it('gives the JavaScript loops bit for bit, serial and on two threads, across list rebuilds', () => {
    for (const threads of [1, 2]) {
      for (const steps of [0, 30]) {
        const js = evaluate(false, threads, steps);
        const wasm = evaluate(true, threads, steps);
        expect(js.f.some((v) => v !== 0)).toBe(true);
        expect(Number.isFinite(js.pe) && js.pe < 0, `pe ${js.pe}`).toBe(true);
        expect(wasm.threads).toBe(threads);
        // Steps that reuse the list (cached rows) and rebuilds (rows recopied) both happen.
        if (steps > 0) expect(wasm.builds > 0 && wasm.builds < steps, `builds ${wasm.builds}`).toBe(true);
        expectSame(wasm, js, `${threads} thread(s), ${steps} steps`);
      }
    }
  });

  it('grows its memory for a larger system after a smaller one (new layout, everything recopied)', () => {
    evaluate(true, 1, 0);
    const js = evaluate(false, 1, 10, '0 6 0 6 0 5');
    const wasm = evaluate(true, 1, 10, '0 6 0 6 0 5');
    expectSame(wasm, js, 'larger system');
  });
});
