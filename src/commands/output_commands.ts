import { FixPropertyAtom } from '../../integrators/fix_property_atom.js';
import { readData, writeData } from '../data_file.js';
import { COMMANDS } from '../deck.js';
import { Dump } from '../dump.js';
import { Args } from '../args.js';
import { systemReason } from '../output.js';
import { applyDataCoeff, dataCoeffs } from './molecular_commands.js';
import { applyShrinkWrap } from './box_commands.js';
import { expandGlobalWildcards } from '../wildcard_args.js';

/** thermo*, dump*, read_data/write_data: what goes in and out of files and the screen. */
export function registerOutputCommands(): void {
  COMMANDS.register('thermo', (args, deck) => {
    const a = new Args('thermo', args);
    deck.sim.thermo.every = a.int('interval', { ge: 0 });
    a.end();
  });
  COMMANDS.register('thermo_style', (args, deck) => {
    new Args('thermo_style', args).need(1, 'one|custom [keywords]');
    deck.sim.thermo.setStyle(args[0] === 'custom' ? expandGlobalWildcards(deck.sim, args) : args);
  });
  COMMANDS.register('thermo_modify', (args, deck) => deck.sim.thermo.modify(args));
  COMMANDS.register('dump', (args, deck) => {
    if (args.length < 5) throw new Error('Illegal dump command: expected "dump ID group style N file [args]"');
    const [id, group, style, every, file, ...rest] = args;
    if (group !== 'all') throw new Error(`Could not find dump group ID '${group}' (only 'all' exists)`);
    if (deck.sim.outputs.some((o) => o.id === id)) throw new Error(`Reuse of dump ID '${id}'`);
    const n = new Args('dump', [every]).int('interval', { ge: 1 });
    deck.sim.outputs.push(Dump.create(id, style, n, deck.outputPath(file), rest));
  });
  COMMANDS.register('dump_modify', (args, deck) => {
    new Args('dump_modify', args).need(2, 'dump-ID keyword value ...');
    const d = deck.sim.outputs.find((o) => o.id === args[0]);
    if (!(d instanceof Dump)) throw new Error(`Could not find dump_modify ID '${args[0]}'`);
    d.modify(args.slice(1));
  });
  COMMANDS.register('undump', (args, deck) => {
    const a = new Args('undump', args);
    a.word('dump ID');
    a.end();
    const k = deck.sim.outputs.findIndex((o) => o.id === args[0]);
    if (k < 0) throw new Error(`Could not find undump ID '${args[0]}'`);
    deck.sim.outputs[k].close?.();
    deck.sim.outputs.splice(k, 1);
  });
  COMMANDS.register('read_data', (args, deck) => {
    const a = new Args('read_data', args);
    const file = a.word('file name');
    // `fix ID NULL Section`: a fix property/atom reads the per-atom lines of Section (LAMMPS
    // read_data's fix keyword; property/atom has no header line, hence NULL).
    const fixSections = new Map<string, (tag: number, values: string[]) => void>();
    const refused = (k: Args) =>
      k.fail(`keyword ${k.words[k.pos - 1]} is not supported by dpmd yet (supported: fix ID NULL Section)`);
    a.keywords({
      fix: (k: Args) => {
        k.need(3, 'fix ID header-string section-string');
        const id = k.word('fix ID');
        const header = k.word('header string');
        const section = k.word('section string');
        const fix = deck.sim.fixes.find((f) => f.id === id);
        if (!fix) k.fail(`Fix ID ${id} for read_data does not exist`);
        if (!(fix instanceof FixPropertyAtom))
          k.fail(`fix ${id} (${fix.style}) does not read data file sections (fix property/atom does)`);
        if (header !== 'NULL') k.fail(`fix property/atom ${id} reads no header line: the header string must be NULL`);
        fixSections.set(section, (tag, values) => fix.readDataLine(tag, values));
      },
      add: refused,
      offset: refused,
      shift: refused,
      extra: refused,
      group: refused,
      nocoeff: refused,
    });
    readData(deck.inputPath(file), deck.sim.system, {
      periodic: deck.boundary,
      tiltLarge: deck.tiltLarge,
      coeff: (section, words) => applyDataCoeff(deck.sim, section, words),
      fixSections,
    });
    applyShrinkWrap(deck, deck.sim.system.box);
    deck.sim.out.print(`Read ${deck.sim.system.n} atoms from ${file}`);
  });
  COMMANDS.register('write_data', (args, deck) => {
    const a = new Args('write_data', args);
    const file = a.word('file name');
    // Coeffs sections come from the pair and bonded styles in use (nocoeff leaves them out); dpmd
    // data files never hold fix sections, so nofix holds already.
    let nocoeff = false;
    a.keywords({
      nocoeff: () => {
        nocoeff = true;
      },
      nofix: () => {},
    });
    if (!deck.sim.system.boxExists) throw new Error('Write_data command before simulation box is defined');
    try {
      writeData(deck.outputPath(file), deck.sim.system, deck.sim.step, nocoeff ? {} : dataCoeffs(deck.sim));
    } catch (e) {
      throw new Error(`Cannot write data file ${file}: ${systemReason(e)}`);
    }
  });
}
