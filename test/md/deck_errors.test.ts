import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAll } from '../../src/commands/index.js';
import { Deck, DeckError } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';

/**
 * Every class of bad input the deck fuzzer found stops with a DeckError naming file:line and the
 * cause (LAMMPS's wording where it has one) instead of a crash, a hang or NaN output.
 */
const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

/** Run a deck (in.deck, plus other files) in a fresh directory; returns the error it stopped with, or null. */
function deckError(deck: string, files: Record<string, string> = {}): DeckError | null {
  registerAll();
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-deckerr-'));
  writeFileSync(join(dir, 'in.deck'), deck);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  const sim = new Simulation(new Output({ screen: false, capture: true }));
  sim.threads = 1;
  const d = new Deck(sim);
  d.cwd = dir;
  try {
    d.runFile(join(dir, 'in.deck'));
    return null;
  } catch (e) {
    if (!(e instanceof DeckError)) throw e;
    return e;
  } finally {
    sim.dispose();
  }
}

function expectError(deck: string, line: number, reason: RegExp, files?: Record<string, string>): void {
  const e = deckError(deck, files);
  expect(e, `expected an error matching ${reason}`).not.toBeNull();
  expect(e!.message).toMatch(reason);
  expect(e!.line).toBe(line);
  expect(e!.file).toMatch(/in\.deck$/);
}

const LJ = (region = '0 3 0 3 0 3', lattice = 'fcc 0.8442') => `units lj
lattice ${lattice}
region box block ${region}
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
fix 1 all nve
`;

const DATA = (mut: (s: string) => string = (s) => s) =>
  mut(`title

4 atoms
2 atom types

0.0 6.0 xlo xhi
0.0 6.0 ylo yhi
0.0 6.0 zlo zhi
1.0 0.0 0.0 xy xz yz

Masses

1 1.0
2 2.0

Atoms # atomic

1 1 0.5 0.5 0.5 0 0 0
2 1 3.5 0.5 0.5 0 0 0
3 2 0.5 3.5 0.5 0 0 0
4 2 0.5 0.5 3.5 0 0 0

Velocities

1 0 0 0
2 0 0 0
3 0 0 0
4 0 0 0
`);

const READ = 'units lj\nread_data d.data\n';

