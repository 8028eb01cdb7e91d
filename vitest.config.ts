import { defineConfig } from 'vitest/config';

/**
 * Two projects: `lammps` holds the tests that compare with LAMMPS (committed goldens in
 * test/golden, plus a live lmp run where LAMMPS is installed; `npx vitest run --project lammps`
 * runs them alone); `unit` holds everything else under test/, including new test files.
 */
const LAMMPS_TESTS = [
  'test/md/compute_rdf.test.ts',
  'test/md/computes_lammps.test.ts',
  'test/md/crosscheck_*.test.ts',
  'test/md/deck.test.ts',
  'test/md/dump_data.test.ts',
  'test/md/fix_*_lammps.test.ts',
  'test/md/groups_lammps.test.ts',
  'test/md/dimension2_lammps.test.ts',
  'test/md/serial_noops_lammps.test.ts',
  'test/md/dump_modify_lammps.test.ts',
  'test/md/boundary_shrink_lammps.test.ts',
  'test/md/replicate_lammps.test.ts',
  'test/md/atom_edit_lammps.test.ts',
  'test/md/change_box_lammps.test.ts',
  'test/md/velocity_ramp_lammps.test.ts',
  'test/md/thermo_modify_temp_lammps.test.ts',
  'test/md/thermo_one_volume_lammps.test.ts',
  'test/md/thermo_modify_lost_lammps.test.ts',
  'test/md/create_box_keywords_lammps.test.ts',
  'test/md/compute_modify_lammps.test.ts',
  'test/md/compute_orientorder_lammps.test.ts',
  'test/md/compute_coord_atom_lammps.test.ts',
  'test/md/read_data_fix_lammps.test.ts',
  'test/examples/*.test.ts',
  'test/md/min_*.test.ts',
  'test/md/random_mars.test.ts',
  'test/md/rerun_lammps.test.ts',
  'test/md/restart_lammps.test.ts',
  'test/md/run_start_stop.test.ts',
  'test/md/set_lammps.test.ts',
  'test/md/variable_*_lammps.test.ts',
  'test/md/threads.test.ts',
  'test/potentials/pair_eam*.test.ts',
  'test/potentials/*_lammps.test.ts',
  'test/molecular/*_lammps.test.ts',
];

const shared = {
  testTimeout: 600_000,
  hookTimeout: 600_000,
};

export default defineConfig({
  test: {
    // Two cores: run test files one per core and keep the suite predictable.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'lammps',
          include: LAMMPS_TESTS,
          globalSetup: ['test/helpers/scratch_tmpdir.ts', 'test/helpers/lammps_notice.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: LAMMPS_TESTS,
          globalSetup: ['test/helpers/scratch_tmpdir.ts'],
        },
      },
    ],
  },
});
