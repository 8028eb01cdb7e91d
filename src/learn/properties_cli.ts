/**
 * `dpmd properties CONFIG.json [--out DIR]` or `dpmd properties --pair-style S --pair-coeff C ...`:
 * measure the material properties of one potential, or of a model and its labeler side by side
 * (src/learn/properties.ts), print the table and write DIR/properties.json.
 *
 * CONFIG.json (relative file names in pair lines are relative to its directory):
 *   {"type_map": ["Al", "Mg"], "mass_map": [26.98, 24.305],
 *    "labeler": {"pair_style": "eam/fs", "pair_coeff": ["* * AlMg.eam.fs Al Mg"]},
 *    "model": {"pair_style": "deepmd model.yaml", "pair_coeff": ["* *"]},          (optional)
 *    "settings": {"guess": {"fcc_a": 4.05, "hcp_a": 3.2, "hcp_c_over_a": 1.63, "l12_a": 4.1},
 *                 "strain": 0.005, "vacancy_cells": 3, "surface_layers": 12, "surface_cells": [1, 1],
 *                 "vacuum": 15, "lattice_tol": 1e-11, "force_tol": 1e-8,
 *                 "relax": {"etol": 0, "ftol": 1e-10, "maxiter": 10000, "maxeval": 100000}}}   (optional)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type CommandSpec, runCommand, strOption, UsageError } from '../cli_args.js';
import { type ConfigObject, readConfigFile } from '../config_reader.js';
import {
  DEFAULT_PROPERTY_SETTINGS,
  type MaterialProperties,
  measureProperties,
  type PropertySettings,
} from './properties.js';
import type { PotentialSpec } from './properties_engine.js';
import { allPass, compareProperties, formatProperties, formatPropertiesTable } from './properties_table.js';

const USAGE = `usage: dpmd properties CONFIG.json [--out DIR]
       dpmd properties --pair-style STYLE --pair-coeff COEFF [--pair-coeff ...] [--type-map Al,Mg]
                       [--model-pair-style STYLE --model-pair-coeff COEFF ...] [--out DIR]
  Material properties of an Al-Mg potential measured with dpmd's engine: fcc Al and hcp Mg lattice
  constants and cohesive energies, L1_2 Al3Mg lattice constant and formation energy, C11 C12 C44 of
  fcc Al, the Al vacancy formation energy and the Al(111) surface energy (docs/learn.md, Properties).
  With a model as well, prints model vs labeler with the issue's thresholds (lattice 0.5%, elastic,
  vacancy and surface 10%).
  CONFIG.json           {"type_map", "mass_map", "labeler": {"pair_style", "pair_coeff": [...]},
                         "model": {...} (optional), "settings": {...} (optional)}
  --pair-style, --pair-coeff            the labeler (or the only potential) without a CONFIG.json
  --model-pair-style, --model-pair-coeff   a model to compare with it
  --type-map LIST       element names of LAMMPS types 1..n, comma-separated (default Al,Mg)
  --out DIR             where properties.json goes (default: the working directory)`;

const SPEC: CommandSpec = {
  usage: USAGE,
  options: {
    out: { type: 'string' },
    'pair-style': { type: 'string' },
    'pair-coeff': { type: 'string', multiple: true },
    'model-pair-style': { type: 'string' },
    'model-pair-coeff': { type: 'string', multiple: true },
    'type-map': { type: 'string' },
  },
  positionals: { min: 0, max: 1, names: 'CONFIG.json' },
};

interface PropertiesJob {
  typeMap: string[];
  masses?: number[];
  labeler: PotentialSpec;
  model: PotentialSpec | null;
  settings: Partial<PropertySettings>;
}

function readPotential(o: ConfigObject, dir: string): PotentialSpec {
  o.only(['pair_style', 'pair_coeff']);
  const p = { pairStyle: o.str('pair_style'), pairCoeff: o.strs('pair_coeff', { minLength: 1 }), dir };
  o.done();
  return p;
}

function readSettings(o: ConfigObject): Partial<PropertySettings> {
  const d = DEFAULT_PROPERTY_SETTINGS;
  o.only([
    'guess',
    'strain',
    'vacancy_cells',
    'surface_layers',
    'surface_cells',
    'vacuum',
    'lattice_tol',
    'force_tol',
    'relax',
  ]);
  const s: Partial<PropertySettings> = {
    strain: o.num('strain', { above: 0, max: 0.05 }, d.strain),
    vacancyCells: o.int('vacancy_cells', { min: 2, max: 10 }, d.vacancyCells),
    surfaceLayers: o.int('surface_layers', { min: 3, max: 60 }, d.surfaceLayers),
    surfaceCells: o.ints('surface_cells', { min: 1, max: 10 }, { length: 2 }, d.surfaceCells) as [number, number],
    vacuum: o.num('vacuum', { above: 0, max: 100 }, d.vacuum),
    latticeTol: o.num('lattice_tol', { above: 0, max: 1e-3 }, d.latticeTol),
    forceTol: o.num('force_tol', { above: 0 }, d.forceTol),
  };
  const g = o.obj('guess', true);
  if (g) {
    g.only(['fcc_a', 'hcp_a', 'hcp_c_over_a', 'l12_a']);
    s.guess = {
      fccA: g.num('fcc_a', { above: 0 }, d.guess.fccA),
      hcpA: g.num('hcp_a', { above: 0 }, d.guess.hcpA),
      hcpCOverA: g.num('hcp_c_over_a', { above: 0 }, d.guess.hcpCOverA),
      l12A: g.num('l12_a', { above: 0 }, d.guess.l12A),
    };
    g.done();
  }
  const r = o.obj('relax', true);
  if (r) {
    r.only(['etol', 'ftol', 'maxiter', 'maxeval']);
    s.relax = {
      etol: r.num('etol', { min: 0, max: 1 }, d.relax.etol),
      ftol: r.num('ftol', { min: 0 }, d.relax.ftol),
      maxiter: r.int('maxiter', { min: 1 }, d.relax.maxiter),
      maxeval: r.int('maxeval', { min: 1 }, d.relax.maxeval),
    };
    r.done();
  }
  o.done();
  return s;
}

/** A properties job from CONFIG.json. */
export function readPropertiesConfig(path: string): PropertiesJob {
  const o = readConfigFile(path);
  const dir = dirname(resolve(path));
  o.only(['type_map', 'mass_map', 'labeler', 'model', 'settings']);
  const typeMap = o.strs('type_map', { minLength: 2 }, ['Al', 'Mg']);
  if (!typeMap.includes('Al') || !typeMap.includes('Mg')) o.fail('type_map', 'must name Al and Mg');
  const masses = o.has('mass_map') ? o.nums('mass_map', { above: 0 }, { length: typeMap.length }) : undefined;
  const labeler = readPotential(o.obj('labeler'), dir);
  const m = o.obj('model', true);
  const model = m ? readPotential(m, dir) : null;
  const st = o.obj('settings', true);
  const settings = st ? readSettings(st) : {};
  o.done();
  return { typeMap, masses, labeler, model, settings };
}

