/**
 * `dpmd init-bulk` and `dpmd init-surf` (as dpgen init_bulk / init_surf): build a crystal or a slab,
 * make scaled and perturbed copies (and alloys by substitution), label them with the chosen labeler
 * and write deepmd/npy data for `init_data_sys`, plus the structures as VASP POSCAR and LAMMPS data
 * files (for `sys_configs`).
 *
 * Output (DIR, default the working directory):
 *   POSCAR, conf.lmp                   the unperturbed structure (substituted when asked)
 *   01.scale_pert/scale-S/NNNNNN/POSCAR  every copy (the first of each scale unperturbed)
 *   02.label/task.NNNNNN/              the labeler's tasks (resumable)
 *   data/sys.000 ...                   labelled deepmd/npy data
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readConfigFile, type ConfigObject } from '../config_reader.js';
import { Rng } from '../nn/rng.js';
import { LocalBackend } from './backend_local.js';
import { LATTICES, perturbed, scaled, substituted, supercell, unitCell, type Lattice } from './crystal.js';
import { labelFrames } from './label_frames.js';
import { writeLabeledData, type Labeled } from './labeled_data.js';
import { makeLabeler } from './labeler.js';
import { readFp } from './fp_params.js';
import { poscarText } from './poscar.js';
import { lammpsDataText, type Frame } from './structure.js';
import { slab, SURFACES } from './surface.js';

const COMMON = [
  'elements',
  'mass_map',
  'latt',
  'c_over_a',
  'super_cell',
  'scale',
  'pert_numb',
  'pert_box',
  'pert_atom',
  'substitute',
  'fp_style',
  'fp_params',
  'seed',
  'cell_type',
];

interface Variants {
  scale: number[];
  pertNumb: number;
  pertBox: number;
  pertAtom: number;
  substitute: { type: number; count: number }[];
}

function readVariants(o: ConfigObject, elements: string[]): Variants {
  const subs = (o.raw('substitute') ?? []) as unknown[];
  if (!Array.isArray(subs)) o.fail('substitute', 'expected a list of {"element": NAME, "count": N}');
  return {
    scale: o.nums('scale', { above: 0.5, max: 2 }, { minLength: 1 }, [1]),
    pertNumb: o.int('pert_numb', { min: 0, max: 100000 }, 0),
    pertBox: o.num('pert_box', { min: 0, max: 0.3 }, 0.03),
    pertAtom: o.num('pert_atom', { min: 0, max: 1 }, 0.01),
    substitute: subs.map((s, i) => {
      const x = s as Record<string, unknown>;
      const t = elements.indexOf(String(x?.element));
      if (t < 0)
        o.fail(
          `substitute[${i}].element`,
          `expected one of [${elements.join(', ')}], got ${JSON.stringify(x?.element)}`,
        );
      if (!Number.isInteger(x.count) || (x.count as number) < 0)
        o.fail(`substitute[${i}].count`, 'expected a non-negative integer');
      return { type: t, count: x.count as number };
    }),
  };
}

/** The base structure with substitutions, then every scaled / perturbed copy (seeded). */
function variants(base: Frame, v: Variants, seed: number): { base: Frame; copies: { scale: number; frame: Frame }[] } {
  const rng = new Rng(seed);
  let b = base;
  for (const s of v.substitute) {
    if (s.count > b.natoms) throw new Error(`substitute: ${s.count} atoms asked, the structure has ${b.natoms}`);
    b = substituted(b, s.type, s.count, rng);
  }
  const copies: { scale: number; frame: Frame }[] = [];
  for (const s of v.scale) {
    const f = scaled(b, s);
    copies.push({ scale: s, frame: f });
    for (let k = 0; k < v.pertNumb; k++) copies.push({ scale: s, frame: perturbed(f, v.pertBox, v.pertAtom, rng) });
  }
  return { base: b, copies };
}

