import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASES, mutants, type Mutant } from '../../scripts/deck_mutants.js';
import { registerAll } from '../../src/commands/index.js';
import { Deck, DeckError } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';

/** JavaScript's own error texts: a user must never see them (they mean an unchecked input). */
const JS_ERROR =
  /TypeError|ReferenceError|Invalid typed array length|Maximum call stack|is not a function|Cannot read propert|'undefined'|of undefined/;

type Result = { ok: true; text: string } | { ok: false; error: unknown; text: string };

/** Run one case in-process with an atom and step budget, so no mutant can run away. */
function runCase(m: Mutant): Result {
  registerAll();
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-deck-fuzz-'));
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  sim.system.maxAtoms = 20000;
  sim.stepBudget = 2000;
  sim.threads = 1;
  try {
    writeFileSync(join(dir, 'in.deck'), m.deck);
    for (const [name, text] of Object.entries(m.files)) writeFileSync(join(dir, name), text);
    const deck = new Deck(sim);
    deck.cwd = dir;
    deck.runFile(join(dir, 'in.deck'));
    return { ok: true, text: out.captured!.join('\n') };
  } catch (error) {
    return { ok: false, error, text: out.captured!.join('\n') };
  } finally {
    sim.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Numbers in thermo rows (lines of numbers only) that are not finite. */
function nonFiniteThermo(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*[-+0-9]/.test(l) && /\b(nan|inf)/i.test(l));
}

describe('deck fuzzing: every mutant runs with finite thermo or stops with a DeckError naming file:line', () => {
  it('the unmutated decks run cleanly', () => {
    for (const b of BASES) {
      const r = runCase(b);
      expect(r.ok, `${b.name}: ${r.ok ? '' : (r.error as Error).message}`).toBe(true);
      expect(r.text).toMatch(/Loop time/);
    }
  });

  it('300 seeded mutants: no other exception, no NaN, no hang', () => {
    const counts = { accepted: 0, errors: 0 };
    const t0 = performance.now();
    const bad: string[] = [];
    for (const m of mutants(20261207, 300)) {
      const r = runCase(m);
      if (r.ok) {
        counts.accepted++;
        const nan = nonFiniteThermo(r.text);
        if (nan.length) bad.push(`${m.name}: accepted with non-finite thermo '${nan[0]}'`);
        continue;
      }
      counts.errors++;
      const e = r.error;
      if (!(e instanceof DeckError)) {
        bad.push(`${m.name}: ${(e as Error).stack ?? e}`);
        continue;
      }
      if (!/(in\.deck|extra\.in)$/.test(e.file) || !(e.line > 0)) bad.push(`${m.name}: no file:line in ${e.message}`);
      if (JS_ERROR.test(e.reason)) bad.push(`${m.name}: JavaScript error text in ${e.message}`);
    }
    expect(bad).toEqual([]);
    // Both outcomes occur: the mutations neither all break nor all pass the decks.
    expect(counts.accepted).toBeGreaterThan(20);
    expect(counts.errors).toBeGreaterThan(100);
    expect(performance.now() - t0).toBeLessThan(120_000);
  });
});
