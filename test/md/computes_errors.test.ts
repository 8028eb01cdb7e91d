import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAll } from '../../src/commands/index.js';
import { Deck, DeckError } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';

/**
 * Bad arguments to the computes, variables, set, if, restart, read_dump and rerun commands stop the
 * deck with an error naming the file, the line and the cause (LAMMPS's wording where it has one).
 */
function deckError(deck: string, files: Record<string, string> = {}): DeckError | null {
  registerAll();
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-computes-err-'));
  writeFileSync(join(dir, 'in.deck'), deck);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  const d = new Deck(new Simulation(new Output({ screen: false, capture: true })));
  d.sim.threads = 1;
  d.cwd = dir;
  try {
    d.runFile(join(dir, 'in.deck'));
    return null;
  } catch (e) {
    if (!(e instanceof DeckError)) throw e;
    return e;
  } finally {
    d.sim.dispose();
  }
}

const LJ = `units lj
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
fix 1 all nve
`;
const LINES = LJ.split('\n').length - 1;

/** The deck LJ + extra lines fails at the first extra line with `line` (1-based within extra). */
function expectError(extra: string, line: number, reason: RegExp, files?: Record<string, string>): void {
  const e = deckError(LJ + extra, files);
  expect(e, `expected an error matching ${reason}`).not.toBeNull();
  expect(e!.message).toMatch(reason);
  expect(e!.line).toBe(LINES + line);
  expect(e!.file).toMatch(/in\.deck$/);
}

