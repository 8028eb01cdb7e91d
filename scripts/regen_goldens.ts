/**
 * Regenerate every LAMMPS golden under test/golden/ from its committed deck and inputs: runs the
 * command recorded in each golden.json (`lmp -in in.lammps -log none -nocite`, OMP_NUM_THREADS=1)
 * in a scratch copy of the directory and overwrites the outputs (screen.txt and the listed files)
 * and the LAMMPS version. Use it after a LAMMPS upgrade; then run `npm test` and review the diff.
 * New goldens (or ones whose deck a test changed) are recorded by the tests themselves:
 * `UPDATE_GOLDENS=1 npx vitest run --project lammps`. See test/golden/README.md.
 *
 *   npx tsx scripts/regen_goldens.ts [NAME_PREFIX ...]
 */
import { listGoldens, probeLammps, regenerateGolden } from '../test/helpers/golden.js';

const prefixes = process.argv.slice(2);
const probe = probeLammps();
if (!probe.ok) {
  console.error(`regen_goldens: LAMMPS is not usable (${probe.why}); install lammps + lammps-data or set LMP`);
  process.exit(1);
}
const names = listGoldens().filter((n) => prefixes.length === 0 || prefixes.some((p) => n.startsWith(p)));
if (names.length === 0) {
  console.error(`regen_goldens: no golden matches ${prefixes.join(' ') || '(all)'}`);
  process.exit(1);
}
console.log(`LAMMPS ${probe.version}: regenerating ${names.length} goldens`);
let failed = 0;
for (const name of names) {
  const t0 = Date.now();
  try {
    regenerateGolden(name);
    console.log(`  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.error(`  ${name}: ${(e as Error).message}`);
  }
}
if (failed) {
  console.error(`regen_goldens: ${failed} of ${names.length} failed`);
  process.exit(1);
}
