/**
 * The LAMMPS goldens themselves: every directory under test/golden is complete (deck, inputs,
 * outputs, repository files it names, the LAMMPS version that made it), a test's spec that differs
 * from its golden is reported as stale, and screen trimming drops only run-to-run noise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, goldenDir, listGoldens, readMeta, staleReason, trimScreen } from './golden.js';

describe('test/golden', () => {
  const names = listGoldens();

  it('holds the goldens of every LAMMPS cross-check file', () => {
    const files = new Set(names.map((n) => n.split('/')[0]));
    for (const f of [
      'compute_rdf',
      'crosscheck_eam',
      'crosscheck_lj',
      'deck',
      'dump_data',
      'fix_nh_lammps',
      'fix_thermostats_lammps',
      'min_cg',
      'min_fire',
      'pair_eam',
      'pair_eam_alloy',
      'pair_eam_fs',
      'random_mars',
      'threads',
    ])
      expect(files.has(f), f).toBe(true);
    expect(names.length).toBeGreaterThan(60);
  });

  it('every golden is complete: deck, inputs, outputs, repository files, command and LAMMPS version', () => {
    for (const name of names) {
      const dir = goldenDir(name);
      const meta = readMeta(name);
      expect(meta.lammps, name).toMatch(/\d{4}/);
      expect(meta.command, name).toMatch(/^lmp -in in\.lammps /);
      for (const f of ['in.lammps', 'screen.txt', ...meta.inputs, ...meta.outputs])
        expect(existsSync(join(dir, f)), `${name}/${f}`).toBe(true);
      for (const path of Object.values(meta.repoFiles))
        expect(existsSync(join(REPO_ROOT, path)), `${name}: ${path}`).toBe(true);
      const screen = readFileSync(join(dir, 'screen.txt'), 'utf8');
      expect(screen.startsWith(`LAMMPS (${meta.lammps})`), `${name}: screen.txt is LAMMPS's`).toBe(true);
      expect(screen, name).not.toMatch(/ERROR/);
    }
  });

  it('a spec whose deck, inputs or outputs differ from the golden is stale, naming what differs', () => {
    const name = 'dump_data/write_data_read_back';
    const dir = goldenDir(name);
    const deck = readFileSync(join(dir, 'in.lammps'), 'utf8');
    const data = readFileSync(join(dir, 'state.data'), 'utf8');
    expect(staleReason(name, { deck, files: { 'state.data': data } })).toBe('');
    expect(staleReason(name, { deck: deck.replace('run 50', 'run 51'), files: { 'state.data': data } })).toMatch(
      /deck differs/,
    );
    expect(staleReason(name, { deck, files: { 'state.data': `${data}\n` } })).toMatch(/input state\.data differs/);
    expect(staleReason(name, { deck, files: { 'state.data': data }, outputs: ['x.dump'] })).toMatch(/outputs differs/);
    expect(staleReason('no/such/golden', { deck })).toMatch(/no golden\.json/);
  });

  it('trimming keeps thermo and results, drops timings', () => {
    const text = [
      'LAMMPS (29 Sep 2021 - Update 2)',
      '  create_atoms CPU = 0.002 seconds',
      'Step Temp',
      '       0   1.44',
      'Loop time of 0.0123 on 1 procs for 10 steps with 32 atoms',
      '',
      'Performance: 1.0 tau/day',
      '99.5% CPU use with 1 MPI tasks x 1 OpenMP threads',
      '',
      'MPI task timing breakdown:',
      'Section |  min time',
      'Pair    | 0.01',
      '',
      'Nlocal:            32.0000 ave',
      'Total wall time: 0:00:01',
    ].join('\n');
    expect(trimScreen(text).split('\n')).toEqual([
      'LAMMPS (29 Sep 2021 - Update 2)',
      '  create_atoms CPU = * seconds',
      'Step Temp',
      '       0   1.44',
      'Loop time of * on 1 procs for 10 steps with 32 atoms',
      '',
      '',
      'Nlocal:            32.0000 ave',
    ]);
  });
});