function jobFromFlags(values: Record<string, unknown>): PropertiesJob {
  const style = strOption(values as never, 'pair-style');
  const coeff = (values['pair-coeff'] as string[] | undefined) ?? [];
  if (!style || coeff.length === 0) throw new UsageError('give CONFIG.json, or --pair-style and --pair-coeff');
  const mStyle = strOption(values as never, 'model-pair-style');
  const mCoeff = (values['model-pair-coeff'] as string[] | undefined) ?? [];
  if ((mStyle === undefined) !== (mCoeff.length === 0))
    throw new UsageError('--model-pair-style and --model-pair-coeff go together');
  const typeMap = (strOption(values as never, 'type-map') ?? 'Al,Mg').split(',').map((s) => s.trim());
  if (!typeMap.includes('Al') || !typeMap.includes('Mg'))
    throw new UsageError(`--type-map must name Al and Mg, got '${typeMap.join(',')}'`);
  const dir = process.cwd();
  return {
    typeMap,
    labeler: { pairStyle: style, pairCoeff: coeff, dir },
    model: mStyle ? { pairStyle: mStyle, pairCoeff: mCoeff, dir } : null,
    settings: {},
  };
}

export async function propertiesMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, ({ values, positionals }) => {
    const flagged = ['pair-style', 'pair-coeff', 'model-pair-style', 'model-pair-coeff', 'type-map'].some(
      (k) => values[k] !== undefined,
    );
    if (positionals.length === 1 && flagged)
      throw new UsageError('give either CONFIG.json or the --pair-style/--pair-coeff flags, not both');
    const job = positionals.length === 1 ? readPropertiesConfig(positionals[0]) : jobFromFlags(values);
    const out = resolve(strOption(values, 'out') ?? '.');
    const say = (l: string) => process.stdout.write(`${l}\n`);
    const measure = (p: PotentialSpec, who: string): MaterialProperties => {
      const t0 = performance.now();
      const r = measureProperties(p, job.typeMap, job.settings, job.masses);
      say(`${who}: ${r.evaluations} force evaluations, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    };
    const labeler = measure(job.labeler, 'labeler');
    const model = job.model ? measure(job.model, 'model') : null;
    const record: Record<string, unknown> = { type_map: job.typeMap, labeler };
    if (model) {
      const rows = compareProperties(labeler, model);
      record.model = model;
      record.comparison = rows;
      record.pass = allPass(rows);
      say(formatPropertiesTable(labeler, model));
    } else {
      say(formatProperties(labeler));
    }
    mkdirSync(out, { recursive: true });
    const file = join(out, 'properties.json');
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    say(`wrote ${file}`);
    return 0;
  });
}
