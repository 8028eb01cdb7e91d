/**
 * The cp2k labeler against CP2K itself (Debian's cp2k + cp2k-data; CI installs them): the labels it
 * reads are consistent with CP2K's energies, in eV, eV/Å and eV:
 *   - forces = −(E(x+h) − E(x−h))/2h of the labeler's own energies, on an H2O molecule (molecule preset,
 *     OT) and on a perturbed 4-atom Al cell (metal preset, Fermi-Dirac smearing), to the SCF tolerance;
 *   - virial = −∂E/∂ε (W_ab = Σ r_ia F_ib) by central differences of strained Al cells: zx with
 *     smearing, zz without (CP2K's smeared stress is off on the diagonal; see the test and the docs);
 *   - the unit constants equal the conversion factors CP2K prints (GLOBAL%PRINT%PHYSCON);
 *   - an SCF stopped before convergence is refused (a failed task, not data).
 * Each check costs a few single points at small cutoffs; they run two at a time. On an idle 2-core
 * machine a single point takes 10-20 s; the generous timeouts are for shared, loaded machines.
 */

const TIMEOUT = { timeout: 3_600_000 };
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/nn/rng.js';
import { perturbed, supercell, unitCell } from '../../src/learn/crystal.js';
import { findProgram } from '../../src/learn/fp_params.js';
import type { Cp2kTree } from '../../src/learn/cp2k_input.js';
import { BOHR_ANGSTROM, GPA_PER_EV_A3, HARTREE_EV } from '../../src/learn/cp2k_output.js';
import type { Labeled } from '../../src/learn/labeled_data.js';
import { Cp2kLabeler } from '../../src/learn/labeler_cp2k.js';
import type { Frame } from '../../src/learn/structure.js';

const CP2K = findProgram(process.env.CP2K ?? 'cp2k');
const HAVE_CP2K = ((): boolean => {
  if (CP2K && existsSync('/usr/share/cp2k/BASIS_MOLOPT')) return true;
  const why = CP2K ? 'cp2k-data (/usr/share/cp2k/BASIS_MOLOPT) missing' : 'no cp2k on PATH';
  if (process.env.CI === 'true') throw new Error(`cp2k labeler checks: CP2K is required under CI=true (${why})`);
  console.log(`cp2k labeler checks: ${why}; not run (apt-get install cp2k cp2k-data)`);
  return false;
})();

const root = mkdtempSync(join(tmpdir(), 'dpmd-cp2k-'));
let runs = 0;

/**
 * One CP2K process in dir; resolves with its exit code and the tail of its stderr. CP2K (an MPI
 * program started as a singleton) can fail to start on a heavily loaded machine before it writes
 * anything; that case is retried once, with a notice, and every failure names its output.
 */
