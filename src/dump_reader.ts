import { readFileSync } from 'node:fs';

/**
 * Snapshots of a LAMMPS text dump file (dump atom/custom layout: ITEM: TIMESTEP, NUMBER OF ATOMS,
 * BOX BOUNDS with optional tilts, ATOMS with column names), for read_dump and rerun (LAMMPS
 * ReadDump, format native). The file is scanned once for the snapshots' steps; a snapshot's atoms
 * are parsed when it is read.
 */
export interface DumpSnapshot {
  step: number;
  natoms: number;
  /** lo/hi per dimension; tilts (xy, xz, yz) when the box is triclinic; bounds as written. */
  bounds: number[][];
  tilt: [number, number, number] | null;
  /** Column names of the ATOMS section. */
  columns: string[];
  /** Line index of the first atom line. */
  first: number;
}

export class DumpFile {
  readonly snapshots: DumpSnapshot[] = [];
  private readonly lines: string[];

  constructor(readonly path: string) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`Cannot open file ${path}`);
    }
    this.lines = text.split('\n');
    const L = this.lines;
    const fail = (k: number, msg: string): never => {
      throw new Error(`${path}:${k + 1}: ${msg}`);
    };
    for (let k = 0; k < L.length; ) {
      if (L[k].trim() === '') {
        k++;
        continue;
      }
      if (L[k].trim() !== 'ITEM: TIMESTEP')
        fail(k, `expected 'ITEM: TIMESTEP', got '${L[k]}' (not a LAMMPS text dump?)`);
      const step = Number(L[k + 1]);
      if (!Number.isInteger(step)) fail(k + 1, `bad timestep '${L[k + 1]}'`);
      if (L[k + 2]?.trim() !== 'ITEM: NUMBER OF ATOMS') fail(k + 2, "expected 'ITEM: NUMBER OF ATOMS'");
      const natoms = Number(L[k + 3]);
      if (!(Number.isInteger(natoms) && natoms >= 0)) fail(k + 3, `bad atom count '${L[k + 3]}'`);
      const bb = L[k + 4] ?? '';
      if (!bb.startsWith('ITEM: BOX BOUNDS')) fail(k + 4, "expected 'ITEM: BOX BOUNDS'");
      const triclinic = /\bxy xz yz\b/.test(bb);
      const bounds: number[][] = [];
      const tilts: number[] = [];
      for (let d = 0; d < 3; d++) {
        const w = (L[k + 5 + d] ?? '').trim().split(/\s+/).map(Number);
        if (w.length < (triclinic ? 3 : 2) || w.some((v) => !Number.isFinite(v)))
          fail(k + 5 + d, 'bad box bounds line');
        bounds.push([w[0], w[1]]);
        if (triclinic) tilts.push(w[2]);
      }
      const at = L[k + 8] ?? '';
      if (!at.startsWith('ITEM: ATOMS')) fail(k + 8, "expected 'ITEM: ATOMS ...'");
      const columns = at.slice('ITEM: ATOMS'.length).trim().split(/\s+/);
      this.snapshots.push({
        step,
        natoms,
        bounds,
        tilt: triclinic ? [tilts[0], tilts[1], tilts[2]] : null,
        columns,
        first: k + 9,
      });
      k += 9 + natoms;
      if (k > L.length) fail(L.length - 1, `snapshot at step ${step} is truncated`);
    }
  }

  /** The snapshot at a step, or null. */
  find(step: number): DumpSnapshot | null {
    return this.snapshots.find((s) => s.step === step) ?? null;
  }

  /** Atom lines of a snapshot as numbers, row-major natoms x columns. */
  values(snap: DumpSnapshot): Float64Array {
    const nc = snap.columns.length;
    const out = new Float64Array(snap.natoms * nc);
    for (let i = 0; i < snap.natoms; i++) {
      const w = this.lines[snap.first + i].trim().split(/\s+/);
      if (w.length < nc) throw new Error(`${this.path}:${snap.first + i + 1}: expected ${nc} columns, got ${w.length}`);
      for (let c = 0; c < nc; c++) {
        const v = Number(w[c]);
        if (!Number.isFinite(v)) throw new Error(`${this.path}:${snap.first + i + 1}: bad number '${w[c]}'`);
        out[i * nc + c] = v;
      }
    }
    return out;
  }
}
