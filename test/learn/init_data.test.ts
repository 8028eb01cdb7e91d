/**
 * `dpmd init-bulk` / `dpmd init-surf` end to end with the eam labeler: files, frame counts, and the
 * physics the labels must show (a slab costs energy over the bulk: positive surface energy).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { loadSystem } from '../../src/train/data.js';
import { readPoscar } from '../../src/learn/poscar.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { ALMG } from './mini_setup.js';

const CLI = join(REPO_ROOT, 'dist/src/cli.js');
let dir = '';

function dpmd(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { cwd: dir });
    let stdout = '',
      stderr = '';
    c.stdout.on('data', (b) => {
      stdout += b;
    });
    c.stderr.on('data', (b) => {
      stderr += b;
    });
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const common = {
  elements: ['Al', 'Mg'],
  mass_map: [26.9815, 24.305],
  latt: 4.05,
  fp_style: 'eam',
  fp_params: { pair_style: 'eam/fs', pot_file: ALMG },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dpmd-init-'));
});

describe('init-bulk / init-surf', () => {
  it('builds, perturbs, substitutes and labels bulk and slab data; the (111) surface energy is positive', async () => {
    writeFileSync(
      join(dir, 'bulk.json'),
      JSON.stringify({
        ...common,
        cell_type: 'fcc',
        super_cell: [2, 2, 2],
        scale: [0.99, 1.0],
        pert_numb: 1,
        substitute: [{ element: 'Mg', count: 2 }],
      }),
    );
    const b = await dpmd(['init-bulk', 'bulk.json', '--out', 'bulk']);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const base = readPoscar(join(dir, 'bulk', 'POSCAR'), ['Al', 'Mg']);
    expect(base.natoms).toBe(32);
    expect(Array.from(base.types).filter((t) => t === 1)).toHaveLength(2);
    expect(existsSync(join(dir, 'bulk', 'conf.lmp'))).toBe(true);
    expect(readdirSync(join(dir, 'bulk', '01.scale_pert')).sort()).toEqual(['scale-0.990', 'scale-1.000']);
    const data = loadSystem(join(dir, 'bulk', 'data', 'sys.000'), ['Al', 'Mg']);
    expect(data.nframes).toBe(4);
    expect(data.virial).not.toBeNull();

    writeFileSync(join(dir, 'al.json'), JSON.stringify({ ...common, cell_type: 'fcc', super_cell: [1, 1, 1] }));
    writeFileSync(
      join(dir, 'surf.json'),
      JSON.stringify({
        ...common,
        cell_type: 'fcc',
        millers: ['111', '100'],
        layer_numb: 5,
        vacuum_max: 10,
        super_cell: [1, 1],
      }),
    );
    const [al, s] = [
      await dpmd(['init-bulk', 'al.json', '--out', 'al']),
      await dpmd(['init-surf', 'surf.json', '--out', 'surf']),
    ];
    expect(al.status).toBe(0);
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    const eBulk = loadSystem(join(dir, 'al', 'data', 'sys.000'), ['Al', 'Mg']).energy![0] / 4;
    expect(eBulk).toBeLessThan(-3); // a bound Al crystal
    for (const m of ['111', '100']) {
      const sys = loadSystem(join(dir, 'surf', 'data', m === '111' ? 'sys.000' : 'sys.001'), ['Al', 'Mg']); // one system per slab
      const slab = readPoscar(join(dir, 'surf', `fcc-${m}`, 'POSCAR'), ['Al', 'Mg']);
      expect(sys.natoms).toBe(slab.natoms);
      const area = slab.box[0] * slab.box[4];
      const gamma = (sys.energy![0] - slab.natoms * eBulk) / (2 * area); // eV/Å^2
      expect(gamma).toBeGreaterThan(0.02);
      expect(gamma).toBeLessThan(0.1);
    }
  });
  it('names a bad Miller index and exits 1', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...common, cell_type: 'hcp', millers: ['0001', '111'], layer_numb: 4, vacuum_max: 10 }),
    );
    const r = await dpmd(['init-surf', 'bad.json', '--out', 'bad']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ERROR: bad\.json: millers\[1\]: hcp surfaces are 0001, 10-10, 11-20, got '111'/);
  });
});
