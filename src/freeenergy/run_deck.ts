import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAll } from '../commands/index.js';
import { Deck } from '../deck.js';
import { Output } from '../output.js';
import { Simulation } from '../simulation.js';

/**
 * Runs a deck in this process in directory `dir` (files named in it are relative to dir), with
 * `files` (name → text) written there first. Screen output is captured and returned with the
 * Simulation, for the free-energy tests and benchmark that drive many short runs.
 */
export function runDeckIn(
  dir: string,
  deck: string,
  files: Record<string, string> = {},
): { sim: Simulation; screen: string } {
  registerAll();
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'in.deck'), deck);
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  const d = new Deck(sim);
  d.cwd = dir;
  d.runFile(join(dir, 'in.deck'));
  return { sim, screen: out.captured!.join('\n') };
}
