import { describe, expect, it } from 'vitest';
import { lammpsReference, runDpmd } from '../helpers/lammps.js';

const printedLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('>> '));

/** Lines printed by `print` in LAMMPS (golden `name`, live where installed) and in dpmd for the same deck. */
function printed(name: string, deck: string): { lmp: string[]; ours: string[] } {
  const ref = lammpsReference(name, { deck }, (live, golden) =>
    expect(printedLines(live.screen)).toEqual(printedLines(golden.screen)),
  );
  return { lmp: printedLines(ref.screen), ours: printedLines(runDpmd(deck).text) };
}

describe('deck interpreter: variables, substitution, loops (same output as LAMMPS)', () => {
  it('loop/next/jump, equal-style formulas, ${}, $x, $(...) with format, quotes', () => {
    const { lmp, ours } = printed(
      'deck/print_loops_formulas',
      `
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
`,
    );
    expect(lmp.length).toBe(12);
    expect(ours).toEqual(lmp);
  });

  it('unknown variable and bad formula report the line', () => {
    expect(() => runDpmd('print ">> ${nope}"\n')).toThrow(/Substitution for illegal variable 'nope'.*in\.dpmd:1/);
    expect(() => runDpmd('variable x equal 1+\nprint ">> ${x}"\n')).toThrow(/Invalid formula '1\+'.*in\.dpmd:2/);
  });
});
