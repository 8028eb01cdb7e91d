/**
 * param.json and machine.json of `dpmd learn`: bad input is one ERROR line naming the key path and
 * the cause, exit status 1, before anything is written.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readParam } from '../../src/learn/param.js';
import { readMachine } from '../../src/learn/machine.js';
import { lammpsDataText } from '../../src/learn/structure.js';
import { supercell, unitCell } from '../../src/learn/crystal.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { ALMG, MASSES, TYPE_MAP, tinyTrainingInput } from './mini_setup.js';

let dir = '';
const base = (): Record<string, unknown> => ({
  type_map: TYPE_MAP,
  mass_map: MASSES,
  init_data_sys: ['init'],
  sys_configs: [['confs/*.lmp'], ['confs/al.lmp']],
  numb_models: 4,
  default_training_param: tinyTrainingInput(),
  model_devi_jobs: [{ sys_idx: [0, 1], temps: [300, 600], trj_freq: 10, nsteps: 100, ensemble: 'nvt' }],
  model_devi_dt: 0.002,
  model_devi_f_trust_lo: 0.05,
  model_devi_f_trust_hi: 0.15,
  fp_style: 'eam',
  fp_params: { pair_style: 'eam/fs', pot_file: ALMG },
  fp_task_max: 20,
});
const write = (p: Record<string, unknown>, name = 'param.json') => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(p));
  return f;
};
const fails = (mutate: (p: Record<string, unknown>) => void, re: RegExp) => {
  const p = base();
  mutate(p);
  expect(() => readParam(write(p))).toThrow(re);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dpmd-learn-param-'));
  mkdirSync(join(dir, 'init'));
  mkdirSync(join(dir, 'confs'));
  const al = lammpsDataText(supercell(unitCell('fcc', 4.05), [1, 1, 1]), MASSES);
  writeFileSync(join(dir, 'confs', 'al.lmp'), al);
  writeFileSync(join(dir, 'confs', 'b.lmp'), al);
});

describe('param.json', () => {
  it('reads the lammps labeler: file words of pair_coeff made absolute', () => {
    const p = base();
    p.fp_style = 'lammps';
    p.fp_params = { pair_style: 'eam/fs', pair_coeff: ['* * confs/al.lmp Al Mg'], command: process.execPath };
    const r = readParam(write(p));
    expect(r.fp).toEqual({
      style: 'lammps',
      lammps: { pairStyle: 'eam/fs', pairCoeff: [`* * ${join(dir, 'confs/al.lmp')} Al Mg`], command: process.execPath },
    });
  });
  it('reads DP-GEN keys, resolves paths against its directory and expands patterns', () => {
    const p = readParam(write(base()));
    expect(p.sysConfigs[0].map((f) => f.slice(dir.length))).toEqual(['/confs/al.lmp', '/confs/b.lmp']);
    expect(p.initDataSys).toEqual([join(dir, 'init')]);
    expect(p.modelDeviJobs[0]).toMatchObject({ sysIdx: [0, 1], temps: [300, 600], press: [], ensemble: 'nvt' });
    expect([p.trustLo, p.trustHi, p.fpTaskMin, p.stopAccurateRatio, p.trainingInitModel]).toEqual([
      0.05,
      0.15,
      0,
      0.99,
      true,
    ]);
  });
  it("reads DP-GEN's iteration-dependent trust levels and the warm-start (training_reuse_*) keys", () => {
    const p = base();
    (p.model_devi_jobs as Record<string, unknown>[]).push({
      sys_idx: [1],
      temps: [900],
      trj_freq: 10,
      nsteps: 100,
      model_devi_f_trust_lo: 0.08,
      model_devi_f_trust_hi: 0.3,
    });
    Object.assign(p, {
      training_reuse_numb_steps: 500,
      training_reuse_start_lr: 1e-4,
      training_reuse_start_pref_e: 0.1,
      training_reuse_start_pref_f: 100,
    });
    const r = readParam(write(p));
    expect(r.modelDeviJobs.map((j) => [j.trustLo, j.trustHi])).toEqual([
      [null, null],
      [0.08, 0.3],
    ]);
    expect([
      r.trainingReuseNumbSteps,
      r.trainingReuseStartLr,
      r.trainingReuseStartPrefE,
      r.trainingReuseStartPrefF,
    ]).toEqual([500, 1e-4, 0.1, 100]);
    const q = readParam(write(base()));
    expect([q.trainingReuseStartLr, q.trainingReuseStartPrefE, q.trainingReuseStartPrefF]).toEqual([null, null, null]);
  });
  it('refuses a job whose own trust interval is empty (with the top-level level it leaves unset)', () => {
    fails((p) => {
      (p.model_devi_jobs as Record<string, unknown>[])[0].model_devi_f_trust_lo = 0.2;
    }, /model_devi_jobs\[0\]\.model_devi_f_trust_lo: the job's trust interval is empty: trust_lo 0\.2 >= trust_hi 0\.15/);
    fails((p) => {
      (p.model_devi_jobs as Record<string, unknown>[])[0].model_devi_f_trust_hi = 0.01;
    }, /model_devi_jobs\[0\]\.model_devi_f_trust_hi: the job's trust interval is empty: trust_lo 0\.05 >= trust_hi 0\.01/);
    fails((p) => {
      p.training_reuse_start_lr = 0;
    }, /training_reuse_start_lr/);
  });
  it('names unknown keys with their path', () => {
    fails((p) => {
      p.model_devi_f_trust_low = 0.1;
    }, /unknown key 'model_devi_f_trust_low'/);
    fails((p) => {
      (p.model_devi_jobs as Record<string, unknown>[])[0].tmps = [1];
    }, /unknown key 'model_devi_jobs\[0\]\.tmps'/);
    fails((p) => {
      (p.default_training_param as Record<string, Record<string, unknown>>).training.numb_step = 3;
    }, /param\.json: unknown key 'default_training_param\.training\.numb_step'/);
  });
  it('refuses a sys_idx out of range, trust_lo >= trust_hi, a missing labeler file, a type_map mismatch', () => {
    fails((p) => {
      (p.model_devi_jobs as Record<string, unknown>[])[0].sys_idx = [0, 2];
    }, /model_devi_jobs\[0\]\.sys_idx\[1\]: 2 is out of range: sys_configs has 2 entries/);
    fails((p) => {
      p.model_devi_f_trust_lo = 0.2;
    }, /model_devi_f_trust_lo: must be below model_devi_f_trust_hi \(0\.2 >= 0\.15\)/);
    fails((p) => {
      p.fp_params = { pair_style: 'eam/fs', pot_file: 'nope.eam.fs' };
    }, /fp_params\.pot_file: .*nope\.eam\.fs: labeler file not found/);
    fails((p) => {
      p.type_map = ['Mg', 'Al'];
    }, /default_training_param\.model\.type_map: \[Al,Mg\] differs from type_map \[Mg,Al\]/);
    fails((p) => {
      p.sys_configs = [['confs/none*.lmp']];
    }, /sys_configs\[0\]: no configuration file matches/);
    fails((p) => {
      p.fp_style = 'vasp';
    }, /fp_style: expected one of 'eam', 'lammps', 'cp2k', got 'vasp'/);
    fails((p) => {
      p.numb_models = 1;
    }, /numb_models: must be >= 2/);
    fails((p) => {
      p.fp_style = 'lammps';
      p.fp_params = { pair_style: 'eam/fs', pair_coeff: ['* * pots/missing.eam.fs Al Mg'] };
    }, /fp_params\.pair_coeff\[0\]: .*pots\/missing\.eam\.fs: labeler file not found/);
    fails((p) => {
      p.fp_style = 'lammps';
      p.fp_params = { pair_style: 'eam/fs', pair_coeff: [`* * ${ALMG} Al Mg`], command: 'no-such-lmp' };
    }, /fp_params\.command: 'no-such-lmp' not found/);
    fails((p) => {
      p.fp_params = { pair_style: 'eam/fs', pot_file: ALMG, extra: 1 };
    }, /unknown key 'fp_params\.extra'/);
  });
  it('dpmd learn: ERROR naming the key, exit 1, nothing written', () => {
    const p = base();
    p.model_devi_f_trust_hi = 0.01;
    const f = write(p, 'bad.json');
    const out = join(dir, 'out-bad');
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli.js'), 'learn', f, '--out', out], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ERROR: .*bad\.json: model_devi_f_trust_lo: must be below model_devi_f_trust_hi/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    const h = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli.js'), 'learn', '--help'], {
      encoding: 'utf8',
    });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/usage: dpmd learn PARAM\.json/);
    const u = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli.js'), 'learn', f, '--outdir', 'x'], {
      encoding: 'utf8',
    });
    expect(u.status).toBe(1);
    expect(u.stderr).toMatch(/^ERROR: .*--outdir/);
  });
});

describe('shipped configuration', () => {
  for (const [name, tmin, pmax] of [
    ['param-quick.json', 50, 20000],
    ['param-full.json', 50, 50000],
  ] as const)
    it(`systems/almg/${name} reads, with its init data and structures in the repository`, () => {
      const p = readParam(join(REPO_ROOT, 'systems/almg', name));
      // 12 bulk (fcc, hcp, diamond, sc x Al, Mg, Al-Mg) + 18 slabs (6 surfaces x 3 compositions)
      expect(p.sysConfigs).toHaveLength(30);
      expect(p.initDataSys.every((d) => existsSync(d))).toBe(true);
      const explored = new Set(p.modelDeviJobs.flatMap((j) => j.sysIdx));
      expect(explored).toEqual(new Set(Array.from({ length: 30 }, (_, k) => k)));
      expect(Math.min(...p.modelDeviJobs.flatMap((j) => j.temps))).toBe(tmin);
      expect(Math.max(...p.modelDeviJobs.flatMap((j) => j.temps))).toBe(900);
      expect(Math.max(0, ...p.modelDeviJobs.flatMap((j) => j.press))).toBe(pmax);
    });
});

describe('machine.json', () => {
  it('reads dpdispatcher-style keys and names unknown ones', () => {
    const m = readMachine(write({ batch_type: 'local', slots: 3, fp_group_size: 5, retry_count: 1 }, 'm.json'));
    expect(m).toEqual({
      batchType: 'local',
      slots: 3,
      groupSize: { train: 1, model_devi: 1, fp: 5 },
      retryCount: 1,
      slurm: null,
    });
    expect(() => readMachine(write({ batch_type: 'pbs' }, 'm2.json'))).toThrow(
      /batch_type: expected one of 'local', 'Local', 'Shell', 'Slurm', 'slurm', got 'pbs'/,
    );
    expect(() => readMachine(write({ group_size: 2 }, 'm3.json'))).toThrow(/unknown key 'group_size'/);
  });
});
