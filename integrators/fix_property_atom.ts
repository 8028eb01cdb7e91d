import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';

/**
 * fix ID group property/atom i_name|d_name ... [ghost yes|no] (LAMMPS FixPropertyAtom): custom
 * per-atom integer (i_) or floating-point (d_) values, 0 for every atom until something sets them
 * (`fix balance ... weight store`, `set`). They belong to the atom, not to its slot: values are
 * kept by atom ID, so spatial sorts and deleted atoms leave them with their atoms.
 * `compute property/atom i_name d_name` reads them. mol, q and rmass (per-atom attributes the atom
 * style lacks) are refused by name; ghost is accepted (one process: ghosts read their owner's).
 */
export class FixPropertyAtom implements Fix {
  readonly style = 'property/atom';
  /** Values by atom ID (index = tag), grown on demand; integer vectors hold whole numbers. */
  private readonly byTag = new Map<string, Float64Array>();

  constructor(
    readonly id: string,
    readonly names: readonly string[],
  ) {
    for (const n of names) this.byTag.set(n, new Float64Array(0));
  }

  /** The fix holds the custom vector `name` (with its i_/d_ prefix). */
  has(name: string): boolean {
    return this.byTag.has(name);
  }

  /** Value of custom vector `name` for the atom with ID `tag` (0 until set). */
  get(name: string, tag: number): number {
    const a = this.byTag.get(name)!;
    return tag < a.length ? a[tag] : 0.0;
  }

  /** Set it (an i_ vector keeps the integer part, as LAMMPS stores it in an int). */
  set(name: string, tag: number, value: number): void {
    let a = this.byTag.get(name)!;
    if (tag >= a.length) {
      const grown = new Float64Array(Math.max(tag + 1, 2 * a.length));
      grown.set(a);
      a = grown;
      this.byTag.set(name, a);
    }
    a[tag] = name.startsWith('i_') ? Math.trunc(value) : value;
  }

  /**
   * One line of its read_data section (`read_data file fix ID NULL Section`, LAMMPS
   * FixPropertyAtom::read_data_section): the values after the atom ID, one per vector in order.
   */
  readDataLine(tag: number, values: readonly string[]): void {
    if (values.length !== this.names.length)
      throw new Error(
        `Incorrect format in fix property/atom ${this.id} section: expected atom-ID and ${this.names.length} value(s), got ${values.length + 1} words`,
      );
    this.names.forEach((name, k) => {
      const w = values[k];
      const v = Number(w);
      const ok = name.startsWith('i_') ? /^[-+]?\d+$/.test(w) : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(w);
      if (!ok || !Number.isFinite(v))
        throw new Error(
          `Expected ${name.startsWith('i_') ? 'an integer' : 'a floating-point number'} for ${name}, got '${w}'`,
        );
      this.set(name, tag, v);
    });
  }
}

/** The fix property/atom of the simulation that holds custom vector `name` (i_x / d_x), or null. */
export function findCustomProperty(sim: Simulation, name: string): FixPropertyAtom | null {
  for (const f of sim.fixes) if (f instanceof FixPropertyAtom && f.has(name)) return f;
  return null;
}

export function createFixPropertyAtom(id: string, _group: string, args: string[], sim: Simulation): Fix {
  const a = new Args('fix property/atom', args);
  a.need(1, 'name ...');
  const names: string[] = [];
  while (a.more()) {
    const w = a.word('name');
    if (w === 'ghost') {
      a.bool('ghost');
      continue;
    }
    if (w === 'mol' || w === 'q' || w === 'rmass')
      a.fail(`'${w}' (a per-atom attribute the atom style lacks) is not supported yet (supported: i_name d_name)`);
    if (!/^[id]_[A-Za-z0-9_]+$/.test(w)) a.fail(`Illegal name '${w}' (expected i_name or d_name)`);
    if (names.includes(w) || findCustomProperty(sim, w))
      a.fail(`Fix property/atom vector name ${w.slice(2)} already exists`);
    names.push(w);
  }
  return new FixPropertyAtom(id, names);
}
