import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerAll } from '../../src/commands/index.js';
import { Deck } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';

/** Thermo rows of one program: one table per `run`/`minimize`, each with its column headers. */
export interface ThermoTable {
  columns: string[];
  rows: number[][];
}

export const LMP = process.env.LMP ?? '/usr/bin/lmp';

/** Fail loudly (never skip) when LAMMPS is missing: cross-checks are the point of these tests. */
export function requireLammps(): void {
  if (!existsSync(LMP)) {
    throw new Error(`LAMMPS not found at ${LMP}: install Debian's lammps package (apt-get install lammps) or set LMP`);
  }
}

export function scratchDir(prefix = 'dpmd-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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

/** Run a deck through LAMMPS in dir (files the deck reads must be there or absolute). */
export function runLammps(deck: string, dir: string = scratchDir()): ThermoTable[] {
  requireLammps();
  const path = join(dir, 'in.lammps');
  writeFileSync(path, deck);
  const text = execFileSync(LMP, ['-in', path, '-log', 'none', '-nocite'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return parseThermo(text);
}

/** Run a deck through dpmd's interpreter in-process; returns thermo tables and the simulation. */
export function runDpmd(deck: string, dir: string = scratchDir()): { tables: ThermoTable[]; sim: Simulation; text: string } {
  registerAll();
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  const d = new Deck(sim);
  d.cwd = dir;
  const path = join(dir, 'in.dpmd');
  writeFileSync(path, deck);
  d.runFile(path);
  const text = out.captured!.join('\n');
  return { tables: parseThermo(text), sim, text };
}

/**
 * Largest relative difference between two thermo tables with the same columns and steps.
 * Differences are taken relative to max(|a|, |b|, floor) per column so that quantities that pass
 * through zero (pressure, tilt) are compared on their own scale: floor = colScale * 1e-3 where
 * colScale is the column's largest magnitude.
 */
export function compareThermo(a: ThermoTable, b: ThermoTable): { maxRel: number; where: string } {
  if (a.columns.join(' ') !== b.columns.join(' ')) throw new Error(`thermo columns differ: ${a.columns.join(' ')} vs ${b.columns.join(' ')}`);
  if (a.rows.length !== b.rows.length) throw new Error(`thermo row counts differ: ${a.rows.length} vs ${b.rows.length}`);
  let maxRel = 0;
  let where = '';
  for (let c = 0; c < a.columns.length; c++) {
    let scale = 0;
    for (const r of [...a.rows, ...b.rows]) scale = Math.max(scale, Math.abs(r[c]));
    for (let k = 0; k < a.rows.length; k++) {
      const x = a.rows[k][c], y = b.rows[k][c];
      const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-3 * scale, 1e-300);
      if (rel > maxRel) { maxRel = rel; where = `${a.columns[c]} at row ${k} (step ${a.rows[k][0]}): ${x} vs ${y}`; }
    }
  }
  return { maxRel, where };
}

/**
 * Run one deck through LAMMPS and dpmd (or two decks that differ only in lines one program needs)
 * and require every thermo table to agree to tol relative. Returns the worst difference seen.
 */
export function expectSameThermo(decks: string | { lmp: string; dpmd: string }, tol = 1e-6): number {
  const d = typeof decks === 'string' ? { lmp: decks, dpmd: decks } : decks;
  const ref = runLammps(d.lmp);
  const ours = runDpmd(d.dpmd).tables;
  expect(ref.length).toBeGreaterThan(0);
  expect(ours.length).toBe(ref.length);
  let worst = 0;
  for (let k = 0; k < ref.length; k++) {
    expect(ref[k].rows.length).toBeGreaterThan(1);
    const { maxRel, where } = compareThermo(ours[k], ref[k]);
    expect(maxRel, where).toBeLessThan(tol);
    worst = Math.max(worst, maxRel);
  }
  return worst;
}
