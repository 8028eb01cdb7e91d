import { appendFileSync, writeFileSync } from 'node:fs';
import { Args } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { FilePaths, Fix } from './fix.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group print N string [file f | append f] [screen yes|no] [title t] (LAMMPS FixPrint): at
 * the end of every step that is a multiple of N (and at the setup of a run), the string, with its
 * ${name}, $x and $(formula) references substituted then, is printed to the screen and log and/or
 * written as a line of the file (after the title line, default "# Fix print output for fix ID").
 */
export class FixPrint implements Fix {
  readonly style = 'print';

  constructor(
    readonly id: string,
    private readonly nevery: number,
    private readonly text: string,
    private readonly substitute: (text: string) => string,
    private readonly screen: boolean,
    private readonly file: string | null,
  ) {}

  /** Its text may read pe or press: energies are tallied on print steps (LAMMPS addstep_compute). */
  needsEnergyOn(step: number): boolean {
    return step % this.nevery === 0;
  }

  /** LAMMPS 29 Sep 2021 prints at the setup of each run too. */
  setup(sim: Simulation): void {
    this.endOfStep(sim);
  }

  endOfStep(sim: Simulation): void {
    if (sim.step % this.nevery !== 0) return;
    const line = this.substitute(this.text);
    if (this.screen) sim.out.print(line);
    if (this.file !== null) appendFileSync(this.file, `${line}\n`);
  }
}

export function createFixPrint(id: string, group: string, args: string[], sim: Simulation, files?: FilePaths): Fix {
  groupBitOf(sim, group);
  const a = new Args('fix print', args);
  a.need(2, 'N string');
  const nevery = a.int('N', { ge: 1 });
  const text = a.word('string');
  let screen = true;
  let file: string | null = null;
  let append = false;
  let title = `# Fix print output for fix ${id}`;
  a.keywords({
    file: (k) => {
      file = k.word('file name');
      append = false;
    },
    append: (k) => {
      file = k.word('file name');
      append = true;
    },
    screen: (k) => {
      screen = k.bool('screen');
    },
    title: (k) => {
      title = k.word('title');
    },
  });
  const subst = files?.substitute?.bind(files);
  if (!subst) throw new Error('fix print: needs the deck interpreter to substitute variables');
  let path: string | null = null;
  if (file !== null) {
    path = files!.outputPath(file);
    if (append) appendFileSync(path, '');
    else writeFileSync(path, `${title}\n`);
  }
  return new FixPrint(id, nevery, text, subst, screen, path);
}
