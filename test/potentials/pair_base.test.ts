import { describe, expect, it } from 'vitest';
import { mixDistance, mixEnergy, PairBase, PairTable } from '../../potentials/pair_base.js';
import { PairLJCut } from '../../potentials/pair_lj_cut.js';
import { num, positive } from '../../src/parse.js';
import type { ComputeFlags, ForceBuffers, PairContext } from '../../src/potential.js';
import type { AtomSystem } from '../../src/system.js';

/**
 * The pair-style base (potentials/pair_base.ts) through a complete style written on it, as a new
 * simple style would be: soft repulsion E = eps (1 - r/sigma)^2 for r < cut (cut defaults to sigma).
 * Everything generic (type ranges, setflag, mixing, init_one loop, tables, cutoffs) is the base's.
 */
interface Soft {
  eps: number;
  sigma: number;
  cut: number;
}
class PairSoftTest extends PairBase<Soft> {
  readonly style = 'soft/test';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  table = new PairTable(3, 0);
  settings(args: string[]): void {
    if (args.length !== 0) throw new Error('Illegal pair_style soft/test command');
  }
  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 4 || args.length > 5) throw new Error('Incorrect args for pair coefficients');
    const sigma = positive(args[3], 'sigma');
    this.setCoeff(args[0], args[1], system.ntypes, {
      eps: num(args[2], 'eps'),
      sigma,
      cut: args[4] ? positive(args[4], 'cut') : sigma,
    });
  }
  protected allocate(ntypes: number): void {
    this.table = new PairTable(3, ntypes);
  }
  protected mix(a: Soft, b: Soft): Soft {
    const r = this.mixRule;
    return {
      eps: mixEnergy(r, a.eps, b.eps, a.sigma, b.sigma),
      sigma: mixDistance(r, a.sigma, b.sigma),
      cut: mixDistance(r, a.cut, b.cut),
    };
  }
  protected initOne(i: number, j: number, c: Soft): number {
    this.table.set(0, i, j, c.eps);
    this.table.set(1, i, j, c.sigma);
    this.table.set(2, i, j, c.cut * c.cut);
    return c.cut;
  }
  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const { xAll: x, type, nlocal } = ctx.ghosts,
      { offset, list } = ctx.list,
      t = this.table;
    for (let i = 0; i < nlocal; i++) {
      for (let k = offset[i]; k < offset[i + 1]; k++) {
        const j = list[k];
        const dx = x[3 * i] - x[3 * j],
          dy = x[3 * i + 1] - x[3 * j + 1],
          dz = x[3 * i + 2] - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq >= t.get(2, type[i], type[j])) continue;
        const r = Math.sqrt(rsq),
          eps = t.get(0, type[i], type[j]),
          sigma = t.get(1, type[i], type[j]);
        const u = 1 - r / sigma;
        if (flags.energy) out.energy += eps * u * u;
        const fpair = (2 * eps * u) / (sigma * r); // -dE/dr / r
        out.f[3 * i] += dx * fpair;
        out.f[3 * i + 1] += dy * fpair;
        out.f[3 * i + 2] += dz * fpair;
        out.f[3 * j] -= dx * fpair;
        out.f[3 * j + 1] -= dy * fpair;
        out.f[3 * j + 2] -= dz * fpair;
      }
    }
  }
  /** Test access to what pair_coeff set (undefined: setflag 0). */
  setFor(i: number, j: number): Soft | undefined {
    return this.coeffOf(i, j);
  }
}

const sys = (ntypes: number) => ({ ntypes }) as AtomSystem;

describe('pair_coeff type ranges (LAMMPS utils::bounds)', () => {
  const set = (ranges: [string, string][]) => {
    const p = new PairSoftTest();
    for (const [a, b] of ranges) p.coeff([a, b, '1', '1'], sys(5));
    const out: string[] = [];
    for (let i = 1; i <= 5; i++) for (let j = i; j <= 5; j++) if (p.setFor(i, j)) out.push(`${i}${j}`);
    return out;
  };
  it('* selects every pair i <= j once', () => {
    expect(set([['*', '*']])).toHaveLength(15);
  });
  it('m*n, *n, n* and single types', () => {
    expect(set([['2*4', '2*4']])).toEqual(['22', '23', '24', '33', '34', '44']);
    expect(set([['*2', '5']])).toEqual(['15', '25']);
    expect(set([['4*', '*']])).toEqual(['44', '45', '55']);
  });
  it('a pair set as 1 3 is found in either order', () => {
    const p = new PairSoftTest();
    p.coeff(['1', '3', '2', '1'], sys(3));
    expect(p.setFor(3, 1)?.eps).toBe(2);
  });
  it('a range that selects no pair, or reaches past ntypes, is an error', () => {
    const p = new PairSoftTest();
    // LAMMPS 29 Sep 2021 stops on `pair_coeff 3 1 1.0 1.0` and `pair_coeff 3* 1 ...` alike.
    expect(() => p.coeff(['3', '1', '1', '1'], sys(3))).toThrow(/Incorrect args for pair coefficients/);
    expect(() => p.coeff(['3*', '1', '1', '1'], sys(3))).toThrow(/Incorrect args for pair coefficients/);
    expect(() => p.coeff(['3', '*2', '1', '1'], sys(3))).toThrow(/Incorrect args for pair coefficients/);
    expect(() => p.coeff(['1', '4', '1', '1'], sys(3))).toThrow(/out of bounds/);
    expect(() => p.coeff(['1', 'x', '1', '1'], sys(3))).toThrow(/Invalid type range/);
  });
});

