import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lammpsReference, potentialsIn, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * `print ... file F` / `append F` as LAMMPS writes them: examples/vashishta/in.vashishta.inp (an
 * energy-volume curve written line by line from a loop) shortened to 5 volumes; the file's numbers
 * agree with LAMMPS's to 1e-9 relative and its text lines are the same otherwise.
 */
const DECK = `variable ndelta equal 5
variable volatom_min equal 20.0
variable volatom_max equal 29.0
variable evsvolfile string evsvol.dat
units metal
boundary p p p
variable amin equal \${volatom_min}^(1/3)*2
variable delta equal (\${volatom_max}-\${volatom_min})/\${ndelta}
variable scale equal (\${delta}/v_volatom+1)^(1/3)
lattice diamond \${amin}
region box prism 0 1 0 1 0 1 0 0 0
create_box 2 box
create_atoms 1 box basis 5 2 basis 6 2 basis 7 2 basis 8 2
mass 1 114.76
mass 2 30.98
pair_style vashishta
pair_coeff * * InP.vashishta In P
neighbor 1.0 nsq
neigh_modify once no every 1 delay 0 check yes
thermo_style custom step temp pe press vol
thermo_modify norm no
variable volatom equal vol/atoms
variable eatom equal pe/atoms
print "# Volume [A^3/atom] Energy [eV/atom]" file \${evsvolfile}
label loop
variable i loop \${ndelta}
change_box all x scale \${scale} y scale \${scale} z scale \${scale} remap
run 0
print "\${volatom} \${eatom}" append \${evsvolfile} screen no
next i
jump SELF loop
`;

/** The lines of a print file: comment lines as text, number lines as numbers. */
function lines(text: string): (string | number[])[] {
  return text
    .trim()
    .split('\n')
    .map((l) => (l.startsWith('#') ? l : l.trim().split(/\s+/).map(Number)));
}

function expectSameFile(ours: string, ref: string): void {
  const a = lines(ours),
    b = lines(ref);
  expect(a.length).toBe(b.length);
  a.forEach((l, k) => {
    const r = b[k];
    if (typeof l === 'string' || typeof r === 'string') {
      expect(l).toEqual(r);
      return;
    }
    expect(l.length).toBe(r.length);
    l.forEach((v, m) => {
      expect(Math.abs(v - r[m])).toBeLessThanOrEqual(1e-9 * Math.abs(r[m]));
    });
  });
}

describe('print file/append', () => {
  it('the vashishta energy-volume example writes the file LAMMPS writes', () => {
    const spec = { deck: DECK, repoFiles: potentialsIn(DECK), outputs: ['evsvol.dat'] };
    const ref = lammpsReference('print_file/evsvol', spec, (live, golden) =>
      expectSameFile(live.files['evsvol.dat'], golden.files['evsvol.dat']),
    );
    const dir = scratchDir();
    runDpmd(DECK, dir, spec);
    const ours = readFileSync(join(dir, 'evsvol.dat'), 'utf8');
    expect(ours.trim().split('\n')).toHaveLength(6);
    expectSameFile(ours, ref.files['evsvol.dat']);
  });

  it('file truncates, append adds, a bad path is an error', () => {
    const dir = scratchDir();
    runDpmd('print "one" file p.txt\nprint "two" append p.txt\nprint "three" append p.txt screen no\n', dir);
    expect(readFileSync(join(dir, 'p.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    runDpmd('print "again" file p.txt\n', dir);
    expect(readFileSync(join(dir, 'p.txt'), 'utf8')).toBe('again\n');
    expect(() => runDpmd('print "x" file no/such/dir/p.txt\n', dir)).toThrow(/Cannot open print file/);
  });
});
