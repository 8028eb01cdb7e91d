import { readFileSync } from 'node:fs';

/**
 * The per-atom values of `variable name atomfile FILE` (LAMMPS VarReader::read_peratom): text after
 * '#' is a comment and blank lines are skipped; the first line left is the count N, then N lines
 * `atom-ID value`. Atoms the file does not list get 0 (the caller's default). Returns value by ID.
 */
export function readAtomfile(path: string): Map<number, number> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot open atomfile variable file ${path}`);
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
  if (lines.length === 0) throw new Error(`Atomfile variable file ${path} is empty (expected a line count)`);
  const n = Number(lines[0].split(/\s+/)[0]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Invalid atomfile line count '${lines[0]}' in ${path}`);
  if (lines.length - 1 < n) throw new Error(`Unexpected end of atomfile ${path}: ${n} lines announced`);
  const values = new Map<number, number>();
  for (let k = 1; k <= n; k++) {
    const w = lines[k].split(/\s+/);
    const id = Number(w[0]);
    const v = Number(w[1]);
    if (w.length < 2 || !Number.isInteger(id) || id <= 0 || !Number.isFinite(v))
      throw new Error(`Invalid atomfile line in ${path}: '${lines[k]}' (expected atom-ID value)`);
    values.set(id, v);
  }
  return values;
}
