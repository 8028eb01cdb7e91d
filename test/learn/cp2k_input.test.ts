/**
 * The cp2k labeler's input and output code without running CP2K: user_fp_params trees merged over the
 * presets and rendered as CP2K input (a fixture input made by this code is reproduced exactly), CELL
 * and COORD from a frame, templates filled, fp_params errors naming the key; outputs of real CP2K runs
 * (test/fixtures/cp2k, see its README) parsed into eV, eV/Å and the virial, non-converged SCFs refused.
 * test/learn/cp2k_labeler.test.ts checks the labels against CP2K itself (central differences).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configRoot } from '../../src/config_reader.js';
import { Rng } from '../../src/nn/rng.js';
import { perturbed, supercell, unitCell } from '../../src/learn/crystal.js';
import { defaultTree, inputFromTemplate, inputFromTree, mergeTree, renderTree } from '../../src/learn/cp2k_input.js';
import { BOHR_ANGSTROM, GPA_PER_EV_A3, HARTREE_EV, readCp2kOutput, scfConverged } from '../../src/learn/cp2k_output.js';
import { readFp } from '../../src/learn/fp_params.js';
import type { Frame } from '../../src/learn/structure.js';
import { REPO_ROOT } from '../helpers/golden.js';

const FIX = join(REPO_ROOT, 'test/fixtures/cp2k');
const tmp = mkdtempSync(join(tmpdir(), 'dpmd-cp2k-in-'));

/** The frame of a CP2K input's &CELL (A B C) and &COORD sections. */
function frameOf(input: string, typeMap: string[]): Frame {
  const rows = ['A', 'B', 'C'].map((n) => new RegExp(`^\\s*${n}\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)`, 'm').exec(input)!);
  const coordBlock = /&COORD\n([\s\S]*?)\n\s*&END COORD/.exec(input)![1].trim().split('\n');
  const atoms = coordBlock.map((l) => l.trim().split(/\s+/));
  return {
    natoms: atoms.length,
    types: Int32Array.from(atoms.map((w) => typeMap.indexOf(w[0]))),
    coord: Float64Array.from(atoms.flatMap((w) => w.slice(1, 4).map(Number))),
    box: Float64Array.from(rows.flatMap((m) => [1, 2, 3].map((k) => Number(m[k])))),
  };
}

