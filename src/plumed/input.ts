/**
 * PLUMED 2's input language, read into one record per action (the part of PLUMED's manual
 * "Getting started / syntax" this engine supports):
 *
 *   LABEL: ACTION KEY=VALUE KEY=V1,V2 FLAG      (or ACTION LABEL=LABEL ...)
 *   # a comment to the end of the line
 *   LABEL: ACTION ...                           (a line ending in "..." opens a block,
 *      KEY=VALUE                                 continued until a line that is "..."
 *   ...                                          optionally followed by the action name)
 *   ENDPLUMED                                   (the rest of the file is ignored)
 *
 * Values in braces `{a b}` keep their spaces. Every record remembers its file and first line so
 * that errors read `FILE:LINE: ACTION: reason`.
 */

/** One action as written in the input. */
export interface ActionLine {
  /** ACTION name, upper case as written (PLUMED's names are upper case). */
  readonly name: string;
  /** LABEL (from `LABEL:` or `LABEL=`), or undefined when the action has none. */
  readonly label: string | undefined;
  /** KEY=VALUE pairs, keys upper case as written. */
  readonly keys: Map<string, string>;
  /** Bare words (flags such as NOPBC, COMPONENTS). */
  readonly flags: Set<string>;
  readonly file: string;
  readonly line: number;
}

/** An input error with the file and line it belongs to. */
export class PlumedInputError extends Error {}

/** Split a PLUMED input text into actions. */
export function parsePlumedInput(text: string, file: string): ActionLine[] {
  const lines = text.split(/\r?\n/);
  const out: ActionLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let words = tokenize(stripComment(lines[i]), file, first);
    if (words.length === 0) continue;
    if (words[words.length - 1] === '...') {
      // Continuation block: everything up to a line whose first word is "...".
      words = words.slice(0, -1);
      let closed = false;
      for (i++; i < lines.length; i++) {
        const w = tokenize(stripComment(lines[i]), file, i + 1);
        if (w[0] === '...') {
          closed = true;
          break;
        }
        words.push(...w);
      }
      if (!closed) throw new PlumedInputError(`${file}:${first}: "..." block is not closed by a line "..."`);
    }
    if (words[0] === 'ENDPLUMED') break;
    out.push(toAction(words, file, first));
  }
  return out;
}

function stripComment(line: string): string {
  const k = line.indexOf('#');
  return k < 0 ? line : line.slice(0, k);
}

/** Words separated by blanks; `{...}` groups keep their blanks (braces removed). */
function tokenize(line: string, file: string, lineNo: number): string[] {
  const words: string[] = [];
  let cur = '';
  let depth = 0;
  let inWord = false;
  for (const ch of line) {
    if (ch === '{') {
      depth++;
      inWord = true;
      if (depth === 1) continue;
    } else if (ch === '}') {
      if (depth === 0) throw new PlumedInputError(`${file}:${lineNo}: unbalanced "}"`);
      depth--;
      if (depth === 0) continue;
    }
    if (depth === 0 && (ch === ' ' || ch === '\t')) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (depth !== 0) throw new PlumedInputError(`${file}:${lineNo}: unbalanced "{"`);
  if (inWord) words.push(cur);
  return words;
}

function toAction(words: string[], file: string, line: number): ActionLine {
  let label: string | undefined;
  let k = 0;
  if (words[0].endsWith(':')) {
    label = words[0].slice(0, -1);
    if (!label) throw new PlumedInputError(`${file}:${line}: empty label before ":"`);
    k = 1;
  }
  const name = words[k];
  if (name === undefined) throw new PlumedInputError(`${file}:${line}: label "${label}:" is not followed by an action`);
  const keys = new Map<string, string>();
  const flags = new Set<string>();
  for (const w of words.slice(k + 1)) {
    const eq = w.indexOf('=');
    if (eq < 0) {
      flags.add(w);
      continue;
    }
    const key = w.slice(0, eq);
    const value = w.slice(eq + 1);
    if (key === 'LABEL') {
      if (label !== undefined) throw new PlumedInputError(`${file}:${line}: ${name}: label given twice`);
      label = value;
      continue;
    }
    if (keys.has(key)) throw new PlumedInputError(`${file}:${line}: ${name}: keyword ${key} given twice`);
    keys.set(key, value);
  }
  return { name, label, keys, flags, file, line };
}
