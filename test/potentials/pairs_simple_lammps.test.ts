import { describe, expect, it } from 'vitest';
import {
  expectThermoClose,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
  type GoldenSpec,
} from '../helpers/lammps.js';

/**
 * The simple pair styles (morse, soft, buck, born, yukawa, coul/cut, table) against LAMMPS 29 Sep 2021:
 * an fcc LJ-units crystal of two types, NVE, every thermo row (pe, ke, press and its tensor) to
 * 1e-9 relative; pair_modify shift and mix where the style has them. Goldens in
 * test/golden/pairs_simple/, live lmp where installed.
 */
const BOX = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
group heavy id 1:256:3
set group heavy type 2
velocity all create 1.0 87287 loop geom
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
timestep 0.002
fix 1 all nve
thermo 10
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g
`;

/** The same crystal as a data file with charges (atom_style charge): type 1 q = 0.5, type 2 q = 0.25. */
function chargedData(): string {
  const a = (4 / 0.8442) ** (1 / 3);
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const lines: string[] = [];
  let id = 0;
  for (let k = 0; k < 4; k++)
    for (let j = 0; j < 4; j++)
      for (let i = 0; i < 4; i++)
        for (const b of basis) {
          id++;
          const t = id % 3 === 1 ? 2 : 1;
          const q = t === 1 ? 0.5 : 0.25;
          lines.push(`${id} ${t} ${q} ${(i + b[0]) * a} ${(j + b[1]) * a} ${(k + b[2]) * a}`);
        }
  const L = 4 * a;
  return `charged fcc crystal\n\n${id} atoms\n2 atom types\n\n0 ${L} xlo xhi\n0 ${L} ylo yhi\n0 ${L} zlo zhi\n\nMasses\n\n1 1.0\n2 2.0\n\nAtoms # charge\n\n${lines.join('\n')}\n`;
}

/**
 * A table file with LJ sections (E = 4 eps [(s/r)^12 - (s/r)^6], F = -dE/dr): LJ11 on R spacing,
 * LJ22 on RSQ spacing with FPRIME end derivatives, LJ12 with r read from the file.
 */
function ljTable(): string {
  const lj = (eps: number, sig: number, r: number) => {
    const s6 = (sig / r) ** 6;
    return [4 * eps * (s6 * s6 - s6), (24 * eps * (2 * s6 * s6 - s6)) / r];
  };
  const dfdr = (eps: number, sig: number, r: number) => {
    const h = 1e-6;
    return (lj(eps, sig, r + h)[1] - lj(eps, sig, r - h)[1]) / (2 * h);
  };
  const section = (name: string, eps: number, sig: number, n: number, how: 'R' | 'RSQ' | 'file') => {
    const lo = 0.8,
      hi = 2.6;
    const rs = Array.from({ length: n }, (_, i) =>
      how === 'RSQ' ? Math.sqrt(lo * lo + ((hi * hi - lo * lo) * i) / (n - 1)) : lo + ((hi - lo) * i) / (n - 1),
    );
    const head =
      how === 'R'
        ? `N ${n} R ${lo} ${hi}`
        : how === 'RSQ'
          ? `N ${n} RSQ ${lo} ${hi} FPRIME ${dfdr(eps, sig, lo).toPrecision(17)} ${dfdr(eps, sig, hi).toPrecision(17)}`
          : `N ${n}`;
    const rows = rs.map((r, i) => {
      const [e, f] = lj(eps, sig, r);
      return `${i + 1} ${r.toPrecision(17)} ${e.toPrecision(17)} ${f.toPrecision(17)}`;
    });
    return `${name}\n${head}\n\n${rows.join('\n')}\n`;
  };
  return `# LJ tables for pair table tests\n\n${section('LJ11', 1.0, 1.0, 1500, 'R')}\n${section('LJ22', 0.8, 1.1, 1200, 'RSQ')}\n${section('LJ12', 0.9, 1.05, 900, 'file')}`;
}

function expectSame(name: string, deck: string, files?: Record<string, string>): number {
  const spec: GoldenSpec = { deck, files };
  const ref = lammpsReference(`pairs_simple/${name}`, spec, thermoAgrees(1e-9));
  const ours = runDpmd(deck, scratchDir(), spec).tables;
  return expectThermoClose(ours, parseThermo(ref.screen), 1e-9, 'dpmd vs LAMMPS');
}