/**
 * Mixed i != j coefficients against LAMMPS 29 Sep 2021: pair_style lj/cut 2.5, pair_coeff 1 1 1.0
 * 1.0 / 2 2 0.5 1.7 3.1 / 3 3 2.25 0.8 2.2, pair_modify mix <rule>, then `write_data data pair ij`
 * (PairIJ Coeffs: eps sigma cut, printed to 6 digits).
 */
const LAMMPS_MIXED: Record<string, Record<string, [number, number, number]>> = {
  geometric: {
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: LAMMPS's write_data prints 6 significant digits
    '1 2': [0.707107, 1.30384, 2.78388],
    '1 3': [1.5, 0.894427, 2.34521],
    '2 3': [1.06066, 1.16619, 2.61151],
  },
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: LAMMPS's write_data prints 6 significant digits
  arithmetic: { '1 2': [0.707107, 1.35, 2.8], '1 3': [1.5, 0.9, 2.35], '2 3': [1.06066, 1.25, 2.65] },
  sixthpower: {
    '1 2': [0.2764, 1.52481, 2.87594],
    '1 3': [1.21698, 0.926147, 2.37344],
    '2 3': [0.218695, 1.51726, 2.81768],
  },
};

describe('pair_modify mix: the values LAMMPS writes', () => {
  for (const [rule, pairs] of Object.entries(LAMMPS_MIXED)) {
    it(rule, () => {
      const p = new PairSoftTest();
      p.coeff(['1', '1', '1.0', '1.0', '2.5'], sys(3));
      p.coeff(['2', '2', '0.5', '1.7', '3.1'], sys(3));
      p.coeff(['3', '3', '2.25', '0.8', '2.2'], sys(3));
      p.modify(['mix', rule]);
      p.init(sys(3));
      const lj = new PairLJCut();
      lj.settings(['2.5']);
      for (const c of [
        ['1', '1', '1.0', '1.0'],
        ['2', '2', '0.5', '1.7', '3.1'],
        ['3', '3', '2.25', '0.8', '2.2'],
      ])
        lj.coeff(c, sys(3));
      lj.modify(['mix', rule]);
      lj.init(sys(3));
      for (const [ij, [eps, sigma, cut]] of Object.entries(pairs)) {
        const [i, j] = ij.split(' ').map(Number);
        for (const [a, b] of [
          [i, j],
          [j, i],
        ]) {
          expect(Math.abs(p.table.get(0, a, b) / eps - 1), `${rule} eps ${a} ${b}`).toBeLessThan(5e-6);
          expect(Math.abs(p.table.get(1, a, b) / sigma - 1), `${rule} sigma ${a} ${b}`).toBeLessThan(5e-6);
          expect(Math.abs(p.typeCutoff(a, b) / cut - 1), `${rule} cut ${a} ${b}`).toBeLessThan(5e-6);
          // lj/cut on the same base: lj3 = 4 eps sigma^12 with the mixed values, cut from the global 2.5 for 1 1.
          const lj3 = lj.tab[3 * 16 + a * 4 + b];
          expect(Math.abs(lj3 / (4 * eps * sigma ** 12) - 1), `${rule} lj3 ${a} ${b}`).toBeLessThan(5e-5);
          expect(Math.abs(lj.typeCutoff(a, b) / cut - 1), `${rule} lj/cut cut ${a} ${b}`).toBeLessThan(5e-6);
        }
      }
      expect(p.cutoff()).toBe(3.1);
    });
  }
  it('an explicit i != j pair_coeff is not mixed', () => {
    const p = new PairSoftTest();
    p.coeff(['*', '*', '1', '1'], sys(2));
    p.coeff(['1', '2', '7', '0.5'], sys(2));
    p.init(sys(2));
    expect(p.table.get(0, 2, 1)).toBe(7);
    expect(p.table.get(1, 1, 2)).toBe(0.5);
  });
  it('unknown rules and keywords are errors', () => {
    expect(() => new PairSoftTest().modify(['mix', 'harmonic'])).toThrow(/Illegal pair_modify mix 'harmonic'/);
    expect(() => new PairSoftTest().modify(['table', '0'])).toThrow(
      /Illegal pair_modify keyword 'table' for soft\/test/,
    );
  });
});

describe('init', () => {
  it('an unset i,i pair stops init with "All pair coeffs are not set" naming the types', () => {
    const p = new PairSoftTest();
    p.coeff(['1', '*', '1', '1'], sys(3));
    expect(() => p.init(sys(3))).toThrow(/All pair coeffs are not set \(soft\/test types 2 2\)/);
  });
  it('the style computes with the tables the base packed: E and F of one pair', () => {
    const p = new PairSoftTest();
    p.coeff(['1', '1', '2', '1.5'], sys(2));
    p.coeff(['2', '2', '1', '1.0'], sys(2));
    p.init(sys(2)); // 1-2: eps sqrt(2), sigma sqrt(1.5)
    const ctx = {
      ghosts: { xAll: Float64Array.of(0, 0, 0, 0.3, 0.4, 0), type: Int32Array.of(1, 2), nlocal: 2 },
      list: { offset: Int32Array.of(0, 1, 1), list: Int32Array.of(1) },
    } as unknown as PairContext;
    const out = { f: new Float64Array(6), energy: 0 } as unknown as ForceBuffers;
    p.compute(ctx, out, { energy: true, virial: false, eatom: false, vatom: false });
    const eps = Math.SQRT2,
      sigma = Math.sqrt(1.5),
      r = 0.5;
    expect(out.energy).toBeCloseTo(eps * (1 - r / sigma) ** 2, 14);
    const f = (2 * eps * (1 - r / sigma)) / sigma; // -dE/dr along x_i - x_j
    expect(out.f[0]).toBeCloseTo((-0.3 / r) * f, 14);
    expect(out.f[4]).toBeCloseTo((0.4 / r) * f, 14);
  });
});
