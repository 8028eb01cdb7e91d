/**
 * Thermo tables as LAMMPS prints them (a "Step ..." header line, one row per output step, up to
 * "Loop time"), read from screen or log text, and their comparison column by column: what the
 * LAMMPS cross-checks and the examples survey (scripts/survey_lammps_examples.ts) measure.
 */

/** Thermo rows of one program: one table per `run`/`minimize`, each with its column headers. */
export interface ThermoTable {
  columns: string[];
  rows: number[][];
}

/** Parse every thermo block (a line starting with "Step" up to "Loop time") from program output. */
export function parseThermo(text: string): ThermoTable[] {
  const tables: ThermoTable[] = [];
  let cur: ThermoTable | null = null;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('Step ') || t === 'Step') {
      cur = { columns: t.split(/\s+/), rows: [] };
      tables.push(cur);
    } else if (cur && /^Loop time/.test(t)) {
      cur = null;
    } else if (cur && t) {
      const vals = t.split(/\s+/).map(Number);
      if (vals.length === cur.columns.length && vals.every((v) => !Number.isNaN(v))) cur.rows.push(vals);
    }
  }
  return tables;
}

/**
 * Largest relative difference between two thermo tables with the same columns and steps.
 * Differences are taken relative to max(|a|, |b|, floor) per column so that quantities that pass
 * through zero (pressure, tilt) are compared on their own scale: floor = colScale * 1e-3 where
 * colScale is the column's largest magnitude.
 */
export function compareThermo(a: ThermoTable, b: ThermoTable): { maxRel: number; where: string } {
  if (a.columns.join(' ') !== b.columns.join(' '))
    throw new Error(`thermo columns differ: ${a.columns.join(' ')} vs ${b.columns.join(' ')}`);
  if (a.rows.length !== b.rows.length)
    throw new Error(`thermo row counts differ: ${a.rows.length} vs ${b.rows.length}`);
  let maxRel = 0;
  let where = '';
  for (let c = 0; c < a.columns.length; c++) {
    let scale = 0;
    for (const r of [...a.rows, ...b.rows]) scale = Math.max(scale, Math.abs(r[c]));
    for (let k = 0; k < a.rows.length; k++) {
      const x = a.rows[k][c],
        y = b.rows[k][c];
      const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-3 * scale, 1e-300);
      if (rel > maxRel) {
        maxRel = rel;
        where = `${a.columns[c]} at row ${k} (step ${a.rows[k][0]}): ${x} vs ${y}`;
      }
    }
  }
  return { maxRel, where };
}