describe('cp2k input', () => {
  it('reproduces the fixture input: preset defaults, merged user tree, CELL and COORD of the frame', () => {
    const f = perturbed(supercell(unitCell('fcc', 4.05), [1, 1, 1]), 0.02, 0.05, new Rng(3));
    const t = mergeTree(defaultTree('metal', ['Al']), {
      FORCE_EVAL: { DFT: { MGRID: { CUTOFF: 300 } } },
      GLOBAL: { PRINT_LEVEL: 'MEDIUM' },
    });
    expect(inputFromTree(t, f, ['Al'])).toBe(readFileSync(join(FIX, 'al4/input.inp'), 'utf8'));
  });
  it('merges KIND by element, renders sections, parameters, booleans and lists', () => {
    const t = mergeTree(defaultTree('molecule', ['H', 'O']), {
      FORCE_EVAL: {
        SUBSYS: {
          KIND: [
            { _: 'O', BASIS_SET: 'TZVP-MOLOPT-GTH' },
            { _: 'Na', POTENTIAL: 'GTH-PBE-q9' },
          ],
        },
      },
    });
    const kinds = ((t.FORCE_EVAL as Record<string, unknown>).SUBSYS as Record<string, unknown>).KIND;
    expect(kinds).toEqual([
      { _: 'H', BASIS_SET: 'DZVP-MOLOPT-GTH', POTENTIAL: 'GTH-PBE' },
      { _: 'O', BASIS_SET: 'TZVP-MOLOPT-GTH', POTENTIAL: 'GTH-PBE' },
      { _: 'Na', POTENTIAL: 'GTH-PBE-q9' },
    ]);
    expect(renderTree({ A: { _: 'ON', B: true, C: [1, 2, 3], D: { E: 'x' } } })).toBe(
      '&A ON\n  B T\n  C 1 2 3\n  &D\n    E x\n  &END D\n&END A',
    );
  });
  it('fills a template, and says so when it has no CELL or COORD section', () => {
    const f: Frame = {
      natoms: 1,
      types: Int32Array.from([0]),
      coord: Float64Array.from([0.5, 0.25, 0]),
      box: Float64Array.from([3, 0, 0, 0, 3, 0, 0, 0, 3]),
    };
    const tpl = join(tmp, 'tpl.inp');
    writeFileSync(
      tpl,
      '&FORCE_EVAL\n  &SUBSYS\n    &CELL\n      ABC 1 1 1\n    &END CELL\n    &COORD\n    &END COORD\n  &END SUBSYS\n&END FORCE_EVAL\n',
    );
    expect(inputFromTemplate(tpl, f, ['Al'])).toBe(
      '&FORCE_EVAL\n  &SUBSYS\n    &CELL\n      A 3.00000000000000 0.00000000000000 0.00000000000000\n' +
        '      B 0.00000000000000 3.00000000000000 0.00000000000000\n      C 0.00000000000000 0.00000000000000 3.00000000000000\n' +
        '      PERIODIC XYZ\n    &END CELL\n    &COORD\n      Al 0.500000000000000 0.250000000000000 0.00000000000000\n    &END COORD\n  &END SUBSYS\n&END FORCE_EVAL\n',
    );
    writeFileSync(tpl, '&FORCE_EVAL\n&END FORCE_EVAL\n');
    expect(() => inputFromTemplate(tpl, f, ['Al'])).toThrow(/tpl\.inp: no &CELL \.\.\. &END CELL section/);
  });
  it('fp_params of fp_style cp2k: errors name the key', () => {
    const read = (fp: unknown) => {
      try {
        const s = readFp(configRoot({ fp_style: 'cp2k', fp_params: fp }, 'p.json'), (p) => join(tmp, p), 1);
        return s.style === 'cp2k' ? s.cp2k : null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(read({ command: 'no-such-cp2k' })).toMatch(
      /^p\.json: fp_params\.command: 'no-such-cp2k' not found \(install CP2K/,
    );
    expect(read({ command: 'sh', user_fp_params: { GLOBAL: { X: null } } })).toBe(
      'p.json: fp_params.user_fp_params: user_fp_params.GLOBAL.X: expected a section, a keyword value or a list',
    );
    expect(read({ command: 'sh', user_fp_params: {}, external_input_path: 'x.inp' })).toMatch(/give either a template/);
    expect(read({ command: 'sh', external_input_path: 'none.inp' })).toMatch(/none\.inp: template not found/);
    expect(read({ command: 'sh', preset: 'gas' })).toMatch(/fp_params\.preset: expected one of 'metal', 'molecule'/);
    expect(read({ command: 'sh -c', preset: 'molecule' })).toMatchObject({ preset: 'molecule', template: null });
  });
});

describe('cp2k output', () => {
  it('Al4 (smearing, stress): energy, forces and virial in eV, eV/Å, eV from the printed a.u. and GPa', () => {
    const input = readFileSync(join(FIX, 'al4/input.inp'), 'utf8');
    const f = frameOf(input, ['Al']);
    const l = readCp2kOutput(join(FIX, 'al4/output.log'), f);
    expect(l.energy).toBe(-8.043262465003016 * HARTREE_EV);
    expect(l.force[0]).toBeCloseTo((0.00407255 * HARTREE_EV) / BOHR_ANGSTROM, 14);
    expect(l.force[11]).toBeCloseTo((0.00123269 * HARTREE_EV) / BOHR_ANGSTROM, 14);
    const b = f.box;
    const vol = b[0] * b[4] * b[8]; // lower-triangular cell
    expect(l.virial[4]).toBeCloseTo((36.8318817412 * vol) / GPA_PER_EV_A3, 10);
    expect(l.virial[1]).toBeCloseTo((-2.37171848513 * vol) / GPA_PER_EV_A3, 10);
    expect(l.virial[3]).toBe(l.virial[1]);
  });
  it('H2O (OT, outer SCF): converged; a non-converged SCF is refused, naming the file', () => {
    const text = readFileSync(join(FIX, 'h2o/output.log'), 'utf8');
    expect(scfConverged(text)).toBe(true);
    const f = frameOf(readFileSync(join(FIX, 'h2o/input.inp'), 'utf8'), ['H', 'O']);
    expect(readCp2kOutput(join(FIX, 'h2o/output.log'), f).energy).toBe(-17.220652770355194 * HARTREE_EV);
    const bad = join(tmp, 'outer.log');
    writeFileSync(bad, text.replace('outer SCF loop converged in', 'outer SCF loop FAILED to converge after'));
    expect(() => readCp2kOutput(bad, f)).toThrow(`${bad}: the SCF did not converge; frame not used`);
    const al = readFileSync(join(FIX, 'al4/output.log'), 'utf8');
    expect(scfConverged(al)).toBe(true);
    // CP2K 2023.1 reports a non-converged SCF as a warning (and goes on to the forces)
    const warned = al.replace(
      / \*\*\* SCF run converged in .*/,
      ' *** WARNING in qs_scf.F:601 :: SCF run NOT converged ***',
    );
    expect(warned).not.toBe(al);
    expect(scfConverged(warned)).toBe(false);
    expect(scfConverged('no scf here')).toBeNull();
    // a real CP2K run stopped after one SCF step: exit status 0, forces printed, refused
    const stopped = join(FIX, 'h2o_scf_stopped/output.log');
    expect(scfConverged(readFileSync(stopped, 'utf8'))).toBe(false);
    expect(() => readCp2kOutput(stopped, f)).toThrow(`${stopped}: the SCF did not converge; frame not used`);
    expect(() => readCp2kOutput(join(tmp, 'missing.log'), f)).toThrow(/CP2K wrote no output/);
  });
});
