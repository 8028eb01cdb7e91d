import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * compute rdf + fix ave/time against LAMMPS 29 Sep 2021: the same deck through both programs, the
 * fix ave/time files compared comment line by comment line and number by number.
 */

/** LJ liquid, 500 atoms of two types (half of them switched to type 2), hot enough to melt. */
const SYSTEM = `
units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 2 box
create_atoms 1 box
mass * 1.0
set group all type/fraction 2 0.5 12345
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
pair_coeff 1 2 1.1 1.05 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
fix 1 all nve
thermo 50
`;

const DECK = `${SYSTEM}
compute myRDF all rdf 50 1 1 1 2 * *
compute short all rdf 40 2 2 1*2 2 cutoff 2.0
variable t equal temp
variable p equal pe
fix a all ave/time 10 5 50 c_myRDF[*] file rdf.dat mode vector
fix b all ave/time 5 4 40 c_short[*] file short.dat mode vector ave running format " %20.15g"
fix c all ave/time 10 3 50 v_t v_p file scalar.dat ave window 2
fix d all ave/time 25 1 50 c_myRDF[1] c_myRDF[4*5] file one.dat mode vector ave window 3 off 2 format " %.17g"
run 200
`;

/** Comment lines equal, then every number within tol relative; returns the worst difference. */
function compareAveTimeFiles(ours: string, ref: string, tol: number): { worst: number; numbers: number } {
  const a = ours.trimEnd().split('\n'),
    b = ref.trimEnd().split('\n');
  expect(a.length).toBe(b.length);
  let worst = 0,
    numbers = 0;
  for (let k = 0; k < b.length; k++) {
    if (b[k].startsWith('#')) {
      expect(a[k]).toBe(b[k]);
      continue;
    }
    const x = a[k].trim().split(/\s+/).map(Number),
      y = b[k].trim().split(/\s+/).map(Number);
    expect(x.length, `line ${k + 1}`).toBe(y.length);
    for (let c = 0; c < y.length; c++) {
      expect(Number.isFinite(y[c])).toBe(true);
      const rel = Math.abs(x[c] - y[c]) / Math.max(Math.abs(x[c]), Math.abs(y[c]), 1e-300);
      expect(rel, `line ${k + 1} column ${c + 1}: ${x[c]} vs ${y[c]}`).toBeLessThanOrEqual(tol);
      worst = Math.max(worst, rel);
      numbers++;
    }
  }
  return { worst, numbers };
}

describe('compute rdf + fix ave/time vs LAMMPS', () => {
  it('files of mode vector (1 1, 1 2, * *, ranges, user cutoff, ave one/running/window, off, format) and mode scalar match', () => {
    const files = ['rdf.dat', 'short.dat', 'scalar.dat', 'one.dat'];
    const lmp = lammpsReference('compute_rdf/ave_time_files', { deck: DECK, outputs: files }, (live, golden) => {
      for (const f of files) compareAveTimeFiles(live.files[f], golden.files[f], 1e-6);
    });
    const dd = scratchDir();
    runDpmd(DECK, dd);
    const report: string[] = [];
    for (const f of files) {
      const ref = lmp.files[f];
      const ours = readFileSync(join(dd, f), 'utf8');
      const { worst, numbers } = compareAveTimeFiles(ours, ref, 1e-6);
      report.push(
        `${f}: ${numbers} numbers, max rel diff ${worst.toExponential(2)}${ours === ref ? ' (byte-identical)' : ''}`,
      );
    }
    console.log(`compute rdf / fix ave/time vs LAMMPS:\n  ${report.join('\n  ')}`);
    // Layout: three comment lines, then `step nrows` and nrows rows per Nfreq step (50..200).
    const lines = readFileSync(join(dd, 'rdf.dat'), 'utf8').split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '# Time-averaged data for fix a',
      '# TimeStep Number-of-rows',
      '# Row c_myRDF[1] c_myRDF[2] c_myRDF[3] c_myRDF[4] c_myRDF[5] c_myRDF[6] c_myRDF[7]',
    ]);
    expect(lines.filter((l) => / 50$/.test(l)).map((l) => Number(l.split(' ')[0]))).toEqual([50, 100, 150, 200]);
    expect(lines[4]).toBe('1 0.025 0 0 0 0 0 0');
  });
});

