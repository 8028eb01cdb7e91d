import { appendFileSync, writeFileSync } from 'node:fs';
import { sprintf } from './format.js';
import { resolvePeratomRef } from './peratom_refs.js';
import type { PeriodicOutput, Simulation } from './simulation.js';

/** Per-atom dump columns: value of atom i, and whether it is an integer column. */
const FIELDS: Record<
  string,
  { int?: boolean; get(sim: Simulation, i: number, u: Float64Array, lam: Float64Array): number }
> = {
  id: { int: true, get: (s, i) => s.system.tag[i] },
  type: { int: true, get: (s, i) => s.system.type[i] },
  mass: { get: (s, i) => s.system.massOf(i) },
  x: { get: (s, i) => s.system.x[3 * i] },
  y: { get: (s, i) => s.system.x[3 * i + 1] },
  z: { get: (s, i) => s.system.x[3 * i + 2] },
  xs: {
    get: (s, i, _u, l) => {
      s.system.box.toLamda(s.system.x, 3 * i, l, 0);
      return l[0];
    },
  },
  ys: {
    get: (s, i, _u, l) => {
      s.system.box.toLamda(s.system.x, 3 * i, l, 0);
      return l[1];
    },
  },
  zs: {
    get: (s, i, _u, l) => {
      s.system.box.toLamda(s.system.x, 3 * i, l, 0);
      return l[2];
    },
  },
  xu: {
    get: (s, i, u) => {
      s.system.box.unwrap(s.system.x, s.system.image, i, u);
      return u[0];
    },
  },
  yu: {
    get: (s, i, u) => {
      s.system.box.unwrap(s.system.x, s.system.image, i, u);
      return u[1];
    },
  },
  zu: {
    get: (s, i, u) => {
      s.system.box.unwrap(s.system.x, s.system.image, i, u);
      return u[2];
    },
  },
  ix: { int: true, get: (s, i) => s.system.image[3 * i] },
  iy: { int: true, get: (s, i) => s.system.image[3 * i + 1] },
  iz: { int: true, get: (s, i) => s.system.image[3 * i + 2] },
  vx: { get: (s, i) => s.system.v[3 * i] },
  vy: { get: (s, i) => s.system.v[3 * i + 1] },
  vz: { get: (s, i) => s.system.v[3 * i + 2] },
  fx: { get: (s, i) => s.system.f[3 * i] },
  fy: { get: (s, i) => s.system.f[3 * i + 1] },
  fz: { get: (s, i) => s.system.f[3 * i + 2] },
  q: { get: (s, i) => s.system.q[i] },
  mol: { int: true, get: (s, i) => s.system.molecule[i] },
};

/** Per-atom compute and atom-style variable columns of dump custom: c_ID, c_ID[i], v_name. */
const PERATOM_FIELD = /^[cv]_[A-Za-z0-9_]+(\[\d+\])?$/;

/**
 * dump ID all atom|custom|xyz N file [fields] (LAMMPS Dump): text snapshots every N steps in
 * LAMMPS's layout (ITEM: headers, box bounds as %-1.16e, "%d"/"%g" columns by default), readable
 * by OVITO and ASE. dump_modify sort id|off, format line|int|float|N, element names for xyz.
 */
export class Dump implements PeriodicOutput {
  sortById = false;
  formatLine: string | null = null;
  formatInt = '%d';
  formatFloat = '%g';
  readonly formatColumn = new Map<number, string>();
  elements: string[] | null = null;
  /** dump_modify pbc yes: atoms remapped into the periodic box (and image flags to match) in the output. */
  pbc = false;
  /** dump_modify units yes: "ITEM: UNITS" once, before the first snapshot; time yes: "ITEM: TIME" in each. */
  units = false;
  time = false;
  private unitsWritten = false;
  private started = false;
  private lastStep = -1;
  /** c_ID columns may read per-atom energies (compute pe/atom): ask for energy on dump steps. */
  readonly needsEnergy: boolean;

