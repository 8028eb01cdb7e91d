import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LMP, requireLammps, runDpmd, scratchDir } from '../helpers/lammps.js';

/** Lines printed by `print` in LAMMPS and in dpmd for the same deck. */
function printed(deck: string): { lmp: string[]; ours: string[] } {
  requireLammps();
  const dir = scratchDir();
  writeFileSync(join(dir, 'in.lmp'), deck);
  const text = execFileSync(LMP, ['-in', 'in.lmp', '-log', 'none', '-nocite'], { cwd: dir, encoding: 'utf8' });
  const lmp = text.split('\n').filter((l) => l.startsWith('>> '));
  const ours = runDpmd(deck).text.split('\n').filter((l) => l.startsWith('>> '));
  return { lmp, ours };
}

describe('deck interpreter: variables, substitution, loops (same output as LAMMPS)', () => {
  it('loop/next/jump, equal-style formulas, ${}, $x, $(...) with format, quotes', () => {
    const { lmp, ours } = printed(`
variable a loop 3
variable s string hello
variable idx index 10 20
label l
print ">> iteration $a of \${s}"
variable e equal 2*v_a+1-(v_a>1)*0.5+sqrt(16)/2^2
print ">> e = \${e} and $(v_a*0.5:%.3f) and $(v_a/3)"
print '>> single quotes keep $a'
next a
jump SELF l
print ">> idx \${idx}"
next idx
print ">> idx \${idx}"
print """>> triple quotes keep \${s}"""
`);
    expect(lmp.length).toBe(12);
    expect(ours).toEqual(lmp);
  });

  it('unknown variable and bad formula report the line', () => {
    expect(() => runDpmd('print ">> ${nope}"\n')).toThrow(/Substitution for illegal variable 'nope'.*in\.dpmd:1/);
    expect(() => runDpmd('variable x equal 1+\nprint ">> ${x}"\n')).toThrow(/Invalid formula '1\+'.*in\.dpmd:2/);
  });
});
