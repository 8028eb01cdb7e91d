import { COMMANDS, type Deck } from '../deck.js';
import { groupCount } from '../groups.js';
import type { Simulation } from '../simulation.js';

/**
 * group ID style args (LAMMPS Group::assign, 29 Sep 2021). Styles: delete, clear, empty,
 * region R, type|id|molecule with a condition (`< > <= >= == !=` V, `<>` V1 V2) or a list of
 * values and ranges (`a`, `a:b`, `a:b:c` with stride c >= 1), subtract G1 G2..., union G1...,
 * intersect G1 G2.... Atoms are added to the group (an existing group keeps its atoms). After
 * every style but delete and clear, prints "N atoms in group ID" as LAMMPS does.
 */
export function registerGroupCommands(): void {
  COMMANDS.register('group', group);
}

const ILLEGAL = 'Illegal group command';

function group(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Group command before simulation box is defined');
  if (args.length < 2) throw new Error(`${ILLEGAL}: expected "group ID style args"`);
  const [name, style] = args;
  const groups = sim.groups;
  const mask = s.mask;
  const n = s.n;

  if (style === 'delete') {
    if (args.length !== 2) throw new Error(`${ILLEGAL}: delete takes no arguments`);
    const g = groups.find(name);
    if (g < 0) throw new Error(`Could not find group delete group ID '${name}'`);
    if (g === 0) throw new Error('Cannot delete group all');
    if (sim.fixes.some((f) => f.group === name)) throw new Error('Cannot delete group currently used by a fix');
    if (sim.computes.some((c) => c.group === name)) throw new Error('Cannot delete group currently used by a compute');
    const keep = ~(1 << g);
    for (let i = 0; i < n; i++) mask[i] &= keep;
    groups.remove(g);
    return;
  }
  if (style === 'clear') {
    if (args.length !== 2) throw new Error(`${ILLEGAL}: clear takes no arguments`);
    const g = groups.find(name);
    if (g < 0) throw new Error(`Could not find group clear group ID '${name}'`);
    if (g === 0) throw new Error('Cannot clear group all');
    const keep = ~(1 << g);
    for (let i = 0; i < n; i++) mask[i] &= keep;
    return;
  }

  const styles = ['empty', 'region', 'type', 'id', 'molecule', 'subtract', 'union', 'intersect', 'variable'];
  if (!styles.includes(style))
    throw new Error(`${ILLEGAL}: unknown style '${style}' (supported: ${styles.join(', ')}, delete, clear)`);
  if (style === 'variable') throw new Error('group variable is not supported yet');
  // Argument errors come before the group is created, so a failed command leaves no group behind.
  const select = selector(sim, deck, name, style, args.slice(2));
  const bit = 1 << groups.findOrCreate(name);
  for (let i = 0; i < n; i++) if (select(i)) mask[i] |= bit;
  sim.out.print(`${groupCount(s, bit)} atoms in group ${name}`);
}

/** Whether local atom i joins the group, for the style's arguments (validated here). */
function selector(sim: Simulation, deck: Deck, name: string, style: string, rest: string[]): (i: number) => boolean {
  const s = sim.system;
  const mask = s.mask;
  switch (style) {
    case 'empty':
      if (rest.length !== 0) throw new Error(`${ILLEGAL}: empty takes no arguments`);
      return () => false;
    case 'region': {
      if (rest.length !== 1) throw new Error(`${ILLEGAL}: expected "group ID region regionID"`);
      const r = deck.regions.get(rest[0]);
      if (!r) throw new Error(`Group region ID '${rest[0]}' does not exist`);
      const x = s.x;
      return (i) => r.match(x[3 * i], x[3 * i + 1], x[3 * i + 2]);
    }
    case 'type':
    case 'id':
    case 'molecule': {
      if (rest.length < 1) throw new Error(`${ILLEGAL}: ${style} needs values or a condition`);
      const attr = style === 'type' ? s.type : style === 'id' ? s.tag : moleculeIds(sim);
      return attributeSelector(attr, rest);
    }
    case 'subtract':
    case 'union':
    case 'intersect': {
      const least = style === 'union' ? 1 : 2;
      if (rest.length < least) throw new Error(`${ILLEGAL}: ${style} needs at least ${least} group IDs`);
      const bits = rest.map((g) => {
        const k = sim.groups.find(g);
        if (k < 0) throw new Error(`Group ID '${g}' does not exist`);
        return 1 << k;
      });
      if (style === 'union') {
        let any = 0;
        for (const b of bits) any |= b;
        return (i) => (mask[i] & any) !== 0;
      }
      if (style === 'intersect') return (i) => bits.every((b) => (mask[i] & b) !== 0);
      const [first, ...others] = bits;
      return (i) => (mask[i] & first) !== 0 && others.every((b) => (mask[i] & b) === 0);
    }
  }
  throw new Error(`${ILLEGAL}: ${name} ${style}`);
}

/**
 * The per-atom molecule IDs when the atom style has them (`molecule: Int32Array`, added by the
 * molecular atom styles); read through this narrow accessor so that atomic systems give a clear error.
 */
export function moleculeIds(sim: Simulation): Int32Array {
  if (!sim.system.atomStyle.molecule)
    throw new Error(
      `Group command requires atom attribute molecule (atom_style ${sim.system.atomStyle.name} has no molecule IDs)`,
    );
  return sim.system.molecule;
}

const CONDITIONS: Record<string, (a: number, b1: number, b2: number) => boolean> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<>': (a, b1, b2) => a >= b1 && a <= b2,
};

/** LAMMPS's integer-valued conditions and range lists on one per-atom attribute. */
function attributeSelector(attr: Int32Array, rest: string[]): (i: number) => boolean {
  const cond = CONDITIONS[rest[0]];
  if (cond && rest.length > 1) {
    const want = rest[0] === '<>' ? 3 : 2;
    if (rest.length !== want) throw new Error(`${ILLEGAL}: '${rest[0]}' needs ${want - 1} value(s)`);
    const b1 = integer(rest[1]);
    const b2 = want === 3 ? integer(rest[2]) : -1;
    return (i) => cond(attr[i], b1, b2);
  }
  const ranges: [number, number, number][] = rest.map((w) => {
    const m = /^(-?\d+)(?::(-?\d+)(?::(\d+))?)?$/.exec(w);
    if (!m) throw new Error(`Incorrect range string '${w}': Syntax error`);
    const start = integer(m[1]);
    const stop = m[2] === undefined ? start : integer(m[2]);
    const delta = m[3] === undefined ? 1 : integer(m[3]);
    if (delta < 1) throw new Error('Illegal range increment value');
    return [start, stop, delta];
  });
  return (i) => {
    const a = attr[i];
    for (const [lo, hi, d] of ranges) if (a >= lo && a <= hi && (a - lo) % d === 0) return true;
    return false;
  };
}

/** An integer argument (LAMMPS utils::tnumeric): decimal digits with an optional sign. */
function integer(w: string): number {
  if (!/^[-+]?\d+$/.test(w) || !Number.isSafeInteger(Number(w)))
    throw new Error(`Expected integer parameter instead of '${w}' in group command`);
  return Number(w);
}
