/**
 * The molecular RiD sampler end to end, CI-sized: `dpmd rid` with `sampler: "md"` on systems/ala2 for two
 * iterations of 2 walkers and 2 labels of 1,000 steps each (dpmd run child processes with fix plumed).
 * Checked: iteration 1 explores with the DEEPFE bias of iteration 0's ensemble from the walkers' written
 * data files (no new velocities), each restrained run starts from the explored frame nearest its centre,
 * its mean force is κ(⟨s⟩ − s₀) of its own COLVAR tail and its ⟨s⟩ lies within a few restraint widths
 * of the centre, and the outputs exist. Plus the frame/data-file helpers and config errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colvarMeanForce, readColvar } from '../../src/rid/colvar_mean_force.js';
import { readDumpFrames, withPositions } from '../../src/rid/frame_data.js';
import { REPO_ROOT } from '../helpers/golden.js';

const CLI = join(REPO_ROOT, 'dist/src/cli.js');
const ALA2 = join(REPO_ROOT, 'systems/ala2');

function config(over: Record<string, unknown> = {}) {
  const base = JSON.parse(readFileSync(join(ALA2, 'rid.json'), 'utf8'));
  return {
    ...base,
    numb_walkers: 2,
    numb_iters: 2,
    md: { ...base.md, data: join(ALA2, 'ala2.data') },
    ExploreMDConfig: { nsteps: 1000, temperature: 300, output_freq: 50, dt: 0.002 },
    SelectorConfig: { max_selection: 2, cluster_threshold: 0.3 },
    LabelMDConfig: { nsteps: 1000, temperature: 300, dt: 0.002, kappas: [500, 500], tail: 0.9 },
    Train: { ...base.Train, neurons: [8, 8], epoches: 20 },
    ...over,
  };
}

/** `node dist/src/cli.js rid ...` without blocking the test worker. */
function ridCli(cfg: string, out: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const c = spawn(process.execPath, [CLI, 'rid', cfg, '--out', out]);
    let stdout = '',
      stderr = '';
    c.stdout.on('data', (b) => {
      stdout += b;
    });
    c.stderr.on('data', (b) => {
      stderr += b;
    });
    c.on('close', (status) => ok({ status, stdout, stderr }));
  });
}

const dirsUnder = (d: string, prefix: string) =>
  readdirSync(d)
    .filter((e) => e.startsWith(prefix))
    .map((e) => join(d, e));

describe('md sampler (dpmd run + fix plumed)', () => {
  it('two iterations on alanine dipeptide: DEEPFE exploration, restrained labels from explored frames', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-rid-md-'));
    writeFileSync(join(dir, 'rid.json'), JSON.stringify(config()));
    const out = join(dir, 'out');
    const r = await ridCli(join(dir, 'rid.json'), out);
    expect(r.stderr + r.stdout).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'fes.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 73 * 73);
    expect(readFileSync(join(out, 'rid_log.csv'), 'utf8').trim().split('\n')).toHaveLength(3);

    const explores = dirsUnder(join(out, 'md'), 'explore.');
    expect(explores).toHaveLength(2);
    const biased = explores.filter((e) => readFileSync(join(e, 'walker.000/plumed.dat'), 'utf8').includes('DEEPFE'));
    expect(biased).toHaveLength(1);
    const deck = readFileSync(join(biased[0], 'walker.000/in.deck'), 'utf8');
    expect(deck).not.toMatch(/velocity all create/);
    const first = explores.find((e) => e !== biased[0])!;
    expect(deck).toContain(`read_data ${join(first, 'walker.000/final.data')}`);
    // the DEEPFE model is iteration 0's ensemble
    const m0 = JSON.parse(readFileSync(join(out, 'iter.000000/03.train/models.json'), 'utf8')).ensemble;
    expect(JSON.parse(readFileSync(join(biased[0], 'walker.000/models.json'), 'utf8')).ensemble).toEqual(m0);

    const labels = dirsUnder(join(out, 'md'), 'label.');
    expect(labels).toHaveLength(2);
    const forces = JSON.parse(readFileSync(join(out, 'iter.000000/02.label/forces.json'), 'utf8'));
    const centres: number[] = forces.centres;
    expect(centres.length).toBe(4);
    // iteration 0's labels are in the label folder whose plumed.dat restrains at its first centre
    const lab = labels.find((l) =>
      readFileSync(join(l, 'centre.000/plumed.dat'), 'utf8').includes(`AT=${centres[0]}`),
    )!;
    for (let i = 0; i < 2; i++) {
      const c = join(lab, `centre.00${i}`);
      const col = readColvar(readFileSync(join(c, 'COLVAR'), 'utf8'), ['phi', 'psi']);
      const mf = colvarMeanForce(col.s, col.nframes, centres.slice(2 * i, 2 * i + 2), [500, 500], [true, true], 0.9);
      expect(forces.force[2 * i]).toBeCloseTo(mf.force[0], 10);
      expect(forces.force[2 * i + 1]).toBeCloseTo(mf.force[1], 10);
      // ⟨s⟩ - s0 is a few restraint widths sqrt(kT/κ) = 0.07 rad at most: |F| < 500 * 0.35
      expect(Math.abs(mf.force[0]) + Math.abs(mf.force[1])).toBeLessThan(175);
      // the run starts at the explored frame whose CVs are the centre: its first COLVAR row is there
      const d0 = Math.hypot(col.s[0] - centres[2 * i], col.s[1] - centres[2 * i + 1]);
      expect(d0).toBeLessThan(1e-3);
    }
  }, 300_000);

  it('withPositions replaces Atoms coordinates and drops Velocities; readDumpFrames orders by id', () => {
    const data = readFileSync(join(ALA2, 'ala2.data'), 'utf8');
    const x = Float64Array.from({ length: 66 }, (_, k) => 0.5 * k + 0.25);
    const t = withPositions(`${data}\nVelocities\n\n1 0.1 0.2 0.3\n`, x);
    expect(t).not.toMatch(/Velocities/);
    const lines = t.split('\n');
    const a0 = lines.findIndex((l) => l.startsWith('Atoms'));
    const atoms = lines.slice(a0 + 2, a0 + 24);
    expect(atoms).toHaveLength(22);
    const w = atoms[3].split(' ');
    expect(Number(w[0])).toBe(4);
    expect(w.slice(4, 7).map(Number)).toEqual([x[9], x[10], x[11]]);
    expect(t).toContain('Bonds');
    const dump = `ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS ff ff ff\n0 1\n0 1\n0 1\nITEM: ATOMS id x y z\n2 4 5 6\n1 1 2 3\n`;
    const f = readDumpFrames(dump + dump.replace('0\nITEM: NUMBER', '50\nITEM: NUMBER'));
    expect(f).toHaveLength(2);
    expect(Array.from(f[1])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('config: sampler md needs CV.selected_atomid and md.data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-rid-md-'));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ CV: { mode: 'torsion', angular_mask: [1, 1] } }, /CV\.selected_atomid: expected 2 torsions/],
      [{ md: { settings: ['units real'], data: 'nope.data' } }, /md\.data: no such file/],
    ];
    for (const [over, msg] of cases) {
      writeFileSync(join(dir, 'rid.json'), JSON.stringify(config(over)));
      const r = await ridCli(join(dir, 'rid.json'), join(dir, 'o'));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/ at /);
    }
  });
});