  constructor(
    readonly id: string,
    readonly style: string,
    public every: number,
    readonly path: string,
    readonly fields: string[],
  ) {
    for (const f of fields)
      if (!FIELDS[f] && !PERATOM_FIELD.test(f))
        throw new Error(
          `Invalid attribute '${f}' in dump ${style} command (supported: ${Object.keys(FIELDS).join(' ')} c_ID c_ID[i] v_name)`,
        );
    this.needsEnergy = fields.some((f) => f.startsWith('c_'));
  }

  static create(id: string, style: string, every: number, path: string, extra: string[]): Dump {
    if (style === 'atom') {
      if (extra.length) throw new Error('Illegal dump atom command: no extra arguments');
      return new Dump(id, style, every, path, ['id', 'type', 'xs', 'ys', 'zs']);
    }
    if (style === 'xyz') return new Dump(id, style, every, path, ['type', 'x', 'y', 'z']);
    if (style === 'custom') {
      if (!extra.length) throw new Error('Illegal dump custom command: list the per-atom fields');
      return new Dump(id, style, every, path, extra);
    }
    throw new Error(`Unknown dump style '${style}' (supported: atom, custom, xyz)`);
  }

  modify(args: string[]): void {
    for (let k = 0; k < args.length; ) {
      const key = args[k];
      if (key === 'sort') {
        if (args[k + 1] === 'id') this.sortById = true;
        else if (args[k + 1] === 'off') this.sortById = false;
        else throw new Error(`dump_modify sort '${args[k + 1]}': only id and off are supported`);
        k += 2;
      } else if (key === 'format') {
        const what = args[k + 1];
        if (what === 'none') {
          this.formatLine = null;
          this.formatColumn.clear();
          this.formatInt = '%d';
          this.formatFloat = '%g';
          k += 2;
          continue;
        }
        const fmt = args[k + 2];
        if (fmt === undefined) throw new Error('Illegal dump_modify format: expected "format line|int|float|N FORMAT"');
        if (what === 'line') this.formatLine = fmt;
        else if (what === 'int') this.formatInt = fmt;
        else if (what === 'float') this.formatFloat = fmt;
        else if (/^\d+$/.test(what)) this.formatColumn.set(Number(what), fmt);
        else throw new Error(`Illegal dump_modify format '${what}'`);
        k += 3;
      } else if (key === 'element') {
        this.elements = args.slice(k + 1);
        k = args.length;
      } else if (key === 'every') {
        this.every = Number(args[k + 1]);
        if (!(Number.isInteger(this.every) && this.every > 0)) throw new Error('Illegal dump_modify every');
        k += 2;
      } else if (key === 'pbc' || key === 'units' || key === 'time') {
        const v = args[k + 1];
        if (v !== 'yes' && v !== 'no')
          throw new Error(`Illegal dump_modify ${key}: expected yes or no, got '${v ?? ''}'`);
        if (key !== 'pbc' && this.style === 'xyz' && v === 'yes')
          throw new Error(
            `dump_modify ${key} yes: dpmd writes no ${key} line in xyz dumps (atom and custom dumps have it)`,
          );
        this[key] = v === 'yes';
        k += 2;
      } else if (key === 'first' || key === 'flush') {
        k += 2;
      } else {
        throw new Error(`Illegal dump_modify keyword '${key}'`);
      }
    }
  }

  write(sim: Simulation): void {
    if (sim.step === this.lastStep) return;
    this.lastStep = sim.step;
    const s = sim.system;
    // pbc yes: LAMMPS remaps a copy of x and image (Domain::pbc) for the output only; here the
    // atoms are wrapped in place and put back after writing.
    let held: { x: Float64Array; image: Int32Array } | null = null;
    if (this.pbc) {
      held = { x: s.x.slice(0, 3 * s.n), image: s.image.slice(0, 3 * s.n) };
      s.box.wrapAll(s.x, s.image, s.n);
    }
    try {
      this.writeSnapshot(sim);
    } finally {
      if (held) {
        s.x.set(held.x);
        s.image.set(held.image);
      }
    }
  }