describe('deck errors: crashes, hangs and silent garbage become clean errors', () => {
  it('input structure: self-include, endless jump, unbalanced quotes, circular and non-finite variables', () => {
    expectError('include in.deck\n', 1, /Too many nested levels of input scripts/);
    expectError('variable a equal 1\nlabel top\nprint "x"\njump SELF top\n', 4, /Endless loop/);
    expectError('print "ok"\nprint "abc\n', 2, /Unbalanced quotes/);
    expectError('variable a equal v_b+1\nvariable b equal v_a*2\nprint "${a}"\n', 3, /Variable loop: a -> b -> a/);
    expectError('variable x equal sqrt(-1)\nprint "${x}"\n', 2, /Variable x: .*Sqrt of negative value/);
    expectError('variable x equal 1/0\nprint "$x"\n', 2, /Variable x: .*divide by 0/);
    expectError('variable x equal 1e999\nprint "$x"\n', 2, /out of range/);
    expectError('variable n loop 1.5\n', 1, /Illegal variable loop/);
  });

  it('sizes from the input are bounded before allocation', () => {
    expectError(
      LJ('0 1e300 0 3 0 3'),
      5,
      /create_atoms: the box holds up to 1\.\d+e\+30\d lattice points, more than the \d+ atoms allowed/,
    );
    expectError(LJ('0 1e308 0 3 0 3'), 5, /create_atoms: the box holds up to more than 1e308 lattice points/);
    expectError(LJ('0 1e308 0 3 0 3', 'sc 0.001'), 3, /bound 1e308 times the lattice spacing overflows/);
    expectError(LJ('0 3 0 3 0 3', 'fcc 0.8442 spacing 0 1 1'), 2, /Lattice spacings are invalid/);
    expectError(LJ('0 3 0 3 0 3', 'fcc -1'), 2, /scale must be positive/);
    expectError(
      'units lj\nregion box block 0 3 0 3 0 3 units box\ncreate_box 2000 box\n',
      3,
      /number of atom types must be <= 1000/,
    );
  });

  it('trailing and malformed arguments are refused, naming the command', () => {
    expectError(
      'units lj\nregion box block 0 3 0 3 0 3 units box\ncreate_box 1 box 42\n',
      3,
      /create_box: unknown keyword '42' \(allowed: bond\/types/,
    );
    expectError(`${LJ()}fix 2 all langevin 1 1 -1 5\n`, 10, /fix langevin: damp must be > 0, got -1/);
    expectError(
      `${LJ()}fix 1 all nvt temp 1 1 0.5 tchain 0x2\n`,
      10,
      /fix nvt: expected an integer for tchain, got '0x2'/,
    );
    expectError(`${LJ()}timestep 0x1p3\n`, 10, /timestep: expected a number for dt/);
    expectError(`${LJ()}create_atoms 1 single inf 0 0\n`, 10, /expected a number for x, got 'inf'/);
    expectError(`${LJ()}run 10 frobnicate\n`, 10, /run: unknown keyword 'frobnicate'/);
    expectError(`${LJ()}thermo 10 20\n`, 10, /thermo: unexpected extra argument/);
    expectError(`${LJ()}thermo_modify line multi\n`, 10, /thermo_modify line multi is not supported/);
    expectError(`${LJ()}thermo_modify line yaml\n`, 10, /thermo_modify line yaml is not supported/);
  });

  it("groups, group fixes, fix_modify and c_ID/f_ID references: LAMMPS's errors, naming the line", () => {
    const G = (line: string) => `${LJ()}group g id 1 2\n${line}\n`;
    // LJ() is 9 lines; `group g` is line 10, the tested command line 11.
    expectError(G('group x'), 11, /Illegal group command/);
    expectError(G('group x bogus 1'), 11, /Illegal group command: unknown style 'bogus'/);
    expectError(G('group x id'), 11, /id needs values or a condition/);
    expectError(G('group x id 1:a'), 11, /Incorrect range string '1:a'/);
    expectError(G('group x id 5:1:0'), 11, /Illegal range increment value/);
    expectError(G('group x id < 1 2'), 11, /'<' needs 1 value/);
    expectError(G('group x id <> 1'), 11, /'<>' needs 2 value/);
    expectError(G('group x type 1.5'), 11, /Incorrect range string '1.5'/);
    expectError(G('group x region nope'), 11, /Group region ID 'nope' does not exist/);
    expectError(G('group all delete'), 11, /Cannot delete group all/);
    expectError(G('group all clear'), 11, /Cannot clear group all/);
    expectError(G('group x union nope'), 11, /Group ID 'nope' does not exist/);
    expectError(G('group x intersect all'), 11, /intersect needs at least 2 group IDs/);
    expectError(G('group x molecule 1'), 11, /requires atom attribute molecule/);
    expectError(
      G('fix 2 g spring tether 1 0 0 0 0\ngroup g delete'),
      12,
      /Cannot delete group currently used by a fix/,
    );
    expectError(G('fix 2 nogroup nve'), 11, /Could not find fix group ID 'nogroup'/);
    expectError(G('compute 2 nogroup temp'), 11, /Could not find compute group ID 'nogroup'/);
    expectError(G('velocity nogroup create 1.0 1'), 11, /Could not find velocity group ID 'nogroup'/);
    expectError(G(Array.from({ length: 31 }, (_, k) => `group g${k} empty`).join('\n')), 41, /Too many groups/);
    expectError(G('fix_modify 1 energy yes'), 11, /fix nve does not contribute energy/);
    expectError(G('fix_modify 9 energy yes'), 11, /Could not find fix_modify ID '9'/);
    expectError(G('fix 2 g spring tether 1 0 0 0 0\nfix_modify 2 virial yes'), 12, /does not contribute a virial/);
    expectError(G('fix 2 g spring tether 1 0 0 0 0\nfix_modify 2 energy maybe'), 12, /energy expects yes or no/);
    expectError(G('fix 2 g spring tether 1 0 0 0 0\nfix_modify 2 energy yes virial'), 12, /'virial' needs a value/);
    expectError(G('fix 2 g spring couple g 1 0 0 0 0'), 11, /2nd group cannot be the same as fix group/);
    expectError(G('fix 2 g spring tether 1 0 0 0 -1'), 11, /R0/);
    expectError(G('fix 2 g addforce 1 NULL 0'), 11, /fix addforce: expected a number for fy, got 'NULL'/);
    expectError(G('fix 2 g setforce 1 0'), 11, /expected fx fy fz/);
    expectError(G('compute p g pe'), 11, /Compute pe must use group all/);
    expectError(G('compute r all reduce sum q'), 11, /input 'q' is not supported/);
    expectError(G('thermo_style custom step f_1\nrun 0'), 12, /Thermo fix 1 does not compute scalar/);
    expectError(
      G('fix 2 g spring tether 1 0 0 0 0\nthermo_style custom step f_2[5]\nrun 0'),
      13,
      /vector is accessed out-of-range/,
    );
    expectError(G('compute t g temp\nthermo_style custom step c_t[7]\nrun 0'), 13, /vector is accessed out-of-range/);
    expectError(G('thermo_style custom step c_nope\nrun 0'), 12, /Could not find thermo compute ID 'nope'/);
    expectError(G('variable v equal f_nope\nprint "${v}"'), 12, /Could not find variable fix ID 'nope'/);
    expectError(G('fix 2 all ave/time 1 1 1 c_nope'), 11, /Could not find fix ave\/time compute ID 'nope'/);
  });

  it('read_data rejects what LAMMPS rejects, naming the data file line', () => {
    const cases: [(s: string) => string, RegExp][] = [
      [(s) => s.replace('4 0 0 0\n', ''), /section Velocities has 3 lines, the header needs 4/],
      [(s) => s.replace('3 2 0.5 3.5', '3 1.5 0.5 3.5'), /d\.data:20: expected an integer for atom type, got '1\.5'/],
      [(s) => s.replace('3 2 0.5 3.5', '3 3 0.5 3.5'), /d\.data:20: atom type 3 is out of range \(1-2\)/],
      [(s) => s.replace('2 2.0', '2 -2.0'), /d\.data:14: Invalid mass value -2\.0/],
      [(s) => s.replace('2 2.0', '2 0'), /Invalid mass value 0/],
      [
        (s) => s.replace('2 1 3.5 0.5 0.5 0 0 0', '2 1 3.5 0.5 0.5 0.5 0 0'),
        /d\.data:19: expected an integer for image flag ix, got '0\.5'/,
      ],
      [(s) => s.replace('2 1 3.5', '2 1 0x1p3'), /expected a finite decimal number for x, got '0x1p3'/],
      [(s) => s.replace('2 1 3.5', '2 1 1e999'), /expected a finite decimal number for x, got '1e999'/],
      [(s) => s.replace('1.0 0.0 0.0 xy', '3.5 0.0 0.0 xy'), /Triclinic box skew is too large/],
      [(s) => s.replace('4 2 0.5 0.5 3.5', '1 2 0.5 0.5 3.5'), /duplicate atom ID 1/],
      [(s) => s.replace('4 atoms', '5 atoms'), /section Atoms has 4 lines, the header needs 5/],
      [(s) => s.replace('4 atoms', '3 atoms'), /unexpected line '4 2 0\.5 0\.5 3\.5/],
      [(s) => s.replace('2 atom types', '2.5 atom types'), /expected an integer for atom type count/],
      [(s) => s.replace('1 1 0.5 0.5 0.5 0 0 0', '1 1 0.5 0.5 0.5 0 0'), /Atoms line for atom_style atomic must be/],
    ];
    for (const [mut, reason] of cases) expectError(READ, 2, reason, { 'd.data': DATA(mut) });
    // LAMMPS allows the large tilt after `box tilt large`; atoms outside a periodic box are mapped in.
    expect(
      deckError(`units lj\nbox tilt large\nread_data d.data\n`, {
        'd.data': DATA((s) => s.replace('1.0 0.0 0.0 xy', '3.5 0.0 0.0 xy')),
      }),
    ).toBeNull();
    expect(deckError(READ, { 'd.data': DATA((s) => s.replace('2 1 3.5 0.5 0.5', '2 1 15.5 0.5 0.5')) })).toBeNull();
  });

  it('a blow-up stops with the step: lost atoms in a periodic box, NaN thermo', () => {
    expectError(
      `${LJ()}velocity all set 1e6 0 0 units box\nrun 30\n`,
      11,
      /Lost atoms: original 108 current \d+: atom ID \d+ .* more than a box length outside the periodic box after moving [\d.e+]+ .*\(at step \d+\)/,
    );
    expectError(
      `${LJ()}velocity all create 1e308 4928\nrun 10\n`,
      11,
      /Non-numeric thermo value: temp = Infinity at step 0/,
    );
  });

  it('CLI: LAMMPS invocation and options, clean errors without stack traces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-deckcli-'));
    writeFileSync(join(dir, 'in.deck'), `${LJ('0 2 0 2 0 2')}thermo 5\nrun 10\n`);
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
    const lmpStyle = cli('-in', 'in.deck', '-log', 'log.test', '-sf', 'omp', '-pk', 'omp', '1', '-nocite');
    expect(lmpStyle.status).toBe(0);
    expect(lmpStyle.stdout).toMatch(/NOTE: -sf omp: .*changes nothing/);
    // The log holds the deck lines as read, before their output (LAMMPS's default echo log).
    const log = readFileSync(join(dir, 'log.test'), 'utf8');
    expect(log).toMatch(/^create_atoms 1 box\nCreated 32 atoms$/m);
    expect(log).toMatch(/^run 10\n/m);
    const skip = cli('-in', 'in.deck', '-log', 'none', '-skiprun');
    expect(skip.status).toBe(0);
    expect(skip.stdout).not.toMatch(/Loop time/);
    expect(cli('--version').stdout).toMatch(/^dpmd-ts \d+\.\d+\.\d+/);
    expect(cli('run', '-h').stdout).toMatch(/Usage:/);
    for (const [args, msg] of [
      [['run', 'in.deck', '-log'], /ERROR: -log needs a file name/],
      [
        ['run', 'in.deck', '-log', '/nonexistent/dir/x'],
        /ERROR: Cannot open logfile \/nonexistent\/dir\/x: No such file or directory/,
      ],
      [['run', 'in.deck', '-in'], /ERROR: -in needs an input file/],
    ] as [string[], RegExp][]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stdout + r.stderr).toMatch(msg);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    }
    writeFileSync(join(dir, 'in.log'), 'log /nonexistent/dir/y\n');
    const r = cli('run', 'in.log', '-log', 'none');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /ERROR: Cannot open logfile \/nonexistent\/dir\/y: No such file or directory \(in\.log:1: log/,
    );
  });
});
