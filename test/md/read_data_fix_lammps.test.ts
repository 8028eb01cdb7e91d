import { describe, expect, it } from 'vitest';
import {
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
  expectThermoClose,
} from '../helpers/lammps.js';

/**
 * read_data file fix ID NULL Section (LAMMPS 29 Sep 2021, golden in test/golden/read_data_fix): fix
 * property/atom vectors filled from its own data-file section, one line per atom (atom-ID then
 * one value per vector, in any atom order), as examples/coreshell reads its CS-Info section. The
 * values are read back through compute property/atom and reduced (sum, max, and a weighted sum
 * through an atom-style variable) in thermo, exactly.
 */
function dataFile(): string {
  const lines = [
    'LAMMPS data file: custom sections',
    '',
    '8 atoms',
    '2 atom types',
    '',
    '0 4 xlo xhi',
    '0 4 ylo yhi',
    '0 4 zlo zhi',
    '',
    'Masses',
    '',
    '1 1.0',
    '2 2.0',
    '',
    'Atoms',
    '',
  ];
  for (let i = 1; i <= 8; i++) {
    const b = i - 1;
    lines.push(`${i} ${1 + (i % 2)} ${0.5 + 2 * (b & 1)} ${0.5 + 2 * ((b >> 1) & 1)} ${0.5 + 2 * ((b >> 2) & 1)}`);
  }
  lines.push('', 'CS-Info', '');
  for (const i of [3, 1, 2, 8, 5, 4, 7, 6])
    lines.push(`${i} ${Math.ceil(i / 2)} ${(0.25 * i - 0.1).toFixed(2)} ${(1.5 * i) ** 2}`);
  return `${lines.join('\n')}\n`;
}

const deck = `units lj
atom_style atomic
fix cs all property/atom i_CSID d_w d_q2
read_data data.custom fix cs NULL CS-Info
pair_style lj/cut 1.8
pair_coeff * * 1.0 1.0
velocity all create 1.0 4928459
compute p all property/atom i_CSID d_w d_q2
variable wv atom c_p[2]*c_p[3]+c_p[1]
compute s all reduce sum c_p[1] c_p[2] c_p[3] v_wv
compute m all reduce max c_p[1] c_p[2] c_p[3]
fix 1 all nve
thermo_style custom step temp pe c_s[*] c_m[*]
thermo_modify format float %20.15g
thermo 10
run 20
`;

describe('read_data fix ID NULL Section', () => {
  it('fix property/atom sections: same values as LAMMPS', () => {
    const spec = { deck, files: { 'data.custom': dataFile() } };
    const ref = lammpsReference('read_data_fix/property_atom', spec, thermoAgrees(1e-12));
    const ours = runDpmd(deck, scratchDir(), spec).tables;
    expectThermoClose(ours, parseThermo(ref.screen), 1e-12, 'dpmd vs LAMMPS');
  });

  it('refuses a missing fix, a fix without sections, a header, bad lines and unknown keywords', () => {
    const dir = scratchDir();
    const files = { 'data.custom': dataFile() };
    const run = (d: string) => runDpmd(d, dir, { deck: d, files });
    const head =
      'units lj\natom_style atomic\nfix cs all property/atom i_CSID d_w d_q2\nfix wt all property/atom d_x\n';
    expect(() => run(`${head}read_data data.custom fix nope NULL CS-Info\n`)).toThrow(
      /Fix ID nope for read_data does not exist/,
    );
    expect(() => run(`units lj\nfix n all nve\nread_data data.custom fix n NULL CS-Info\n`)).toThrow(
      /does not read data file sections/,
    );
    expect(() => run(`${head}read_data data.custom fix cs CS CS-Info\n`)).toThrow(/must be NULL/);
    expect(() => run(`${head}read_data data.custom fix wt NULL CS-Info\n`)).toThrow(
      /Incorrect format in fix property\/atom/,
    );
    expect(() => run(`${head}read_data data.custom\n`)).toThrow(/unsupported section 'CS-Info'/);
    expect(() => run(`${head}read_data data.custom add append\n`)).toThrow(/keyword add is not supported/);
  });
});
