/**
 * pair_style eam (funcfl) on an isolated dimer, computed by hand from the tabulated functions.
 * The test writes a DYNAMO funcfl file whose tables are low-order polynomials, which LAMMPS's
 * interpolation (4-point Lagrange onto the grid, then cubic Hermite splines with 5-point node
 * derivatives) reproduces exactly: embedding F(rho) = -A rho + B rho^2, density
 * rho(r) = a (rc - r)^3 and effective charge Z(r) = z (rc - r)^2, pair term
 * phi(r) = 27.2 * 0.529 * Z(r)^2 / r (Hartree x Bohr, as LAMMPS converts funcfl charges).
 * For two atoms at distance r, each sees the other's density:
 *   E = 2 F(rho(r)) + phi(r),   dE/dr = 2 F'(rho(r)) rho'(r) + phi'(r).
 * Separations are grid nodes (r = k dr) away from the table ends, and rho(r) is at least two rho
 * grid steps: the first spline segment of each table uses a one-sided slope and is not exact (at
 * r = 4.5 A, rho = 0.0025 < drho, E is off by 1.4e-5 eV in LAMMPS's scheme as in ours).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDpmd, scratchDir } from '../helpers/lammps.js';

const A = 2.0,
  B = 0.5,
  a = 0.02,
  z = 0.3,
  RC = 5.0;
const NRHO = 400,
  DRHO = 0.01,
  NR = 400,
  DR = 0.015;
const HB = 27.2 * 0.529;

const F = (rho: number): number => -A * rho + B * rho * rho;
const dF = (rho: number): number => -A + 2 * B * rho;
const rho = (r: number): number => a * (RC - r) ** 3;
const drho = (r: number): number => -3 * a * (RC - r) ** 2;
const Z = (r: number): number => z * (RC - r) ** 2;
const dZ = (r: number): number => -2 * z * (RC - r);
const phi = (r: number): number => (HB * Z(r) ** 2) / r;
const dphi = (r: number): number => (HB * (2 * Z(r) * dZ(r) * r - Z(r) ** 2)) / (r * r);

/** The funcfl file: comment, "Z mass a0 lattice", grid line, then F, Z and rho tables, 5 a line. */
function funcfl(): string {
  const table = (n: number, f: (k: number) => number): string => {
    const v = Array.from({ length: n }, (_, k) => f(k).toExponential(16));
    const lines: string[] = [];
    for (let k = 0; k < n; k += 5) lines.push(v.slice(k, k + 5).join(' '));
    return lines.join('\n');
  };
  return `${[
    'Polynomial test potential written by test/potentials/eam_dimer.test.ts',
    '29 63.55 3.615 FCC',
    `${NRHO} ${DRHO} ${NR} ${DR} ${RC}`,
    table(NRHO, (k) => F(k * DRHO)),
    table(NR, (k) => Z(k * DR)),
    table(NR, (k) => rho(k * DR)),
  ].join('\n')}\n`;
}

function dimer(r: number): { pe: number; fx: number } {
  const dir = scratchDir('dpmd-eam-dimer-');
  writeFileSync(join(dir, 'poly.eam'), funcfl());
  const { sim } = runDpmd(
    `
units metal
atom_style atomic
region box block 0 40 0 40 0 40
create_box 1 box
create_atoms 1 single 10 10 10 units box
create_atoms 1 single ${(10 + r).toPrecision(17)} 10 10 units box
pair_style eam
pair_coeff * * poly.eam
run 0
`,
    dir,
  );
  const sys = sim.system;
  const i2 = sys.x[0] > sys.x[3] ? 0 : 1;
  return { pe: sim.pe, fx: sys.f[3 * i2] };
}

describe('eam (funcfl) dimer by hand from the tabulated functions', () => {
  for (const k of [150, 170, 200, 250, 270]) {
    const r = k * DR;
    it(`r = ${r.toFixed(3)} A (grid node ${k}): E = 2 F(rho(r)) + phi(r), force -dE/dr`, () => {
      const d = dimer(r);
      const e = 2 * F(rho(r)) + phi(r);
      const f = -(2 * dF(rho(r)) * drho(r) + dphi(r));
      expect(Math.abs(d.pe - e), `E ${d.pe} vs ${e}`).toBeLessThan(1e-11 * Math.max(1, Math.abs(e)));
      expect(Math.abs(d.fx - f), `F ${d.fx} vs ${f}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(f)));
    });
  }

  it('beyond the cutoff the dimer has only the embedding energy of zero density, 2 F(0) = 0', () => {
    expect(dimer(RC + 0.5).pe).toBe(0);
  });
});
