import { it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { registerAll } from '/work/main/src/commands/index.js';
import { kineticEnergy } from '/work/main/src/computes.js';
import { Deck } from '/work/main/src/deck.js';
import { Output } from '/work/main/src/output.js';
import { Simulation } from '/work/main/src/simulation.js';
import { readNpy } from '/work/main/src/npy.js';
it('nve', () => {
  const W = '/work/shared/data/water/data_0/';
  const c = readNpy(W + 'set.000/coord.npy').data, L = readNpy(W + 'set.000/box.npy').data[0];
  const t = readFileSync(W + 'type.raw', 'utf8').trim().split(/\s+/).map(Number);
  const lines = ['x', '', `${t.length} atoms`, '2 atom types', '', `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Masses', '', '1 15.9994', '2 1.00794', '', 'Atoms', ''];
  t.forEach((k, i) => lines.push(`${i + 1} ${k + 1} ${c[3 * i]} ${c[3 * i + 1]} ${c[3 * i + 2]}`));
  writeFileSync('/tmp/dbg/w.data', lines.join('\n') + '\n');
  for (const [dt, n, vel] of [[0.0005, 100, 'velocity all create 300 4928459 loop geom'], [0.00025, 200, 'velocity all create 300 4928459 loop geom'], [0.0005, 100, '']] as const) {
    registerAll();
    const out = new Output({ screen: false, capture: true });
    const sim = new Simulation(out);
    const deck = new Deck(sim);
    deck.runText(`units metal\natom_style atomic\nread_data /tmp/dbg/w.data\npair_style deepmd /work/shared/models/deepmd-kit/deeppot_sea.yaml\npair_coeff * * O H\ntimestep ${dt}\n${vel}\nfix 1 all nve\nthermo 1000\n`);
    const e: number[] = [], pe: number[] = [];
    sim.outputs.push({ id: 'e', every: 1, needsEnergy: true, write: (s) => { e.push(s.pe + kineticEnergy(s)); pe.push(s.pe); } });
    deck.runText(`run ${n}\n`);
    console.log(dt, 'E', e.filter((_, k) => k % (n / 10) === 0).map((v) => (v - e[0]).toFixed(4)).join(' '), 'pe0', pe[0].toFixed(3), 'builds', sim.neighbor.builds);
  }
});
