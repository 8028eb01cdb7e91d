/**
 * The molecular RiD sampler (`sampler: "md"`): every walker and every restrained run is a `dpmd run`
 * child process (dist/src/cli.js) of a deck written by md_decks.ts, `parallel` of them at a time (both
 * cores by default), in rid-kit's task layout under WORK (the run's `--out DIR/md`):
 *
 *   explore.<seed>/walker.NNN/   in.deck, plumed.dat, models.json (DEEPFE's ensemble), COLVAR (phi, psi
 *                                every output_freq steps), traj.dump (positions, same steps), final.data
 *   label.<seed>/centre.NNN/     in.deck, plumed.dat (RESTRAINT per CV at the centre), start.data, COLVAR
 *
 * Exploration: biased MD (fix langevin at T, fix plumed with DEEPFE when there is a model) from each
 * walker's state, a data file written by the previous exploration (`write_data`, velocities included);
 * iteration 0 starts every walker from the system's data file with its own velocities. Labelling: each
 * restrained run starts from the explored frame nearest its centre (rid-kit's conformations), with fresh
 * velocities; its mean force is κ(⟨s⟩ − s₀) over the tail of COLVAR (colvar_mean_force.ts).
 *
 * Resumable: a task that finished leaves `done` in its folder and is not rerun; the task folders are
 * named by the stage seed, which the loop derives from the run seed, iteration and stage.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MdSystemConfig } from './config.js';
import { colvarMeanForce, readColvar } from './colvar_mean_force.js';
import { readDumpFrames, withPositions } from './frame_data.js';
import { explorePlumed, mdDeck, restrainedPlumed, type TorsionCv } from './md_decks.js';
import type { CvBias, ExploreResult, MeanForceResult, Sampler, WalkerState } from './sampler.js';
import { taskSeed } from './sampler.js';
import { wrapAngle } from './torus_potential.js';

export interface MdSamplerSettings {
  system: MdSystemConfig;
  /** K. */
  temperature: number;
  /** Time steps of exploration and labelling (ps, as rid.json gives them; the decks use fs). */
  exploreDt: number;
  labelDt: number;
  /** Folder of the task folders. */
  work: string;
}

/** The CLI the tasks run: the compiled one next to this module, or dist/ when running from sources. */
function cliPath(): string {
  const here = fileURLToPath(import.meta.url);
  const p = here.endsWith('.js') ? resolve(here, '../../cli.js') : resolve(here, '../../../dist/src/cli.js');
  if (!existsSync(p)) throw new Error(`md sampler: ${p} is missing (run npm run build)`);
  return p;
}

/** A LAMMPS seed (1..899999998) from a task seed. */
const lammpsSeed = (s: number) => (s % 899999998) + 1;

interface Task {
  dir: string;
  deck: string;
}

export class MdSampler implements Sampler {
  readonly d: number;
  readonly periodic: readonly boolean[];
  readonly cvNames: readonly string[];
  private readonly cvs: TorsionCv[];
  private readonly cli = cliPath();
  private readonly settingsText: string;
  private readonly postDataText: string;
  private running = new Set<ReturnType<typeof spawn>>();

  constructor(
    readonly settings: MdSamplerSettings,
    private readonly log: (msg: string) => void = () => {},
  ) {
    const sys = settings.system;
    this.d = sys.torsions.length;
    this.periodic = sys.torsions.map(() => true);
    this.cvNames = sys.cvNames;
    this.cvs = sys.torsions.map((atoms, k) => ({ name: sys.cvNames[k], atoms }));
    this.settingsText = sys.settings.join('\n');
    this.postDataText = sys.postData.join('\n');
    mkdirSync(settings.work, { recursive: true });
  }

  initialStates(nwalkers: number, _seed: number): WalkerState[] {
    return Array.from({ length: nwalkers }, () => null);
  }

