import { COMMANDS, type Deck } from '../deck.js';

/**
 * if "boolean" then "cmd" ... [elif "boolean" "cmd" ...] ... [else "cmd" ...] and quit (LAMMPS
 * Input::ifthenelse / quit). The Boolean is substituted again (it was quoted) and evaluated as a
 * formula; when it is not a number formula, `a == b` / `a != b` compare words as strings, as
 * LAMMPS's evaluate_boolean does. The chosen branch's commands run one after the other as deck
 * lines (substituted when they run). A conditional `jump` may end a loop, so `if` counts as
 * progress for the deck's endless-loop guard.
 */
export function registerIfCommands(): void {
  COMMANDS.register('if', (args, deck) => {
    if (args.length < 3 || args[1] !== 'then')
      throw new Error('Illegal if command: expected if "boolean" then "command" ...');
    const branchEnd = (from: number) => {
      let k = from;
      while (k < args.length && args[k] !== 'elif' && args[k] !== 'else') k++;
      return k;
    };
    let first = 2;
    let end = branchEnd(first);
    let test = evaluateBoolean(deck, args[0]);
    for (;;) {
      if (test) {
        deck.nextCount++;
        for (const cmd of args.slice(first, end)) deck.execute(cmd);
        return;
      }
      if (end === args.length) return;
      if (end + 2 > args.length) throw new Error(`Illegal if command: ${args[end]} needs a command`);
      if (args[end] === 'elif') {
        test = evaluateBoolean(deck, args[end + 1]);
        first = end + 2;
      } else {
        test = true;
        first = end + 1;
      }
      end = branchEnd(first);
    }
  });
  COMMANDS.register('quit', (args, deck) => {
    if (args.length > 1) throw new Error('Illegal quit command');
    const status = args.length === 1 ? Number(args[0]) : 0;
    if (!Number.isInteger(status)) throw new Error(`Illegal quit command: status '${args[0]}' is not an integer`);
    if (status !== 0) throw new Error(`Quit with status ${status} requested by the input`);
    deck.quit();
  });
}

/** A Boolean of the if command: a formula, or a string (in)equality of two words. */
export function evaluateBoolean(deck: Deck, text: string): boolean {
  const src = deck.substitute(text);
  const m = /^\s*(\S+?)\s*(==|!=)\s*(\S+)\s*$/.exec(src);
  if (m && !(isNumber(m[1]) && isNumber(m[3]))) {
    try {
      return deck.sim.variables.evalFormula(src) !== 0;
    } catch {
      return (m[1] === m[3]) === (m[2] === '==');
    }
  }
  return deck.sim.variables.evalFormula(src) !== 0;
}

function isNumber(w: string): boolean {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(w);
}