describe('computes and per-atom references: errors', () => {
  it('refuse bad compute arguments', () => {
    expectError(
      'compute t all temp/region nowhere\n',
      1,
      /Region ID 'nowhere' for compute temp\/region does not exist/,
    );
    expectError('compute t all temp/partial 1 2 0\n', 1, /compute temp\/partial: yflag must be <= 1, got 2/);
    expectError('compute t all temp/partial 1 1\n', 1, /compute temp\/partial/);
    expectError('compute m all msd average yes\n', 1, /average yes is not supported yet/);
    expectError('compute d all displace/atom refresh v_x\n', 1, /refresh/);
    expectError('compute k all ke/atom extra\n', 1, /compute ke\/atom/);
    expectError('compute p all pe/atom kspace\n', 1, /keyword kspace is not supported/);
    expectError('compute c all com 1\n', 1, /compute com/);
    expectError(
      'compute a all property/atom q\n',
      1,
      /Compute property\/atom for atom property that isn't allocated: q/,
    );
    expectError('compute a all property/atom radius\n', 1, /attribute 'radius' is not supported/);
    expectError('compute p left pressure thermo_temp\n', 1, /Could not find compute group ID 'left'/);
    expectError('group g id 1\ncompute p g pressure thermo_temp\n', 2, /Compute pressure must use group all/);
    expectError(
      'compute p all pressure NULL\n',
      1,
      /Compute pressure requires temperature ID to include kinetic energy/,
    );
    expectError('compute p all pressure nothere\n', 1, /Could not find compute pressure temperature ID 'nothere'/);
    expectError(
      'compute p all pressure thermo_pe\nrun 0\n',
      2,
      /temperature ID 'thermo_pe' does not compute temperature/,
    );
    expectError('compute p all pressure thermo_temp kspace\n', 1, /keyword kspace is not supported yet/);
    expectError('compute thermo_temp all temp\n', 1, /Reuse of compute ID 'thermo_temp'/);
    expectError(
      'compute s all stress/atom nothere\n',
      1,
      /Could not find compute stress\/atom temperature ID 'nothere'/,
    );
    expectError('compute s all stress/atom NULL kspace\n', 1, /keyword kspace is not supported yet/);
    expectError('compute tc all temp/com\ncompute s all stress/atom tc\n', 2, /has a velocity bias \(temp\/com\)/);
  });

  it('compute reduce: per-atom inputs resolved with LAMMPS messages', () => {
    expectError('compute r all reduce sum c_none\n', 1, /Compute ID none for compute reduce does not exist/);
    expectError(
      'compute t all temp\ncompute r all reduce sum c_t\n',
      2,
      /Compute reduce compute t does not calculate per-atom values/,
    );
    expectError(
      'compute d all displace/atom\ncompute r all reduce max c_d\n',
      2,
      /does not calculate a per-atom vector/,
    );
    expectError('compute d all displace/atom\ncompute r all reduce max c_d[5]\n', 2, /array is accessed out-of-range/);
    expectError('compute k all ke/atom\ncompute r all reduce max c_k[1]\n', 2, /does not calculate a per-atom array/);
    expectError(
      'variable e equal 1\ncompute r all reduce sum v_e\n',
      2,
      /Compute reduce variable e is not atom-style variable/,
    );
    expectError('compute r all reduce sum v_nope\n', 1, /Variable name nope for compute reduce does not exist/);
  });

  it('atom-style variables and formulas', () => {
    expectError(
      'variable a atom x*2\nvariable b equal v_a\nprint "${b}"\n',
      3,
      /atom-style variable v_a in a formula that is not atom-style/,
    );
    expectError(
      'variable a atom x\nthermo_style custom step v_a\nrun 0\n',
      3,
      /Variable a is atom-style, not equal-style/,
    );
    expectError('variable b equal x+1\nprint "${b}"\n', 2, /atom value 'x' in a formula that is not atom-style/);
    expectError(
      'variable a atom 1/(x-x)\ncompute r all reduce sum v_a\nthermo_style custom c_r\nrun 0\n',
      4,
      /divide by 0/,
    );
    expectError('print "$(count(nogroup))"\n', 1, /Could not find group function group ID 'nogroup'/);
    expectError('print "$(xcm(all,w))"\n', 1, /dimension must be x, y or z/);
    expectError('print "$(atan2(1))"\n', 1, /atan2\(\) takes 2 arguments, got 1/);
    expectError('print "$(ramp(1))"\n', 1, /ramp\(\) takes 2 arguments/);
    expectError('print "$(random(0,1,0))"\n', 1, /random\(\): the seed must be a positive integer/);
    expectError('print "$(normal(0,1))"\n', 1, /normal\(\) takes 3 arguments, got 2/);
    expectError('print "$(sum(c_none))"\n', 1, /invalid compute ID 'none'/);
    expectError('variable a atom 1\nvariable a string x\n', 2, /Cannot redefine variable a as a different style/);
    expectError(
      'variable u universe a b\nvariable v uloop 3\n',
      2,
      /All universe\/uloop variables must have same # of values/,
    );
    expectError('variable w world a b\n', 1, /World variable count doesn't match # of partitions/);
    expectError('variable f format t %d\n', 1, /Incorrect conversion in format string/);
    expectError('variable i internal x\n', 1, /Illegal variable internal: expected one number/);
    expectError('variable v getenv HOME\n', 1, /Unsupported variable style 'getenv'/);
    expectError('print "${x}" \nvariable x atom 1\n', 1, /Substitution for illegal variable 'x'/);
  });

  it('dump custom: per-atom columns resolved when written', () => {
    expectError('dump 1 all custom 1 d.dump id c_none\nrun 0\n', 2, /Compute ID none for dump custom does not exist/);
    expectError('dump 1 all custom 1 d.dump id q\nrun 0\n', 2, /Dumping an atom property that isn't allocated: q/);
  });
});

describe('set, if, quit: errors', () => {
  it('set: bad selections, keywords and values', () => {
    expectError('set atom 1 mass 2.0\n', 1, /Cannot set attribute mass for atom style atomic/);
    expectError('set atom 1 charge 1.0\n', 1, /Cannot set attribute charge for atom style atomic/);
    expectError('set type 1 type 2\n', 1, /Invalid value 2 in set type command/);
    expectError('set region nowhere type 1\n', 1, /Set region ID 'nowhere' does not exist/);
    expectError('set group nogroup type 1\n', 1, /Could not find set group ID 'nogroup'/);
    expectError('set type 3 type 1\n', 1, /Numeric index 3 is out of bounds \(1-1\)/);
    expectError('set atom a*b type 1\n', 1, /Invalid range string: a\*b/);
    expectError('set mol 1 type 1\n', 1, /Cannot use set mol with no molecule IDs defined/);
    expectError('set atom 1 spin 1\n', 1, /unknown keyword 'spin'/);
    expectError('set atom 1 type 1 vx\n', 1, /vx needs 1 value/);
    expectError('set atom * type/fraction 1 1.5 1\n', 1, /fraction must be in \[0,1\]/);
    expectError('variable e equal 1\nset atom 1 vx v_e\n', 2, /Variable e for set command is invalid style/);
    expectError('set atom 1 x nan\n', 1, /set x/);
  });

  it('set image on a non-periodic dimension', () => {
    const deck = `units lj
boundary p f p
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
set atom 1 image 0 1 0
`;
    const e = deckError(deck);
    expect(e?.message).toMatch(/Cannot set non-zero image flag for non-periodic dimension/);
    expect(e?.line).toBe(7);
  });

  it('if and quit', () => {
    expectError('if "1 > 0" "print x"\n', 1, /Illegal if command/);
    expectError('if "1 > 0" then\n', 1, /Illegal if command/);
    expectError('if "0" then "print x" else\n', 1, /else needs a command/);
    expectError('if "1 +" then "print x"\n', 1, /Invalid formula/);
    expectError('quit 3\n', 1, /Quit with status 3 requested by the input/);
    // quit stops reading: the bad line after it is never run.
    expect(deckError(`${LJ}quit\nnot_a_command\n`)).toBeNull();
  });
});

describe('restart files, read_dump, rerun, shell: errors', () => {
  it('read_restart / write_restart', () => {
    expectError('read_restart nofile.restart\n', 1, /Cannot read_restart after simulation box is defined/);
    const e = deckError('read_restart nofile.restart\n');
    expect(e?.message).toMatch(/Cannot open restart file .*nofile\.restart/);
    const bin = deckError('read_restart lammps.restart\n', { 'lammps.restart': '\u0000\u0001LammpS RestartT' });
    expect(bin?.message).toMatch(/is not a dpmd restart file \(LAMMPS's binary restart files cannot be read\)/);
    expectError('write_restart x.restart bogus\n', 1, /write_restart: unknown keyword 'bogus'/);
    expectError('restart 10\n', 1, /restart: missing file name/);
  });

  const DUMP = `ITEM: TIMESTEP
5
ITEM: NUMBER OF ATOMS
1
ITEM: BOX BOUNDS pp pp pp
0 4.9
0 4.9
0 4.9
ITEM: ATOMS id type x y z
1 1 0.1 0.2 0.3
`;

  it('read_dump and rerun', () => {
    expectError('read_dump d.dump 7 x y z\n', 1, /Dump file does not contain requested snapshot \(step 7/, {
      'd.dump': DUMP,
    });
    expectError('read_dump d.dump 5 vx\n', 1, /Read_dump field vx not found in dump file/, { 'd.dump': DUMP });
    expectError('read_dump d.dump 5 x purge yes\n', 1, /purge yes is not supported yet/, { 'd.dump': DUMP });
    expectError('read_dump d.dump 5\n', 1, /read_dump/, { 'd.dump': DUMP });
    expectError('read_dump none.dump 5 x\n', 1, /Cannot open file/);
    expectError('read_dump d.dump 5 x\n', 1, /d\.dump:2: bad timestep 'x'/, {
      'd.dump': DUMP.replace('\n5\n', '\nx\n'),
    });
    expectError('read_dump d.dump 5 x\n', 1, /triclinic status does not match/, {
      'd.dump': DUMP.replace(
        'BOX BOUNDS pp pp pp\n0 4.9\n0 4.9\n0 4.9',
        'BOX BOUNDS xy xz yz pp pp pp\n0 4.9 0\n0 4.9 0\n0 4.9 0',
      ),
    });
    expectError('rerun d.dump\n', 1, /the dump keyword and its fields are required/, { 'd.dump': DUMP });
    expectError('rerun d.dump first 9 dump x\n', 1, /no dump snapshot matches/, { 'd.dump': DUMP });
    expectError('rerun dump x\n', 1, /no dump file/);
  });

  it('shell runs no programs', () => {
    expectError('shell ls -l\n', 1, /shell ls: only cd mkdir mv rm rmdir putenv are supported/);
  });
});

describe('stress/atom needs per-atom virials from the pair style', () => {
  it('refuses a pair style that does not tally them', () => {
    const deck = `units metal
lattice fcc 3.615
region box block 0 2 0 2 0 2
create_box 1 box
create_atoms 1 box
mass 1 63.55
pair_style eam
pair_coeff 1 1 Cu_u3.eam
compute s all stress/atom NULL
run 0
`;
    const cu = readFileSync(join(__dirname, '..', 'fixtures', 'lammps-potentials', 'Cu_u3.eam'), 'utf8');
    const e = deckError(deck, { 'Cu_u3.eam': cu });
    expect(e?.message).toMatch(/pair style eam does not tally per-atom virials yet/);
    expect(e?.line).toBe(10);
  });
});