  async biasedMD(
    states: WalkerState[],
    bias: CvBias | null,
    steps: number,
    outputFreq: number,
    seed: number,
  ): Promise<ExploreResult> {
    if (bias && !bias.model) throw new Error('md sampler: the bias has no model file form (DEEPFE needs one)');
    const root = join(this.settings.work, `explore.${seed}`);
    const tasks: Task[] = states.map((st, k) => {
      const dir = join(root, `walker.${String(k).padStart(3, '0')}`);
      mkdirSync(dir, { recursive: true });
      if (bias?.model) writeFileSync(join(dir, 'models.json'), JSON.stringify({ ensemble: bias.model.ensemble }));
      writeFileSync(
        join(dir, 'plumed.dat'),
        explorePlumed({
          cvs: this.cvs,
          model: bias?.model ? 'models.json' : null,
          trustLvl1: bias?.model?.trustLvl1 ?? 0,
          trustLvl2: bias?.model?.trustLvl2 ?? 1,
          stride: outputFreq,
          colvar: 'COLVAR',
        }),
      );
      const fresh = st === null;
      const data = fresh ? this.settings.system.data : resolve(this.settings.work, String(st));
      const deck = mdDeck({
        settings: this.settingsText,
        data,
        postData: this.postDataText,
        temperature: this.settings.temperature,
        tdamp: this.settings.system.tdamp,
        dt: this.settings.exploreDt * 1000,
        nsteps: steps,
        seed: lammpsSeed(taskSeed(seed, k)),
        newVelocities: fresh,
        plumed: 'plumed.dat',
        plumedLog: 'plumed.log',
        dump: 'traj.dump',
        dumpEvery: outputFreq,
        writeData: 'final.data',
      });
      return { dir, deck };
    });
    await this.runAll(tasks);
    const d = this.d;
    const cols = tasks.map((t) =>
      readColvar(readFileSync(join(t.dir, 'COLVAR'), 'utf8'), this.cvNames, join(t.dir, 'COLVAR')),
    );
    const nframes = Math.min(...cols.map((c) => c.nframes));
    const nw = tasks.length;
    const traj = new Float64Array(nframes * nw * d);
    for (let f = 0; f < nframes; f++)
      for (let w = 0; w < nw; w++) for (let k = 0; k < d; k++) traj[(f * nw + w) * d + k] = cols[w].s[f * d + k];
    return {
      traj,
      nframes,
      states: tasks.map((t) => relative(this.settings.work, join(t.dir, 'final.data'))),
    };
  }

