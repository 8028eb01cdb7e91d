import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';
import { DumpFile } from '../dump_reader.js';
import { applySnapshot, DUMP_FIELDS, type DumpField, type ReadDumpCounts, type ReadDumpOptions } from '../read_dump.js';

/**
 * read_dump file Nstep field ... [box yes|no] [replace yes|no] and rerun file ... [first N]
 * [last N] [every N] [skip N] [start N] [stop N] [post yes|no] dump field ... (LAMMPS ReadDump,
 * Rerun) for LAMMPS text dumps (format native). purge, trim, add, label, scaled, wrapped and other
 * formats are refused by name.
 */
export function registerReadDumpCommands(): void {
  COMMANDS.register('read_dump', (args, deck) => {
    const sim = deck.sim;
    if (!sim.system.boxExists) throw new Error('Read_dump command before simulation box is defined');
    const a = new Args('read_dump', args);
    a.need(3, 'file Nstep field ...');
    const file = new DumpFile(deck.inputPath(a.word('file')));
    const step = a.int('Nstep', { ge: 0 }, true);
    const { fields, opts } = readFields(a);
    sim.out.print('Scanning dump file ...');
    const snap = file.find(step);
    if (!snap) throw new Error(`Dump file does not contain requested snapshot (step ${step} in ${file.path})`);
    sim.out.print('Reading snapshot from dump file ...');
    report(deck, applySnapshot(sim, file, snap, fields, opts));
  });
  COMMANDS.register('rerun', rerun);
}

/** The fields and keywords after `read_dump file N` or `rerun ... dump`. */
function readFields(a: Args): { fields: DumpField[]; opts: ReadDumpOptions } {
  const fields: DumpField[] = [];
  while (a.more() && (DUMP_FIELDS as readonly string[]).includes(a.peek()!)) fields.push(a.word('field') as DumpField);
  if (fields.length === 0) a.fail(`expected fields (${DUMP_FIELDS.join(' ')})`);
  const opts: ReadDumpOptions = { box: true, replace: true };
  a.keywords({
    box: (k) => {
      opts.box = k.bool('box');
    },
    replace: (k) => {
      opts.replace = k.bool('replace');
    },
    purge: (k) => {
      if (k.bool('purge')) k.fail('purge yes is not supported yet');
    },
    trim: (k) => {
      if (k.bool('trim')) k.fail('trim yes is not supported yet');
    },
    add: (k) => {
      if (k.word('add') !== 'no') k.fail('add yes/keep is not supported yet');
    },
    format: (k) => {
      if (k.word('format') !== 'native') k.fail('only format native (LAMMPS text dumps) is supported');
    },
  });
  return { fields, opts };
}

function report(deck: Deck, c: ReadDumpCounts): void {
  const b = deck.sim.system.box;
  const f = (v: number) => v.toPrecision(8);
  deck.sim.out.print(
    [
      `  ${b.triclinic ? 'triclinic' : 'orthogonal'} box = (${f(b.lo[0])} ${f(b.lo[1])} ${f(b.lo[2])}) to (${f(b.hi[0])} ${f(b.hi[1])} ${f(b.hi[2])})`,
      `  ${c.before} atoms before read`,
      `  ${c.inSnapshot} atoms in snapshot`,
      '  0 atoms purged',
      `  ${c.replaced} atoms replaced`,
      '  0 atoms trimmed',
      '  0 atoms added',
      `  ${c.after} atoms after read`,
    ].join('\n'),
  );
}

/**
 * rerun: for each selected snapshot (file order; step >= first, <= last, a multiple of every,
 * later than the previous one read, then every skip-th one), read it as read_dump does, evaluate forces and energy (LAMMPS
 * setup_minimal), let end-of-step fixes sample, write dumps due, and print a thermo row (the first
 * snapshot with the header; later ones on thermo steps).
 */
function rerun(args: string[], deck: Deck): void {
  const sim = deck.sim;
  if (!sim.system.boxExists) throw new Error('Rerun command before simulation box is defined');
  const d = args.indexOf('dump');
  if (d < 0) throw new Error('Illegal rerun command: the dump keyword and its fields are required');
  const files = [];
  let k = 0;
  while (k < d && !['first', 'last', 'every', 'skip', 'start', 'stop', 'post'].includes(args[k])) files.push(args[k++]);
  if (files.length === 0) throw new Error('Illegal rerun command: no dump file');
  const a = new Args('rerun', args.slice(k, d));
  let first = 0,
    last = Number.MAX_SAFE_INTEGER,
    every = 0,
    skip = 1,
    post = false;
  let start: number | undefined, stop: number | undefined;
  a.keywords({
    first: (x) => {
      first = x.int('first', { ge: 0 }, true);
    },
    last: (x) => {
      last = x.int('last', { ge: 0 }, true);
    },
    every: (x) => {
      every = x.int('every', { ge: 0 }, true);
    },
    skip: (x) => {
      skip = x.int('skip', { ge: 1 });
    },
    start: (x) => {
      start = x.int('start', { ge: 0 }, true);
    },
    stop: (x) => {
      stop = x.int('stop', { ge: 0 }, true);
    },
    post: (x) => {
      post = x.bool('post');
    },
  });
  if (first > last) throw new Error('Illegal rerun command: first > last');
  const { fields, opts } = readFields(new Args('rerun dump', args.slice(d + 1)));
  const dumps = files.map((f) => new DumpFile(deck.inputPath(f)));
  const picks: { file: DumpFile; index: number }[] = [];
  let nsel = 0;
  let prev = -1;
  for (const file of dumps) {
    file.snapshots.forEach((s, index) => {
      // Steps must increase (LAMMPS ReadDump::next skips snapshots not after the last one read).
      if (s.step <= prev || s.step < first || s.step > last || (every > 0 && s.step % every !== 0)) return;
      if (nsel++ % skip !== 0) return;
      picks.push({ file, index });
      prev = s.step;
    });
  }
  if (picks.length === 0) throw new Error('Rerun: no dump snapshot matches the selection');
  const t0 = performance.now();
  sim.firstStep = picks[0].file.snapshots[picks[0].index].step;
  const lastPick = picks[picks.length - 1];
  sim.lastStep = lastPick.file.snapshots[lastPick.index].step;
  for (let p = 0; p < picks.length; p++) {
    const { file, index } = picks[p];
    applySnapshot(sim, file, file.snapshots[index], fields, opts);
    sim.beginStep = start ?? sim.firstStep;
    sim.endStep = stop ?? sim.lastStep;
    sim.setup();
    for (const f of sim.fixes) f.endOfStep?.(sim);
    for (const o of sim.outputs) if (sim.step % o.every === 0) o.write(sim);
    if (p === 0) {
      sim.thermo.header();
      sim.thermo.row();
    } else if (sim.thermo.every > 0 && sim.step % sim.thermo.every === 0) sim.thermo.row();
  }
  sim.thermo.footer(picks.length, (performance.now() - t0) / 1000, post);
}
