import { ELLIPSOID_STYLE, EllipsoidAtoms } from '../asphere/ellipsoid_atoms.js';
import { COMMANDS, type Deck } from '../deck.js';
import type { DataCoeffs } from '../data_file.js';
import { BONDED_STYLES } from '../molecular/registry.js';
import { ATOM_STYLES, TERM_KINDS, type TermKind } from '../molecular/topology.js';
import type { Simulation } from '../simulation.js';
import { moleculeCommand } from './molecule_command.js';

/**
 * Molecular deck commands (LAMMPS Input): atom_style, bond_style/bond_coeff and their angle,
 * dihedral and improper twins, special_bonds; plus what read_data/write_data need from the
 * styles (Coeffs sections).
 */
export function registerMolecularCommands(): void {
  COMMANDS.register('atom_style', (args, deck) => {
    if (args[0] === 'ellipsoid' && args.length === 1) {
      if (deck.sim.system.boxExists) throw new Error('Atom_style command after simulation box is defined');
      deck.sim.system.setAtomStyle(ELLIPSOID_STYLE);
      deck.sim.system.atomTemplate = null;
      deck.sim.system.ellipsoid = new EllipsoidAtoms();
      return;
    }
    const st = ATOM_STYLES[args[0]];
    const nargs = args[0] === 'template' ? 2 : 1;
    if (!st || args.length !== nargs)
      throw new Error(
        `Unsupported atom_style '${args.join(' ')}' (supported: ${Object.keys(ATOM_STYLES).join(', ')}, ellipsoid; template takes a molecule template ID)`,
      );
    if (deck.sim.system.boxExists) throw new Error('Atom_style command after simulation box is defined');
    let tmpl = null;
    if (nargs === 2) {
      tmpl = deck.sim.molecules.get(args[1]) ?? null;
      if (!tmpl) throw new Error(`Molecule template ID '${args[1]}' for atom_style template does not exist`);
    }
    deck.sim.system.setAtomStyle(st);
    deck.sim.system.atomTemplate = tmpl;
    deck.sim.system.ellipsoid = null;
  });
  for (const kind of TERM_KINDS) {
    COMMANDS.register(`${kind}_style`, (args, deck) => styleCommand(kind, args, deck));
    COMMANDS.register(`${kind}_coeff`, (args, deck) => coeffCommand(kind, args, deck.sim));
  }
  COMMANDS.register('special_bonds', (args, deck) => deck.sim.molecular.special.set(args));
  COMMANDS.register('molecule', moleculeCommand);
}

function cap(kind: string): string {
  return kind[0].toUpperCase() + kind.slice(1);
}

function styleCommand(kind: TermKind, args: string[], deck: Deck): void {
  const sys = deck.sim.system;
  if (!sys.atomStyle.kinds.includes(kind))
    throw new Error(`${cap(kind)}_style command when no ${kind}s allowed (atom_style ${sys.atomStyle.name})`);
  if (args.length < 1) throw new Error(`Illegal ${kind}_style command: expected a style name`);
  if (args[0] === 'none') {
    if (args.length > 1) throw new Error(`Illegal ${kind}_style none command: takes no arguments`);
    deck.sim.molecular.styles[kind] = null;
    return;
  }
  const style = BONDED_STYLES[kind].get(args[0])();
  style.settings(args.slice(1));
  deck.sim.molecular.styles[kind] = style;
}

function coeffCommand(kind: TermKind, args: string[], sim: Simulation): void {
  const sys = sim.system;
  if (!sys.boxExists) throw new Error(`${cap(kind)}_coeff command before simulation box is defined`);
  const style = sim.molecular.styles[kind];
  if (!style) throw new Error(`${cap(kind)}_coeff command before ${kind}_style is defined`);
  const ntypes = sys.topology.list(kind).ntypes;
  if (ntypes === 0) throw new Error(`${cap(kind)}_coeff command: the system has no ${kind} types`);
  style.coeff(args, ntypes);
}

/** read_data's Coeffs sections as the commands they stand for (LAMMPS ReadData::paircoeffs etc.). */
export function applyDataCoeff(sim: Simulation, section: string, w: string[]): void {
  if (section === 'Pair Coeffs' || section === 'PairIJ Coeffs') {
    if (!sim.pair) throw new Error(`Must define pair_style before ${section}`);
    const args = section === 'Pair Coeffs' ? [w[0], ...w] : w;
    sim.pair.coeff(args, sim.system);
    return;
  }
  const kind = TERM_KINDS.find((k) => section.toLowerCase().startsWith(k))!;
  if (!sim.molecular.styles[kind]) throw new Error(`Must define ${kind}_style before ${section}`);
  coeffCommand(kind, w, sim);
}

/** write_data's Coeffs sections from the styles in use (types 1..N, full precision). */
export function dataCoeffs(sim: Simulation): DataCoeffs {
  const out: DataCoeffs = {};
  const pair = sim.pair as { dataCoeffs?: (ntypes: number) => string[] } | null;
  if (pair?.dataCoeffs) out['Pair Coeffs'] = pair.dataCoeffs(sim.system.ntypes);
  for (const kind of TERM_KINDS) {
    const style = sim.molecular.styles[kind];
    const n = sim.system.topology.list(kind).ntypes;
    if (!style || n === 0) continue;
    const lines: string[] = [];
    try {
      for (let t = 1; t <= n; t++) lines.push(`${t} ${style.writeCoeff(t)}`);
    } catch {
      continue; // coefficients not all set yet: LAMMPS writes none either
    }
    out[`${cap(kind)} Coeffs`] = lines;
  }
  return out;
}