function runCp2k(argv: string[], dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(argv[0], argv.slice(1), { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    c.stdout.resume();
    c.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Whether CP2K got as far as writing its banner (it started and then failed on the input). */
function cp2kStarted(dir: string): boolean {
  const log = join(dir, 'output.log');
  return existsSync(log) && readFileSync(log, 'utf8').includes('PROGRAM STARTED');
}

/** Label frames with CP2K, two processes at a time (one thread each); an Error for a refused frame. */
async function label(lab: Cp2kLabeler, frames: Frame[]): Promise<(Labeled | Error)[]> {
  const one = async (f: Frame): Promise<Labeled | Error> => {
    const dir = join(root, `sp.${runs++}`);
    mkdirSync(dir);
    const argv = lab.prepare(dir, f);
    let r = await runCp2k(argv, dir);
    if (r.code !== 0 && !cp2kStarted(dir)) {
      console.log(`cp2k did not start in ${dir} (exit ${r.code}; stderr: ${r.stderr.trim() || 'none'}); retrying once`);
      r = await runCp2k(argv, dir);
    }
    if (r.code !== 0) {
      const log = join(dir, 'output.log');
      const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-1500) : '(no output.log)';
      return new Error(`cp2k exited ${r.code} in ${dir}\nstderr: ${r.stderr}\noutput.log tail:\n${tail}`);
    }
    try {
      return lab.collect(dir, f);
    } catch (e) {
      return e as Error;
    }
  };
  const out: (Labeled | Error)[] = [];
  for (let k = 0; k < frames.length; k += 2) out.push(...(await Promise.all(frames.slice(k, k + 2).map(one))));
  return out;
}
const ok = (r: Labeled | Error): Labeled => {
  if (r instanceof Error) throw r;
  return r;
};

/** The frame with atom i's coordinate d moved by dx (Å). */
function moved(f: Frame, i: number, d: number, dx: number): Frame {
  const coord = Float64Array.from(f.coord);
  coord[3 * i + d] += dx;
  return { ...f, coord };
}

/** The frame under r -> r(I + e E_ab) (row vectors): cell rows and positions alike. */
function strained(f: Frame, a: number, b: number, e: number): Frame {
  const apply = (x: Float64Array) => {
    const y = Float64Array.from(x);
    for (let k = 0; k < x.length / 3; k++) y[3 * k + b] += e * x[3 * k + a];
    return y;
  };
  return { ...f, coord: apply(f.coord), box: apply(f.box) };
}

const water: Frame = {
  natoms: 3,
  types: Int32Array.from([1, 0, 0]),
  coord: Float64Array.from([3, 3, 3.1, 3.76, 3, 2.5, 2.24, 3.05, 2.5]),
  box: Float64Array.from([6, 0, 0, 0, 6, 0, 0, 0, 6]),
};

describe('cp2k labeler', () => {
  it(
    'H2O (molecule preset): units are CP2K printed factors; force = -dE/dx; non-converged SCF refused',
    TIMEOUT,
    async () => {
      if (!HAVE_CP2K) return;
      const user: Cp2kTree = {
        GLOBAL: { PRINT: { _: 'ON', PHYSCON: true } },
        FORCE_EVAL: {
          DFT: { MGRID: { CUTOFF: 250, REL_CUTOFF: 40 }, SCF: { EPS_SCF: 1e-7, OUTER_SCF: { EPS_SCF: 1e-7 } } },
        },
      };
      const lab = new Cp2kLabeler(
        { preset: 'molecule', userFpParams: user, template: null, command: [CP2K!] },
        ['H', 'O'],
        [1.008, 15.999],
      );
      const h = 0.005;
      const [base, plus, minus] = (await label(lab, [water, moved(water, 1, 2, h), moved(water, 1, 2, -h)])).map(ok);
      // CP2K's conversion factors, as it prints them
      const text = readFileSync(join(root, 'sp.0', 'output.log'), 'utf8');
      const printed = (what: string) =>
        Number(new RegExp(`${what.replace(/[[\]().>*]/g, '\\$&')}\\s+(\\S+)`).exec(text)![1]);
      expect(printed('[a.u.] -> [eV]')).toBe(HARTREE_EV);
      expect(printed('[a.u.] = [Bohr] -> [Angstrom]')).toBe(BOHR_ANGSTROM);
      // pressure: Hartree/Bohr^3 in Pa equals eV/Å^3 per Hartree/Bohr^3 times the GPa factor
      const auGpa = printed('[a.u.] -> [Pa]') * 1e-9;
      expect(Math.abs(auGpa / ((HARTREE_EV / BOHR_ANGSTROM ** 3) * GPA_PER_EV_A3) - 1)).toBeLessThan(1e-12);
      // the labels are the printed numbers converted
      const eHa = Number(/ENERGY\| Total FORCE_EVAL \( QS \) energy \[a\.u\.\]:\s+(\S+)/.exec(text)![1]);
      expect(base.energy).toBe(eHa * HARTREE_EV);
      const row = /^\s+2\s+2\s+H\s+(\S+)\s+(\S+)\s+(\S+)\s*$/m.exec(text)!;
      expect(base.force[5]).toBeCloseTo((Number(row[3]) * HARTREE_EV) / BOHR_ANGSTROM, 12);
      // force on H (atom 2) along z: a clearly non-zero component (the geometry is not relaxed)
      const fd = -(plus.energy - minus.energy) / (2 * h);
      console.log(`H2O: F_z(H) = ${base.force[5].toFixed(6)} eV/Å, -dE/dz = ${fd.toFixed(6)} eV/Å`);
      expect(Math.abs(base.force[5])).toBeGreaterThan(0.05);
      expect(Math.abs(base.force[5] - fd)).toBeLessThan(2e-3);
      // stopped after one SCF step: refused, naming the file
      const stop = new Cp2kLabeler(
        {
          preset: 'molecule',
          userFpParams: {
            FORCE_EVAL: { DFT: { MGRID: { CUTOFF: 200 }, SCF: { MAX_SCF: 1, OUTER_SCF: { MAX_SCF: 1 } } } },
          },
          template: null,
          command: [CP2K!],
        },
        ['H', 'O'],
        [1.008, 15.999],
      );
      const [bad] = await label(stop, [water]);
      expect(bad).toBeInstanceOf(Error);
      expect((bad as Error).message).toMatch(/output\.log: the SCF did not converge; frame not used/);
    },
  );

  it(
    'Al4: force = -dE/dx and W_zx = -dE/dε_zx with smearing (metal preset); W_zz = -dE/dε_zz without',
    TIMEOUT,
    async () => {
      if (!HAVE_CP2K) return;
      const al = perturbed(supercell(unitCell('fcc', 4.05), [1, 1, 1]), 0.02, 0.08, new Rng(5));
      const dft = { MGRID: { CUTOFF: 200, REL_CUTOFF: 30 }, SCF: { EPS_SCF: 1e-8 } };
      const metal = new Cp2kLabeler(
        { preset: 'metal', userFpParams: { FORCE_EVAL: { DFT: dft } }, template: null, command: [CP2K!] },
        ['Al'],
        [26.9815],
      );
      // CP2K 2023.1's analytical stress with Fermi-Dirac smearing is not the strain derivative of the
      // free energy on the diagonal (this cell: W_zz 13.04 vs 12.62 eV, at 200 and 400 Ry alike; the
      // shear and the forces agree): the volume part is checked on the same cell without smearing
      // (OT, the molecule preset with Al's SR basis), where it holds to 1e-4
      const insulating = new Cp2kLabeler(
        {
          preset: 'molecule',
          userFpParams: {
            FORCE_EVAL: { DFT: dft, SUBSYS: { KIND: [{ _: 'Al', BASIS_SET: 'DZVP-MOLOPT-SR-GTH' }] } },
          },
          template: null,
          command: [CP2K!],
        },
        ['Al'],
        [26.9815],
      );
      const h = 0.01,
        e = 0.004;
      const [i, d] = [0, 0];
      const r = (
        await label(metal, [al, moved(al, i, d, h), moved(al, i, d, -h), strained(al, 2, 0, e), strained(al, 2, 0, -e)])
      ).map(ok);
      const z = (await label(insulating, [al, strained(al, 2, 2, e), strained(al, 2, 2, -e)])).map(ok);
      const [base] = r;
      const fd = -(r[1].energy - r[2].energy) / (2 * h);
      const wzx = -(r[3].energy - r[4].energy) / (2 * e);
      const wzz = -(z[1].energy - z[2].energy) / (2 * e);
      console.log(
        `Al4: F = ${base.force[3 * i + d].toFixed(6)} vs ${fd.toFixed(6)} eV/Å; W_zx = ${base.virial[6].toFixed(5)} vs ${wzx.toFixed(5)} eV; ` +
          `W_zz (no smearing) = ${z[0].virial[8].toFixed(5)} vs ${wzz.toFixed(5)} eV`,
      );
      expect(Math.abs(base.force[3 * i + d])).toBeGreaterThan(0.05);
      expect(Math.abs(base.force[3 * i + d] - fd)).toBeLessThan(2e-3);
      expect(Math.abs(base.virial[6])).toBeGreaterThan(0.01);
      expect(Math.abs(base.virial[6] - wzx)).toBeLessThan(0.01 * Math.abs(base.virial[6]) + 2e-3);
      expect(Math.abs(base.virial[2] - base.virial[6])).toBeLessThan(1e-9); // W is symmetric
      expect(Math.abs(z[0].virial[8])).toBeGreaterThan(1);
      expect(Math.abs(z[0].virial[8] - wzz)).toBeLessThan(1e-3 * Math.abs(z[0].virial[8]));
    },
  );
});