async function build(
  kind: 'bulk' | 'surf',
  paramFile: string,
  outDir: string,
  log: (l: string) => void,
): Promise<number> {
  const o = readConfigFile(paramFile);
  o.only(kind === 'bulk' ? COMMON : [...COMMON, 'millers', 'layer_numb', 'vacuum_max']);
  const elements = o.strs('elements', { minLength: 1, maxLength: 16 });
  const masses = o.nums('mass_map', { above: 0 }, { length: elements.length });
  const a = o.num('latt', { above: 0, max: 100 });
  const cOverA = o.num('c_over_a', { above: 0, max: 10 }, Math.sqrt(8 / 3));
  const base = dirname(resolve(paramFile));
  const labeler = makeLabeler(
    readFp(o, (p) => (isAbsolute(p) ? p : join(base, p)), elements.length),
    elements,
    masses,
  );
  const seed = o.int('seed', { min: 0 }, 1);
  const structures: { name: string; frame: Frame }[] = [];
  if (kind === 'bulk') {
    const cell = o.str('cell_type', undefined, LATTICES) as Lattice;
    const n = o.ints('super_cell', { min: 1, max: 50 }, { length: 3 }, [1, 1, 1]) as [number, number, number];
    structures.push({ name: cell, frame: supercell(unitCell(cell, a, cOverA), n) });
  } else {
    const cell = o.str('cell_type', undefined, ['fcc', 'hcp']) as 'fcc' | 'hcp';
    const ok: readonly string[] = SURFACES[cell];
    const millers = o.strs('millers', { minLength: 1 });
    millers.forEach((m, i) => {
      if (!ok.includes(m)) o.fail(`millers[${i}]`, `${cell} surfaces are ${ok.join(', ')}, got '${m}'`);
    });
    const layers = o.int('layer_numb', { min: 1, max: 200 });
    const vacuum = o.num('vacuum_max', { min: 0, max: 200 });
    const n = o.ints('super_cell', { min: 1, max: 50 }, { length: 2 }, [1, 1]) as [number, number];
    for (const m of millers)
      structures.push({
        name: `${cell}-${m}`,
        frame: slab({ lattice: cell, miller: m, a, cOverA, layers, cells: n, vacuum }),
      });
  }
  const v = readVariants(o, elements);
  o.done();
  const frames: Frame[] = [];
  structures.forEach((s, si) => {
    const dir = structures.length > 1 ? join(outDir, s.name) : outDir;
    const { base: b, copies } = variants(s.frame, v, seed + si);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'POSCAR'), poscarText(b, elements, s.name));
    writeFileSync(join(dir, 'conf.lmp'), lammpsDataText(b, masses, s.name));
    const count = new Map<number, number>();
    for (const c of copies) {
      const k = count.get(c.scale) ?? 0;
      count.set(c.scale, k + 1);
      const d = join(dir, '01.scale_pert', `scale-${c.scale.toFixed(3)}`, String(k).padStart(6, '0'));
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'POSCAR'), poscarText(c.frame, elements, `${s.name} scale ${c.scale}`));
      frames.push(c.frame);
    }
  });
  log(`${structures.map((s) => `${s.name} (${s.frame.natoms} atoms)`).join(', ')}: labelling ${frames.length} frames`);
  const lab = await labelFrames(frames, labeler, join(outDir, '02.label'), new LocalBackend(), { log });
  const good = lab.filter((l): l is Labeled => l !== null);
  const failed = lab.length - good.length;
  if (good.length === 0)
    throw new Error(`the labeler failed on every frame (see ${join(outDir, '02.label', 'task.000000', 'task.log')})`);
  const systems = writeLabeledData(join(outDir, 'data'), good, elements);
  log(
    `wrote ${good.length} labelled frames to ${systems.join(', ')}${failed ? `; ${failed} frame(s) failed to label and were left out` : ''}`,
  );
  return 0;
}

export const initBulk = (param: string, out: string, log: (l: string) => void) => build('bulk', param, out, log);
export const initSurf = (param: string, out: string, log: (l: string) => void) => build('surf', param, out, log);
