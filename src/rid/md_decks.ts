/**
 * Inputs of the molecular RiD sampler (`sampler: "md"`): the `dpmd run` deck of one walker or one
 * restrained run, and its PLUMED file, as rid-kit writes them for GROMACS + PLUMED
 * (rid/common/plumed/plumed_constant.py):
 *
 *   phi: TORSION ATOMS=5,7,9,15
 *   dpfe: DEEPFE TRUST_LVL_1=l1 TRUST_LVL_2=l2 MODEL=models.json ARG=phi,psi      (exploration)
 *   res-phi: RESTRAINT ARG=phi KAPPA=k AT=s0                                       (labelling)
 *   PRINT STRIDE=n ARG=phi,psi FILE=COLVAR
 *
 * PLUMED units: kJ/mol and rad whatever the deck's units, so kappas (kJ/mol/rad²), trust levels
 * (kJ/mol/rad) and centres (rad) go in unchanged. The deck: the system's force-field commands (its own
 * file, e.g. systems/ala2's settings), `read_data`, velocities at the temperature (seeded), `fix
 * langevin` (LAMMPS's: the seed is a positive integer) with `fix nve`, `fix plumed`, a dump of the
 * positions every output step (the frames the selection picks centres from) and `write_data` of the
 * final state (the walker's state for the next iteration). Pure string builders: no files are touched.
 */

/** One collective variable: a torsion over four atom IDs (1-based, LAMMPS IDs). */
export interface TorsionCv {
  name: string;
  atoms: [number, number, number, number];
}

/** PLUMED's number format: shortest round-trip decimal (JS's), never exponent-free truncation. */
const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`md_decks: non-finite number ${x}`);
  return String(x);
};

function cvLines(cvs: readonly TorsionCv[]): string[] {
  return cvs.map((c) => `${c.name}: TORSION ATOMS=${c.atoms.join(',')}`);
}

function printLine(cvs: readonly TorsionCv[], stride: number, file: string): string {
  return `PRINT STRIDE=${stride} ARG=${cvs.map((c) => c.name).join(',')} FILE=${file}`;
}

/** PLUMED input of an exploration walker: the CVs, the DEEPFE bias (none at iteration 0) and PRINT. */
export function explorePlumed(o: {
  cvs: readonly TorsionCv[];
  /** The ensemble's model file (iteration's models.json), or null for unbiased exploration. */
  model: string | null;
  trustLvl1: number;
  trustLvl2: number;
  stride: number;
  colvar: string;
}): string {
  const lines = cvLines(o.cvs);
  if (o.model !== null)
    lines.push(
      `dpfe: DEEPFE TRUST_LVL_1=${num(o.trustLvl1)} TRUST_LVL_2=${num(o.trustLvl2)} MODEL=${o.model} ` +
        `ARG=${o.cvs.map((c) => c.name).join(',')}`,
    );
  lines.push(printLine(o.cvs, o.stride, o.colvar));
  return `${lines.join('\n')}\n`;
}

/** PLUMED input of a restrained run at centre `at` (rad) with `kappas` (kJ/mol/rad²), one RESTRAINT per CV. */
export function restrainedPlumed(o: {
  cvs: readonly TorsionCv[];
  at: readonly number[];
  kappas: readonly number[];
  stride: number;
  colvar: string;
}): string {
  if (o.at.length !== o.cvs.length || o.kappas.length !== o.cvs.length)
    throw new Error(`md_decks: ${o.cvs.length} CVs need as many centres and kappas`);
  const lines = cvLines(o.cvs);
  o.cvs.forEach((c, k) => {
    lines.push(`res-${c.name}: RESTRAINT ARG=${c.name} KAPPA=${num(o.kappas[k])} AT=${num(o.at[k])}`);
  });
  lines.push(printLine(o.cvs, o.stride, o.colvar));
  return `${lines.join('\n')}\n`;
}

/** The `dpmd run` deck of one MD task (units real: dt in fs, temperature in K). */
export function mdDeck(o: {
  /** Force-field and style commands of the system (units, atom_style, pair/bond/... styles), read before read_data. */
  settings: string;
  /** Data file to start from (the system's, or a walker's previous write_data). */
  data: string;
  /** Commands after read_data (special_bonds, neighbor, ...). */
  postData: string;
  temperature: number;
  /** Langevin damping (fs). */
  tdamp: number;
  dt: number;
  nsteps: number;
  /** Positive integer seed of velocity and fix langevin. */
  seed: number;
  /** Draw velocities (a fresh start) or keep those of the data file (a continued walker). */
  newVelocities: boolean;
  plumed: string;
  plumedLog: string;
  /** Dump of positions every `dumpEvery` steps (null: none). */
  dump: string | null;
  dumpEvery: number;
  writeData: string | null;
}): string {
  if (!(Number.isInteger(o.seed) && o.seed > 0 && o.seed < 900000000))
    throw new Error(`md_decks: the seed must be an integer in 1..899999999 (LAMMPS), got ${o.seed}`);
  if (!(Number.isInteger(o.nsteps) && o.nsteps >= 0)) throw new Error(`md_decks: nsteps ${o.nsteps}`);
  const l: string[] = ['# written by dpmd rid (sampler md)', o.settings.trimEnd(), `read_data ${o.data}`];
  if (o.postData.trim() !== '') l.push(o.postData.trimEnd());
  l.push(`timestep ${num(o.dt)}`);
  if (o.newVelocities) l.push(`velocity all create ${num(o.temperature)} ${o.seed} mom yes rot yes dist gaussian`);
  l.push('fix 1 all nve');
  l.push(`fix 2 all langevin ${num(o.temperature)} ${num(o.temperature)} ${num(o.tdamp)} ${o.seed} zero yes`);
  l.push(`fix 3 all plumed plumedfile ${o.plumed} outfile ${o.plumedLog}`);
  if (o.dump !== null) {
    l.push(`dump 1 all custom ${o.dumpEvery} ${o.dump} id x y z`);
    l.push('dump_modify 1 sort id format float %.10f');
  }
  l.push('thermo 1000');
  l.push(`run ${o.nsteps}`);
  if (o.writeData !== null) l.push(`write_data ${o.writeData}`);
  return `${l.join('\n')}\n`;
}