  async meanForces(
    centres: Float64Array,
    n: number,
    kappas: readonly number[],
    steps: number,
    tail: number,
    seed: number,
  ): Promise<MeanForceResult> {
    const d = this.d;
    const force = new Float64Array(n * d),
      error = new Float64Array(n * d);
    if (n === 0) return { force, error };
    const frames = this.exploredFrames();
    if (frames.length === 0) throw new Error(`md sampler: no explored frames under ${this.settings.work}`);
    const baseData = readFileSync(this.settings.system.data, 'utf8');
    const root = join(this.settings.work, `label.${seed}`);
    const stride = this.settings.system.labelStride;
    const tasks: Task[] = [];
    for (let i = 0; i < n; i++) {
      const c = Array.from(centres.subarray(i * d, (i + 1) * d));
      const dir = join(root, `centre.${String(i).padStart(3, '0')}`);
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, 'done'))) {
        writeFileSync(join(dir, 'start.data'), withPositions(baseData, this.nearestFrame(frames, c)));
        writeFileSync(
          join(dir, 'plumed.dat'),
          restrainedPlumed({ cvs: this.cvs, at: c, kappas, stride, colvar: 'COLVAR' }),
        );
      }
      const deck = mdDeck({
        settings: this.settingsText,
        data: 'start.data',
        postData: this.postDataText,
        temperature: this.settings.temperature,
        tdamp: this.settings.system.tdamp,
        dt: this.settings.labelDt * 1000,
        nsteps: steps,
        seed: lammpsSeed(taskSeed(seed, i)),
        newVelocities: true,
        plumed: 'plumed.dat',
        plumedLog: 'plumed.log',
        dump: null,
        dumpEvery: 1,
        writeData: null,
      });
      tasks.push({ dir, deck });
    }
    await this.runAll(tasks);
    tasks.forEach((t, i) => {
      const file = join(t.dir, 'COLVAR');
      const col = readColvar(readFileSync(file, 'utf8'), this.cvNames, file);
      const c = Array.from(centres.subarray(i * d, (i + 1) * d));
      const r = colvarMeanForce(col.s, col.nframes, c, kappas, this.periodic, tail);
      for (let k = 0; k < d; k++) {
        force[i * d + k] = r.force[k];
        error[i * d + k] = r.error[k];
      }
    });
    return { force, error };
  }

  close(): void {
    for (const c of this.running) c.kill('SIGKILL');
    this.running.clear();
  }

  /** Every explored frame so far: CVs and the matching dump positions, walker by walker. */
  private exploredFrames(): { s: Float64Array; dir: string; nframes: number }[] {
    const out: { s: Float64Array; dir: string; nframes: number }[] = [];
    const work = this.settings.work;
    for (const e of readdirSync(work).sort()) {
      if (!e.startsWith('explore.')) continue;
      for (const w of readdirSync(join(work, e)).sort()) {
        const dir = join(work, e, w);
        if (!existsSync(join(dir, 'done'))) continue;
        const col = readColvar(readFileSync(join(dir, 'COLVAR'), 'utf8'), this.cvNames, join(dir, 'COLVAR'));
        out.push({ s: col.s, dir, nframes: col.nframes });
      }
    }
    return out;
  }

  /** Positions of the explored frame whose CVs are nearest c (periodic distance). */
  private nearestFrame(frames: { s: Float64Array; dir: string; nframes: number }[], c: number[]): Float64Array {
    const d = this.d;
    let best = Infinity,
      bw = 0,
      bf = 0;
    frames.forEach((w, wi) => {
      for (let f = 0; f < w.nframes; f++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const x = wrapAngle(w.s[f * d + k] - c[k]);
          r2 += x * x;
        }
        if (r2 < best) {
          best = r2;
          bw = wi;
          bf = f;
        }
      }
    });
    const file = join(frames[bw].dir, 'traj.dump');
    const dump = readDumpFrames(readFileSync(file, 'utf8'), file);
    if (bf >= dump.length) throw new Error(`md sampler: ${file} has ${dump.length} frames, COLVAR more`);
    return dump[bf];
  }

  /** Run the tasks' decks, `parallel` at a time; tasks with `done` are skipped. */
  private async runAll(tasks: Task[]): Promise<void> {
    const todo = tasks.filter((t) => !existsSync(join(t.dir, 'done')));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const t = todo[next++];
        writeFileSync(join(t.dir, 'in.deck'), t.deck);
        await this.runOne(t.dir);
        writeFileSync(join(t.dir, 'done'), '');
      }
    };
    const k = Math.min(this.settings.system.parallel, todo.length);
    if (todo.length > 0) this.log(`md sampler: ${todo.length} dpmd run task(s), ${k} at a time`);
    await Promise.all(Array.from({ length: k }, worker));
  }

  private runOne(dir: string): Promise<void> {
    return new Promise((ok, fail) => {
      const c = spawn(process.execPath, [this.cli, 'run', 'in.deck', '-log', 'log.lammps', '-screen', 'none'], {
        cwd: dir,
        env: { ...process.env, DPMD_THREADS: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      this.running.add(c);
      let err = '';
      c.stderr?.on('data', (b: Buffer) => {
        err = (err + b.toString()).slice(-2000);
      });
      c.on('error', fail);
      c.on('close', (code) => {
        this.running.delete(c);
        if (code === 0) ok();
        else fail(new Error(`md sampler: dpmd run in ${dir} exited with ${code}: ${err.trim() || 'see log.lammps'}`));
      });
    });
  }
}