describe('simple pair styles: same thermo as LAMMPS', () => {
  it('morse (per-pair cutoff, pair_modify shift yes)', () => {
    expectSame(
      'morse',
      `${BOX}pair_style morse 2.5
pair_coeff 1 1 1.0 5.0 1.12
pair_coeff 1 2 1.2 4.5 1.15 2.2
pair_coeff 2 2 0.8 4.0 1.1
pair_modify shift yes
run 100
`,
    );
  });

  it('soft (mixing of A and the cutoffs)', () => {
    expectSame(
      'soft',
      `${BOX}pair_style soft 1.2
pair_coeff 1 1 20.0
pair_coeff 2 2 30.0 1.3
pair_modify mix arithmetic
run 100
`,
    );
  });

  it('buck and born (shift yes)', () => {
    const pairs = `pair_coeff 1 1 200.0 0.25 0.5
pair_coeff 1 2 250.0 0.25 0.6 2.0
pair_coeff 2 2 300.0 0.24 0.7
`;
    expectSame('buck', `${BOX}pair_style buck 2.5\n${pairs}pair_modify shift yes\nrun 100\n`);
    expectSame(
      'born',
      `${BOX}pair_style born 2.5
pair_coeff 1 1 10.0 0.2 1.0 1.0 0.5
pair_coeff 1 2 12.0 0.2 1.05 1.2 0.6 2.2
pair_coeff 2 2 14.0 0.18 1.1 1.5 0.7
pair_modify shift yes
run 100
`,
    );
  });

  it('yukawa (mixed A, shift yes)', () => {
    expectSame(
      'yukawa',
      `${BOX}pair_style yukawa 2.0 2.5
pair_coeff 1 1 10.0
pair_coeff 2 2 20.0 2.2
pair_modify shift yes
run 100
`,
    );
  });

  it('coul/cut with atom_style charge from a data file (ecoul, evdwl)', () => {
    const deck = `units lj
atom_style charge
read_data ions.data
velocity all create 1.0 87287 loop geom
pair_style coul/cut 3.0
pair_coeff * *
pair_coeff 2 2 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
timestep 0.002
fix 1 all nve
thermo 10
thermo_style custom step temp pe ecoul evdwl etotal press pxx pyy pzz pxy
thermo_modify format float %20.15g
run 100
`;
    expectSame('coul_cut', deck, { 'ions.data': chargedData() });
  });

  for (const style of ['linear', 'spline', 'lookup']) {
    it(`table ${style}: three sections (R, RSQ with FPRIME, r from the file), a cutoff below the table's end`, () => {
      expectSame(
        `table_${style}`,
        `${BOX}pair_style table ${style} 1000
pair_coeff 1 1 lj.table LJ11
pair_coeff 2 2 lj.table LJ22 2.5
pair_coeff 1 2 lj.table LJ12
run 100
`,
        { 'lj.table': ljTable() },
      );
    });
  }

  it('errors name the command and the cause', () => {
    const run = (pair: string) => () => runDpmd(`${BOX}${pair}\nrun 0\n`);
    expect(run('pair_style morse 2.5\npair_coeff 1 1 1.0 5.0 1.1\npair_coeff 2 2 1.0 5.0 1.1')).toThrow(
      /All pair coeffs are not set \(pair morse does not mix/,
    );
    expect(run('pair_style buck')).toThrow(/Illegal pair_style buck command/);
    expect(run('pair_style born 2.5\npair_coeff * * 1 0.2 1.0 1.0')).toThrow(
      /pair_coeff I J A rho sigma C D \[cutoff\]/,
    );
    expect(run('pair_style coul/cut 2.5\npair_coeff * *')).toThrow(/coul\/cut requires atom attribute q/);
    expect(run('pair_style yukawa 2.0 2.5\npair_coeff * * abc')).toThrow(/Expected a number for A, got 'abc'/);
    expect(run('pair_style table bitmap 12')).toThrow(/bitmap is not supported yet/);
    expect(run('pair_style table linear 1000\npair_coeff * * none.table LJ')).toThrow(/Cannot open file/);
  });
});