describe('fix ave/time csv and png (dpmd extensions)', () => {
  it('rewrites a CSV with named columns and a PNG plot of g(r) at each Nfreq output', () => {
    const dir = scratchDir();
    runDpmd(
      `${SYSTEM}
compute rdf all rdf 50 1 1 1 2
fix a all ave/time 10 5 50 c_rdf[*] mode vector ave running file rdf.dat csv rdf.csv png rdf.png
run 100
`,
      dir,
    );
    const csv = readFileSync(join(dir, 'rdf.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('r,g_1_1,coord_1_1,g_1_2,coord_1_2');
    expect(csv.length).toBe(51);
    // The CSV holds the latest average (step 100) at full precision; the .dat has it as %g.
    const dat = readFileSync(join(dir, 'rdf.dat'), 'utf8').trimEnd().split('\n');
    const last = dat.slice(dat.indexOf('100 50') + 1);
    expect(last.length).toBe(50);
    let peak = 0;
    for (let i = 0; i < 50; i++) {
      const c = csv[i + 1].split(',').map(Number);
      const d = last[i].split(' ').map(Number);
      expect(d[0]).toBe(i + 1);
      for (let k = 0; k < 5; k++) expect(Math.abs(c[k] - d[k + 1])).toBeLessThanOrEqual(5e-6 * Math.abs(c[k]) + 1e-300);
      peak = Math.max(peak, c[1]);
    }
    expect(peak).toBeGreaterThan(1.5); // a liquid's first peak
    const png = PNG.sync.read(readFileSync(join(dir, 'rdf.png')));
    expect([png.width, png.height]).toEqual([640, 400]);
    let coloured = 0;
    for (let p = 0; p < png.data.length; p += 4) {
      if (png.data[p] !== png.data[p + 1] || png.data[p + 1] !== png.data[p + 2]) coloured++;
    }
    expect(coloured).toBeGreaterThan(200); // the g(r) curves, not only the grey/black axes
  });
});

describe('compute rdf / fix ave/time errors', () => {
  const setup = SYSTEM.replace('thermo 50', '');
  const cases: [string, RegExp][] = [
    ['compute r all rdf 0 1 1', /Illegal compute rdf command/],
    ['compute r all rdf 50 1', /Illegal compute rdf command/],
    ['compute r all rdf 50 1 1 cutoff', /Illegal compute rdf command/],
    ['compute r all rdf 50 1 3', /Numeric index 3 is out of bounds \(1-2\)/],
    ['compute r all rdf 50 1 1 foo 2', /Invalid type range 'foo'/],
    ['compute r all rdf 50 1 1\ncompute r all rdf 50 1 1', /Reuse of compute ID 'r'/],
    ['compute r all foo 50', /Unknown compute style 'foo'/],
    ['compute r mobile rdf 50 1 1', /Could not find compute group ID 'mobile'/],
    [
      'compute r all rdf 50 1 1 cutoff 2.6\nfix a all ave/time 1 1 1 c_r[*] mode vector\nrun 0',
      /Compute rdf cutoff exceeds ghost atom range/,
    ],
    ['compute r all rdf 50 1 1\nfix a all ave/time 10 3 20 c_r[*] mode vector', /Illegal fix ave\/time command/],
    ['compute r all rdf 50 1 1\nfix a all ave/time 10 3 25 c_r[*] mode vector', /Illegal fix ave\/time command/],
    ['compute r all rdf 50 1 1\nfix a all ave/time 0 3 30 c_r[*] mode vector', /Illegal fix ave\/time command/],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_q[1] mode vector',
      /Compute ID q for fix ave\/time does not exist/,
    ],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r[4] mode vector',
      /Fix ave\/time compute r array is accessed out-of-range/,
    ],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r mode vector',
      /Fix ave\/time compute r does not calculate a vector/,
    ],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r[1]',
      /Fix ave\/time compute r does not calculate a vector/,
    ],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r[*] mode vector ave window',
      /Illegal fix ave\/time command/,
    ],
    ['compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r[*] mode vector foo 1', /Illegal fix ave\/time command/],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r[*] mode vector file /nonexistent/x.dat',
      /Cannot open fix ave\/time file \/nonexistent\/x.dat: No such file or directory/,
    ],
    ['fix a all ave/time 10 3 30 v_nope', /Variable name nope for fix ave\/time does not exist/],
    ['variable s string abc\nfix a all ave/time 10 3 30 v_s', /Fix ave\/time variable s is not equal-style variable/],
    ['variable t equal temp\nfix a all ave/time 10 3 30 v_t csv t.csv', /csv and png keywords .* need mode vector/],
    [
      'compute r all rdf 50 1 1\nfix a all ave/time 10 3 30 c_r[*] mode vector\nuncompute r\nrun 0',
      /Compute ID r for fix ave\/time does not exist/,
    ],
  ];
  for (const [lines, msg] of cases) {
    it(lines.replace(/\n/g, ' / '), () => {
      expect(() => runDpmd(`${setup}\n${lines}\n`)).toThrow(msg);
    });
  }
});