  private writeSnapshot(sim: Simulation): void {
    const s = sim.system;
    const order = Array.from({ length: s.n }, (_, i) => i);
    if (this.sortById) order.sort((a, b) => s.tag[a] - s.tag[b]);
    const u = new Float64Array(3),
      lam = new Float64Array(3);
    const lines: string[] = [];
    if (this.style === 'xyz') {
      lines.push(String(s.n), ` Atoms. Timestep: ${sim.step}`);
    } else {
      const b = s.box;
      const pb = b.periodic.map((p) => (p ? 'pp' : 'ff')).join(' ');
      const e = (v: number) => sprintf('%-1.16e', v);
      // LAMMPS DumpAtom/DumpCustom header_item: UNITS once, TIME ({:.16} = %.16g) every snapshot.
      if (this.units && !this.unitsWritten) {
        lines.push('ITEM: UNITS', s.units.name);
        this.unitsWritten = true;
      }
      if (this.time) lines.push('ITEM: TIME', sprintf('%.16g', sim.time));
      lines.push('ITEM: TIMESTEP', String(sim.step), 'ITEM: NUMBER OF ATOMS', String(s.n));
      if (b.triclinic) {
        // LAMMPS writes the bounding box of the tilted cell plus the tilts.
        const xlo = b.lo[0] + Math.min(0, b.xy, b.xz, b.xy + b.xz),
          xhi = b.hi[0] + Math.max(0, b.xy, b.xz, b.xy + b.xz);
        const ylo = b.lo[1] + Math.min(0, b.yz),
          yhi = b.hi[1] + Math.max(0, b.yz);
        lines.push(
          `ITEM: BOX BOUNDS xy xz yz ${pb}`,
          `${e(xlo)} ${e(xhi)} ${e(b.xy)}`,
          `${e(ylo)} ${e(yhi)} ${e(b.xz)}`,
          `${e(b.lo[2])} ${e(b.hi[2])} ${e(b.yz)}`,
        );
      } else {
        lines.push(
          `ITEM: BOX BOUNDS ${pb}`,
          `${e(b.lo[0])} ${e(b.hi[0])}`,
          `${e(b.lo[1])} ${e(b.hi[1])}`,
          `${e(b.lo[2])} ${e(b.hi[2])}`,
        );
      }
      lines.push(`ITEM: ATOMS ${this.fields.join(' ')}`);
    }
    // Per-atom computes and variables are resolved when written (they may be defined after the dump).
    const getters = this.fields.map((f) => {
      if ((f === 'q' && !s.atomStyle.charge) || (f === 'mol' && !s.atomStyle.molecule))
        throw new Error(`Dumping an atom property that isn't allocated: ${f} (atom style ${s.atomStyle.name})`);
      if (FIELDS[f]) return FIELDS[f];
      const values = resolvePeratomRef(sim, f, 'Dump custom')!.values(sim);
      return { int: false, get: (_s: Simulation, i: number) => values[i] };
    });
    const fmts = this.fields.map(
      (_, c) => this.formatColumn.get(c + 1) ?? (getters[c].int ? this.formatInt : this.formatFloat),
    );
    for (const i of order) {
      const vals = getters.map((g) => g.get(sim, i, u, lam));
      if (this.style === 'xyz') {
        const t = s.type[i];
        const name = this.elements?.[t - 1] ?? String(t);
        lines.push([name, ...vals.slice(1).map((v) => sprintf(this.formatFloat, v))].join(' '));
      } else if (this.formatLine) {
        lines.push(sprintf(this.formatLine, ...vals));
      } else {
        lines.push(vals.map((v, c) => sprintf(fmts[c], v)).join(' '));
      }
    }
    const text = `${lines.join('\n')}\n`;
    if (!this.started) {
      writeFileSync(this.path, text);
      this.started = true;
    } else appendFileSync(this.path, text);
  }
}
