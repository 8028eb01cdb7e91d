/**
 * The evaluator behind `measureProperties`: a potential given as LAMMPS pair lines, run by dpmd-ts's
 * own engine in-process. A structure (a Frame) becomes a Simulation through the deck interpreter
 * (`read_data` of the frame written as a data file, then the user's `pair_style`/`pair_coeff`), so the
 * potential is set up exactly as `dpmd run` would; later frames with the same atoms (same count,
 * types and cell shape class) reuse that Simulation with the new cell and coordinates, which keeps a
 * lattice scan from re-reading the potential file at every point.
 *
 * Units: metal (Å, eV). The virial is LAMMPS's W_ab = Σ r_a f_b (eV), the static pressure tensor
 * P_ab = W_ab / V (eV/Å³) and the stress σ_ab = −P_ab.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { registerAll } from '../commands/index.js';
import { Deck, DeckError } from '../deck.js';
import { Output } from '../output.js';
import { Simulation } from '../simulation.js';
import { MIN_STYLES } from '../styles.js';
import { runMinimize } from '../../integrators/minimize.js';
import { lammpsDataText, type Frame } from './structure.js';

/** A potential as a LAMMPS deck names it. */
export interface PotentialSpec {
  /** Everything after `pair_style` (e.g. `eam/fs`, `deepmd model.yaml`). */
  pairStyle: string;
  /** Everything after `pair_coeff`, one entry per line (e.g. `* * AlMg.eam.fs Al Mg`). */
  pairCoeff: string[];
  /** Directory that relative file names in the pair lines are resolved against (default: process.cwd()). */
  dir?: string;
}

/** Energy (eV), virial W (xx yy zz xy xz yz, eV) and the largest force component (eV/Å) of one frame. */
export interface Evaluation {
  energy: number;
  virial: Float64Array;
  fmax: number;
  volume: number;
}

/** Settings of an atom relaxation at fixed cell (LAMMPS `min_style cg` + `minimize etol ftol maxiter maxeval`). */
export interface RelaxSettings {
  etol: number;
  ftol: number;
  maxiter: number;
  maxeval: number;
}

/** Default masses (g/mol) by element name; only `read_data` needs them (minimisers do not). */
const MASSES: Record<string, number> = { Al: 26.9815385, Mg: 24.305, O: 15.999, H: 1.008, Cu: 63.546, Ni: 58.6934 };

export class PropertyEngine {
  private sim: Simulation | null = null;
  private key = '';
  private readonly scratch = mkdtempSync(join(tmpdir(), 'dpmd-props-'));
  readonly masses: number[];
  /** Force evaluations so far (for reports). */
  evaluations = 0;

  /** typeMap: element names of LAMMPS types 1..n; masses default to the element's (1 when unknown). */
  constructor(
    readonly potential: PotentialSpec,
    readonly typeMap: string[],
    masses?: number[],
  ) {
    this.masses = masses ?? typeMap.map((e) => MASSES[e] ?? 1);
  }

  /** Remove the scratch directory and stop the simulation's worker threads. */
  dispose(): void {
    this.sim?.dispose();
    this.sim = null;
    rmSync(this.scratch, { recursive: true, force: true });
  }

  /** The pair style's cutoff (Å), after the potential has been set up on some frame. */
  cutoff(): number {
    if (!this.sim?.pair) throw new Error('properties: cutoff() before the first evaluation');
    return this.sim.pair.cutoff();
  }

  /** Energy, virial and forces of a frame at its geometry (LAMMPS `run 0`). */
  evaluate(frame: Frame): Evaluation {
    const sim = this.load(frame);
    sim.neighbor.build(sim.system);
    sim.computeForces(true);
    this.evaluations++;
    return this.result(sim);
  }

  /**
   * Relax the atoms of a frame at fixed cell with dpmd's `minimize` (min_style cg, LAMMPS's
   * defaults otherwise); returns the evaluation at the minimum and the relaxed frame.
   */
  relax(frame: Frame, s: RelaxSettings): { evaluation: Evaluation; frame: Frame; stopReason: string } {
    const sim = this.load(frame);
    sim.minStyle = MIN_STYLES.get('cg')();
    const r = runMinimize(sim, s);
    this.evaluations += r.evaluations;
    const sys = sim.system;
    const relaxed: Frame = {
      natoms: frame.natoms,
      types: frame.types.slice(),
      coord: new Float64Array(3 * sys.n),
      box: frame.box.slice(),
    };
    for (let i = 0; i < sys.n; i++) {
      const k = sys.tag[i] - 1;
      for (let d = 0; d < 3; d++) relaxed.coord[3 * k + d] = sys.x[3 * i + d];
    }
    sim.neighbor.build(sim.system);
    sim.computeForces(true);
    return { evaluation: this.result(sim), frame: relaxed, stopReason: r.stopReason };
  }

