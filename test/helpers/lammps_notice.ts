/**
 * Global setup of the `lammps` test project: say once whether the LAMMPS cross-checks run live
 * or against the committed goldens only, so a machine without LAMMPS is never silently weaker.
 */
import { probeLammps } from './golden.js';

export default function setup(): void {
  const p = probeLammps();
  if (p.ok) {
    console.log(
      `LAMMPS cross-checks: goldens in test/golden and live runs of ${process.env.LMP ?? 'lmp'} (${p.version})`,
    );
  } else if (process.env.CI === 'true') {
    console.log(`LAMMPS cross-checks: LAMMPS not usable (${p.why}); CI=true requires the live runs, so they fail`);
  } else {
    console.log(
      `LAMMPS cross-checks: LAMMPS not usable (${p.why}); comparing with the committed goldens ` +
        'in test/golden only (install lammps + lammps-data, or set LMP, for the live cross-checks)',
    );
  }
}
