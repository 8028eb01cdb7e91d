import { COMMANDS } from '../deck.js';

/**
 * fix_modify ID keyword value ... (LAMMPS Fix::modify_params): `energy yes|no` adds the fix's
 * energy (its f_ID scalar) to the potential energy of thermo pe/etotal and compute pe (fixes with
 * LAMMPS's energy_global_flag only: fix spring, fix addforce); `virial yes|no` adds its virial to
 * the pressure, scalar and tensor (fixes with virial_global_flag: fix addforce). Both default to no
 * for these fixes, as in LAMMPS 29 Sep 2021. A fix without the flag refuses `yes` as LAMMPS does.
 * `temp cID` gives a thermostat (temp/rescale, temp/berendsen, langevin, nvt) a temperature compute
 * of the deck to steer (integrators/thermostat_temperature.ts).
 */
export function registerFixModifyCommand(): void {
  COMMANDS.register('fix_modify', (args, deck) => {
    if (args.length < 3) throw new Error('Illegal fix_modify command: expected "fix_modify ID keyword value ..."');
    const fix = deck.sim.fixes.find((f) => f.id === args[0]);
    if (!fix) throw new Error(`Could not find fix_modify ID '${args[0]}'`);
    for (let k = 1; k < args.length; k += 2) {
      const key = args[k];
      const value = args[k + 1];
      if (value === undefined) throw new Error(`Illegal fix_modify command: '${key}' needs a value`);
      if (fix.modifyParam?.(key, value, deck.sim)) continue;
      if (key === 'temp') {
        if (!fix.thermostat) throw new Error(`Illegal fix_modify command: fix ${fix.style} has no temperature (temp)`);
        fix.thermostat.modify(deck.sim, value);
        continue;
      }
      if (key !== 'energy' && key !== 'virial') {
        const known = ['press', 'bias', 'respa', 'dynamic/dof', 'colname'];
        throw new Error(
          known.includes(key)
            ? `fix_modify ${key} is not supported yet (supported: energy, virial, temp)`
            : `Illegal fix_modify command: unknown keyword '${key}'`,
        );
      }
      if (value !== 'yes' && value !== 'no')
        throw new Error(`Illegal fix_modify command: ${key} expects yes or no, got '${value}'`);
      const on = value === 'yes';
      if (key === 'energy') {
        if (on && !fix.energyGlobal)
          throw new Error(`Illegal fix_modify command: fix ${fix.style} does not contribute energy (energy yes)`);
        fix.thermoEnergy = on;
      } else {
        if (on && !fix.virialGlobal)
          throw new Error(`Illegal fix_modify command: fix ${fix.style} does not contribute a virial (virial yes)`);
        fix.thermoVirial = on;
      }
    }
  });
}
