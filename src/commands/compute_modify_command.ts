import { Args } from '../args.js';
import { COMMANDS } from '../deck.js';

/**
 * compute_modify ID extra/dof N | dynamic/dof yes|no (LAMMPS Compute::modify_params; the old names
 * `extra` and `dynamic` too): a temperature compute's dof becomes d N − N_extra − fix dof (default
 * N_extra = d, the centre-of-mass motion), and with dynamic/dof yes its atoms are recounted at every
 * evaluation instead of at the run's setup (atoms lost or deposited during a run). Computes other
 * than temp and temp/com refuse them by name (not supported yet); other keywords are refused.
 */
export function registerComputeModifyCommand(): void {
  COMMANDS.register('compute_modify', (args, deck) => {
    const a = new Args('compute_modify', args);
    a.need(3, 'ID keyword value ...');
    const id = a.word('compute ID');
    const c = deck.sim.computes.find((x) => x.id === id);
    if (!c) a.fail(`Could not find compute_modify ID '${id}'`);
    const dofAware = c!.style === 'temp' || c!.style === 'temp/com' || c!.style === 'temp/asphere';
    const need = (key: string) => {
      if (!dofAware) a.fail(`${key} of compute ${c!.style} is not supported yet (compute temp and temp/com take it)`);
    };
    const extra = (k: Args) => {
      need('extra/dof');
      c!.extraDof = k.num('extra/dof');
    };
    const dynamic = (k: Args) => {
      need('dynamic/dof');
      c!.dynamicDof = k.bool('dynamic/dof');
    };
    a.keywords({ 'extra/dof': extra, extra, 'dynamic/dof': dynamic, dynamic });
  });
}
