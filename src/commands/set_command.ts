import { COMMANDS } from '../deck.js';
import { int, num } from '../parse.js';
import { RanPark } from '../random_park.js';

/**
 * set group ID type T | type/fraction T FRACTION SEED (LAMMPS Set): change the types of the
 * group's atoms, e.g. to
 * make a random alloy. type/fraction reseeds LAMMPS's RanPark from each atom's coordinates, so the
 * same seed picks the same atoms as LAMMPS regardless of atom order.
 */
export function registerSetCommand(): void {
  COMMANDS.register('set', (args, deck) => {
    const s = deck.sim.system;
    if (!s.boxExists) throw new Error('Set command before simulation box is defined');
    if (args.length < 4) throw new Error('Illegal set command: expected "set group ID KEYWORD values"');
    if (args[0] !== 'group') throw new Error('set: only "set group ID ..." is supported');
    const bit = deck.sim.groups.bit(args[1], 'set');
    const mask = s.mask;
    let count = 0;
    for (let k = 2; k < args.length; ) {
      const key = args[k];
      if (key === 'type') {
        const t = int(args[k + 1], 'set type');
        if (t < 1 || t > s.ntypes) throw new Error(`Invalid value ${t} in set type command`);
        count = 0;
        for (let i = 0; i < s.n; i++) {
          if (!(mask[i] & bit)) continue;
          s.type[i] = t;
          count++;
        }
        k += 2;
      } else if (key === 'type/fraction') {
        const t = int(args[k + 1], 'set type/fraction type');
        const frac = num(args[k + 2], 'set type/fraction fraction');
        const seed = int(args[k + 3], 'set type/fraction seed');
        if (t < 1 || t > s.ntypes) throw new Error(`Invalid type ${t} in set type/fraction command`);
        if (frac < 0 || frac > 1) throw new Error('Invalid fraction in set type/fraction command: must be in [0,1]');
        if (seed <= 0) throw new Error('Invalid random number seed in set command');
        const r = new RanPark(seed);
        count = 0;
        for (let i = 0; i < s.n; i++) {
          if (!(mask[i] & bit)) continue;
          r.resetFromCoord(seed, s.x, 3 * i);
          if (r.uniform() >= frac) continue;
          s.type[i] = t;
          count++;
        }
        k += 4;
      } else {
        throw new Error(`Unsupported set keyword '${key}' (supported: type, type/fraction)`);
      }
    }
    deck.sim.out.print(`Setting atom values ...\n  ${count} settings made for ${args[2]}`);
  });
}
