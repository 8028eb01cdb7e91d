import { COMMANDS } from '../deck.js';
import { COMPUTE_STYLES } from '../styles.js';

/**
 * compute ID group style args... and uncompute ID (LAMMPS Modify::add_compute/delete_compute).
 * A compute does nothing by itself: fixes such as ave/time invoke it on the steps they sample.
 */
export function registerComputeCommands(): void {
  COMMANDS.register('compute', (args, deck) => {
    const sim = deck.sim;
    if (!sim.system.boxExists) throw new Error('Compute command before simulation box is defined');
    if (args.length < 3) throw new Error('Illegal compute command: expected "compute ID group style args"');
    const [id, group, style, ...rest] = args;
    if (!/^[A-Za-z0-9_]+$/.test(id))
      throw new Error(`Compute ID '${id}' must use only alphanumeric or underscore characters`);
    if (sim.computes.some((c) => c.id === id)) throw new Error(`Reuse of compute ID '${id}'`);
    if (sim.groups.find(group) < 0) throw new Error(`Could not find compute group ID '${group}'`);
    const c = COMPUTE_STYLES.get(style)(id, group, rest, sim, deck.regions);
    c.group = group;
    sim.computes.push(c);
  });
  COMMANDS.register('uncompute', (args, deck) => {
    if (args.length !== 1) throw new Error('Illegal uncompute command');
    const k = deck.sim.computes.findIndex((c) => c.id === args[0]);
    if (k < 0) throw new Error(`Could not find compute ID '${args[0]}' to delete`);
    deck.sim.computes.splice(k, 1);
  });
}
