/**
 * DeePMD-kit training data: deepmd/npy systems (type.raw, type_map.raw, set.NNN/{coord,box,energy,force,
 * virial}.npy, float32 or float64, C order) and deepmd/raw systems (coord.raw, box.raw, energy.raw,
 * force.raw, virial.raw: one frame per line), `nopbc` for open boundaries. A directory without
 * type.raw is searched recursively for systems (DeePMD-kit's expand_sys_str). Every inconsistency
 * stops with the path and the mismatch. Units as DeePMD-kit: Å, eV, eV/Å, eV.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../npy.js';

export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

export interface LabeledSystem {
  path: string;
  natoms: number;
  nframes: number;
  /** natoms model type indices. */
  types: Int32Array;
  /** nframes x natoms x 3. */
  coord: Float64Array;
  /** nframes x 9, or null (nopbc). */
  box: Float64Array | null;
  energy: Float64Array | null;
  force: Float64Array | null;
  virial: Float64Array | null;
}

function readRawText(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l, i) =>
      l.split(/\s+/).map((t) => {
        const v = Number(t);
        if (!Number.isFinite(v)) throw new DataError(`${path}: line ${i + 1}: '${t}' is not a number`);
        return v;
      }),
    );
}

/** Directories holding a system (type.raw), path itself or found below it. */
export function expandSystems(path: string): string[] {
  if (!existsSync(path)) throw new DataError(`${path}: data system not found`);
  if (existsSync(join(path, 'type.raw'))) return [path];
  if (!statSync(path).isDirectory()) throw new DataError(`${path}: not a directory`);
  const out: string[] = [];
  for (const e of readdirSync(path).sort()) {
    const p = join(path, e);
    if (statSync(p).isDirectory()) out.push(...(existsSync(join(p, 'type.raw')) ? [p] : expandSystems(p)));
  }
  if (out.length === 0) throw new DataError(`${path}: no data system (directory with type.raw) found`);
  return out;
}

/**
 * Load one system. typeMap: the model's type names; system types are mapped through the system's
 * type_map.raw when present (else taken as model indices).
 */
export function loadSystem(path: string, typeMap: string[]): LabeledSystem {
  const typeFile = join(path, 'type.raw');
  if (!existsSync(typeFile)) throw new DataError(`${path}: missing type.raw`);
  const rawTypes = readFileSync(typeFile, 'utf8')
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => {
      const v = Number(t);
      if (!Number.isInteger(v) || v < 0) throw new DataError(`${typeFile}: '${t}' is not a non-negative integer type`);
      return v;
    });
  const natoms = rawTypes.length;
  if (natoms === 0) throw new DataError(`${typeFile}: no atoms`);
  const tmFile = join(path, 'type_map.raw');
  let sysMap: string[] | null = null;
  if (existsSync(tmFile))
    sysMap = readFileSync(tmFile, 'utf8')
      .split(/\s+/)
      .filter((t) => t.length > 0);
  const types = Int32Array.from(rawTypes, (t) => {
    if (sysMap) {
      if (t >= sysMap.length) throw new DataError(`${typeFile}: type ${t} but ${tmFile} lists ${sysMap.length} names`);
      const k = typeMap.indexOf(sysMap[t]);
      if (k < 0)
        throw new DataError(`${tmFile}: element '${sysMap[t]}' is not in the model's type_map [${typeMap.join(', ')}]`);
      return k;
    }
    if (t >= typeMap.length)
      throw new DataError(`${typeFile}: type ${t} but the model's type_map has ${typeMap.length} types`);
    return t;
  });
  const nopbc = existsSync(join(path, 'nopbc'));
  const sets = readdirSync(path)
    .filter((e) => e.startsWith('set.') && statSync(join(path, e)).isDirectory())
    .sort();
  const parts: Record<string, Float64Array[]> = { coord: [], box: [], energy: [], force: [], virial: [] };
  const width: Record<string, number> = { coord: 3 * natoms, box: 9, energy: 1, force: 3 * natoms, virial: 9 };
  let nframes = 0;
  const present: Record<string, boolean> = {};
  const take = (key: string, file: string, data: Float64Array, shape: number[], nf: number | null): number => {
    const w = width[key];
    if (data.length % w !== 0)
      throw new DataError(
        `${file}: ${data.length} values (shape [${shape}]) is not a multiple of ${w} (${key} for ${natoms} atoms)`,
      );
    const n = data.length / w;
    if (nf !== null && n !== nf) throw new DataError(`${file}: ${n} frames, but coord has ${nf}`);
    for (let k = 0; k < data.length; k++)
      if (!Number.isFinite(data[k])) throw new DataError(`${file}: non-finite value at index ${k}`);
    parts[key].push(data);
    return n;
  };
  if (sets.length > 0) {
    const keys = ['coord', 'box', 'energy', 'force', 'virial'];
    for (const s of sets) {
      const dir = join(path, s);
      const cf = join(dir, 'coord.npy');
      if (!existsSync(cf)) throw new DataError(`${dir}: missing coord.npy`);
      const c = readNpy(cf);
      const nf = take('coord', cf, c.data, c.shape, null);
      for (const k of keys.slice(1)) {
        const f = join(dir, `${k}.npy`);
        const has = existsSync(f);
        if (k === 'box' && !has && !nopbc)
          throw new DataError(`${dir}: missing box.npy (add a 'nopbc' file to ${path} for open boundaries)`);
        if (present[k] === undefined) present[k] = has;
        else if (present[k] !== has) throw new DataError(`${f}: present in some sets but not in others`);
        if (has) {
          const a = readNpy(f);
          take(k, f, a.data, a.shape, nf);
        }
      }
      nframes += nf;
    }
  } else if (existsSync(join(path, 'coord.raw'))) {
    const flat = (rows: number[][]) => Float64Array.from(rows.flat());
    const cf = join(path, 'coord.raw');
    const c = readRawText(cf);
    nframes = take('coord', cf, flat(c), [c.length], null);
    if (c.some((r) => r.length !== 3 * natoms))
      throw new DataError(`${cf}: every line needs ${3 * natoms} numbers (${natoms} atoms in type.raw)`);
    for (const k of ['box', 'energy', 'force', 'virial']) {
      const f = join(path, `${k}.raw`);
      present[k] = existsSync(f);
      if (k === 'box' && !present[k] && !nopbc)
        throw new DataError(`${path}: missing box.raw (add a 'nopbc' file for open boundaries)`);
      if (present[k]) {
        const r = readRawText(f);
        take(k, f, flat(r), [r.length], nframes);
      }
    }
  } else {
    throw new DataError(`${path}: no set.* directories and no coord.raw`);
  }
  if (nframes === 0) throw new DataError(`${path}: no frames (coord has 0 rows)`);
  const cat = (k: string): Float64Array | null => {
    if (!present[k] && k !== 'coord') return null;
    const out = new Float64Array(nframes * width[k]);
    let o = 0;
    for (const a of parts[k]) {
      out.set(a, o);
      o += a.length;
    }
    return out;
  };
  return {
    path,
    natoms,
    nframes,
    types,
    coord: cat('coord')!,
    box: nopbc ? null : cat('box'),
    energy: cat('energy'),
    force: cat('force'),
    virial: cat('virial'),
  };
}