  private result(sim: Simulation): Evaluation {
    const s = sim.system;
    let fmax = 0;
    for (let k = 0; k < 3 * s.n; k++) fmax = Math.max(fmax, Math.abs(s.f[k]));
    if (!Number.isFinite(sim.pe)) throw new Error(`properties: pair ${this.potential.pairStyle} gave energy ${sim.pe}`);
    return { energy: sim.pe, virial: sim.virial.slice(), fmax, volume: s.box.volume() };
  }

  /**
   * A Simulation holding this frame: the cached one with the cell and coordinates replaced when
   * the atoms match, else a new one set up through the deck interpreter.
   */
  private load(frame: Frame): Simulation {
    const b = frame.box;
    if (Math.abs(b[1]) > 0 || Math.abs(b[2]) > 0 || Math.abs(b[5]) > 0)
      throw new Error('properties: cell is not in LAMMPS form (a along x, b in the xy plane)');
    const triclinic = b[3] !== 0 || b[6] !== 0 || b[7] !== 0;
    const key = `${frame.natoms}:${triclinic}:${Array.from(frame.types).join(',')}`;
    if (this.sim && key === this.key) {
      const sim = this.sim;
      const box = sim.system.box;
      box.lo.fill(0);
      box.hi.set([b[0], b[4], b[8]]);
      box.xy = b[3];
      box.xz = b[6];
      box.yz = b[7];
      box.update();
      this.setCoordinates(sim, frame);
      return sim;
    }
    this.sim?.dispose();
    this.sim = null;
    registerAll();
    const sim = new Simulation(new Output({ screen: false }));
    sim.threads = 1;
    const data = join(this.scratch, 'conf.lmp');
    writeFileSync(data, lammpsDataText(frame, this.masses, 'dpmd properties'));
    const deck = new Deck(sim);
    deck.cwd = this.potential.dir ?? process.cwd();
    deck.dir = deck.cwd;
    const abs = (line: string) => resolveFileWords(line, deck.cwd);
    try {
      deck.runText(
        [
          'units metal',
          'boundary p p p',
          'atom_style atomic',
          'atom_modify map array sort 0 0.0',
          `read_data ${data}`,
          `pair_style ${abs(this.potential.pairStyle)}`,
          ...this.potential.pairCoeff.map((c) => `pair_coeff ${abs(c)}`),
          'thermo_style custom step pe press',
        ].join('\n'),
        'properties setup',
      );
    } catch (e) {
      // One message naming the pair line, not the deck's own ERROR prefix and scratch-file location.
      if (e instanceof DeckError) throw new Error(`properties: ${e.reason} (${e.command})`);
      throw e;
    }
    // read_data wrote the coordinates at 16 significant digits: put the frame's exact values back.
    this.setCoordinates(sim, frame);
    sim.setup();
    this.sim = sim;
    this.key = key;
    return sim;
  }

  private setCoordinates(sim: Simulation, frame: Frame): void {
    const s = sim.system;
    if (s.n !== frame.natoms) throw new Error(`properties: ${s.n} atoms read back, ${frame.natoms} written`);
    for (let i = 0; i < s.n; i++) {
      const k = s.tag[i] - 1;
      for (let d = 0; d < 3; d++) {
        s.x[3 * i + d] = frame.coord[3 * k + d];
        s.image[3 * i + d] = 0;
      }
    }
  }
}

/**
 * A pair line with its relative file names made absolute against dir: a word is taken for a file
 * when dir/word exists (pair styles resolve names against different directories, deepmd against
 * the process's, eam against the deck's; this makes both follow the potential's `dir`).
 */
export function resolveFileWords(line: string, dir: string): string {
  return line
    .trim()
    .split(/\s+/)
    .map((w) => (w && !isAbsolute(w) && existsSync(resolve(dir, w)) && !/^[*\d]/.test(w) ? resolve(dir, w) : w))
    .join(' ');
}

/** Static pressure tensor P_ab = W_ab / V (eV/Å³; xx yy zz xy xz yz). */
export function pressureTensor(e: Evaluation): Float64Array {
  return e.virial.map((w) => w / e.volume);
}

/** 1 eV/Å³ in GPa (1.602176634e-19 J / 1e-30 m³ = 1.602176634e11 Pa). */
export const EV_PER_A3_IN_GPA = 160.2176634;
/** 1 eV/Å² in J/m². */
export const EV_PER_A2_IN_J_PER_M2 = 16.02176634;
