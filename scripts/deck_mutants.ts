/**
 * Seeded mutants of small decks and data files, for fuzzing the deck interpreter (the in-process
 * test test/fuzz/deck_fuzz.test.ts and the CLI script scripts/fuzz_decks.ts share them).
 * Mutations: delete, duplicate or swap a token, replace a number by 0 / -1 / 1e999 / NaN / a huge
 * or fractional or hex value, duplicate or delete a line, truncate the file. Every base deck runs
 * cleanly unmutated in well under a second, so each mutant is small.
 */

/** One fuzz case: the deck text (file in.deck) and the other files it reads, by name. */
export interface Mutant {
  name: string;
  deck: string;
  files: Record<string, string>;
}

const LJ = `# LJ melt, small
units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.44 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 2 check yes
fix 1 all nve
thermo 10
run 30
`;

const NVT = `variable t equal 1.0
variable n loop 2
units lj
lattice sc 0.9
region box block 0 3 0 3 0 3
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.5 1234
mass * 1.0
velocity all create \${t} 4928 dist gaussian
pair_style lj/cut 2.0
pair_coeff * * 1.0 1.0
label top
fix 1 all nvt temp \${t} 1.5 0.5
thermo_style custom step temp pe etotal press
thermo 5
run 10
next n
jump SELF top
include extra.in
`;

const EXTRA = `unfix 1
fix 2 all langevin 1.0 1.2 0.5 48279
fix 3 all nve
run 10 start 0 stop 100
`;

const DATA_DECK = `units metal
atom_style atomic
boundary p p p
read_data atoms.data
pair_style lj/cut 5.0
pair_coeff * * 0.0104 3.4
velocity all create 50 1111
fix 1 all npt temp 50 50 0.1 iso 0 0 1.0
thermo 5
run 10
minimize 1e-6 1e-8 20 200
`;

const DATA = `LAMMPS data file for fuzzing

8 atoms
2 atom types

0.0 7.0 xlo xhi
0.0 7.0 ylo yhi
0.0 7.0 zlo zhi
0.5 0.0 0.0 xy xz yz

Masses

1 39.948
2 83.798

Atoms # atomic

1 1 0.0 0.0 0.0 0 0 0
2 1 3.5 0.0 0.0 0 0 0
3 1 0.0 3.5 0.0 0 0 0
4 2 0.0 0.0 3.5 0 0 0
5 2 3.5 3.5 0.0 0 0 0
6 1 3.5 0.0 3.5 0 0 0
7 2 0.0 3.5 3.5 0 0 0
8 1 3.5 3.5 3.5 0 0 0

Velocities

1 0.01 0.0 0.0
2 0.0 0.01 0.0
3 0.0 0.0 0.01
4 -0.01 0.0 0.0
5 0.0 -0.01 0.0
6 0.0 0.0 -0.01
7 0.01 0.01 0.0
8 -0.01 -0.01 0.0
`;

const SINGLE = `units lj
boundary p p f
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 single 1.0 1.0 1.0
create_atoms 1 single 2.2 1.0 1.0
create_atoms 1 single 1.0 2.2 1.0 units box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
fix 1 all temp/berendsen 1.0 1.0 0.5
fix 2 all nve
min_style fire
min_modify dmax 0.1
minimize 1e-4 1e-6 20 100
velocity all set 0.1 0 0 units box
run 40 upto
`;

/** The unmutated cases: each runs cleanly. */
/** Groups and the fixes and outputs that act on them (group styles, fix_modify, c_ID / f_ID). */
const GROUPS = `units lj
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 2 box
create_atoms 1 box
region left block 0 1.5 INF INF INF INF
group left region left
group right subtract all left
group odd id 1:108:2
set group odd type 2
mass * 1.0
velocity left create 1.2 4928 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0
compute tl left temp
compute r all reduce max vx fx
fix 1 left nve
fix 2 right nvt temp 1.0 1.0 0.5
fix 3 left spring tether 5.0 1.0 NULL 1.0 0.0
fix_modify 3 energy yes
fix 4 odd addforce 0.1 0.0 0.0
fix_modify 4 virial yes
variable e equal f_3+c_tl
thermo_style custom step temp pe press c_tl c_r[2] f_2 f_3[4] v_e
thermo 5
run 10
`;

export const BASES: Mutant[] = [
  { name: 'lj', deck: LJ, files: {} },
  { name: 'nvt', deck: NVT, files: { 'extra.in': EXTRA } },
  { name: 'data', deck: DATA_DECK, files: { 'atoms.data': DATA } },
  { name: 'single', deck: SINGLE, files: {} },
  { name: 'groups', deck: GROUPS, files: {} },
];

/** Values a number is swapped for. */
const SWAPS = ['0', '-1', '1e999', 'NaN', '1e308', '0.5', '0x1p3', '-1e308', 'inf', '2147483648'];

/** Park-Miller style generator: mutants depend on the seed only. */
class Rng {
  constructor(private s: number) {
    this.s = s % 2147483647 || 1;
  }
  next(): number {
    this.s = (this.s * 48271) % 2147483647;
    return this.s / 2147483647;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
}

type Mutation = (text: string, r: Rng) => [string, string];

/** Token positions [start, end) in text, excluding comments. */
function tokens(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /[^\s#]+/g;
  for (const line of lineStarts(text)) {
    const body = text.slice(line[0], line[1]).replace(/#.*/, (c) => ' '.repeat(c.length));
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body))) out.push([line[0] + m.index, line[0] + m.index + m[0].length]);
  }
  return out;
}

function lineStarts(text: string): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++)
    if (i === text.length || text[i] === '\n') {
      out.push([s, i]);
      s = i + 1;
    }
  return out;
}

const isNumber = (t: string) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t);

const MUTATIONS: Mutation[] = [
  (t, r) => {
    const [a, b] = r.pick(tokens(t));
    return [`delete token '${t.slice(a, b)}'`, t.slice(0, a) + t.slice(b)];
  },
  (t, r) => {
    const [a, b] = r.pick(tokens(t));
    return [`duplicate token '${t.slice(a, b)}'`, `${t.slice(0, b)} ${t.slice(a, b)}${t.slice(b)}`];
  },
  (t, r) => {
    const nums = tokens(t).filter(([a, b]) => isNumber(t.slice(a, b)));
    const [a, b] = r.pick(nums);
    const v = r.pick(SWAPS);
    return [`number '${t.slice(a, b)}' -> ${v}`, t.slice(0, a) + v + t.slice(b)];
  },
  (t, r) => {
    const nums = tokens(t).filter(([a, b]) => isNumber(t.slice(a, b)));
    const [a, b] = r.pick(nums);
    const v = r.pick(SWAPS);
    return [`number '${t.slice(a, b)}' -> ${v}`, t.slice(0, a) + v + t.slice(b)];
  },
  (t, r) => {
    const lines = t.split('\n');
    const k = r.int(lines.length);
    lines.splice(k, 0, lines[k]);
    return [`duplicate line ${k + 1}`, lines.join('\n')];
  },
  (t, r) => {
    const lines = t.split('\n');
    const k = r.int(lines.length);
    lines.splice(k, 1);
    return [`delete line ${k + 1}`, lines.join('\n')];
  },
  (t, r) => {
    const k = r.int(t.length);
    return [`truncate at ${k}`, t.slice(0, k)];
  },
  (t, r) => {
    const [a, b] = r.pick(tokens(t));
    const q = r.pick(['"', "'", '${x', '$(', '&']);
    return [`insert ${q} before '${t.slice(a, b)}'`, t.slice(0, a) + q + t.slice(a)];
  },
];

/** `count` mutants from `seed`: a base case, one of its files (deck or data), one to three mutations. */
export function mutants(seed: number, count: number): Mutant[] {
  const r = new Rng(seed);
  const out: Mutant[] = [];
  for (let k = 0; k < count; k++) {
    const base = BASES[k % BASES.length];
    const names = ['in.deck', ...Object.keys(base.files)];
    const target = r.pick(names);
    let text = target === 'in.deck' ? base.deck : base.files[target];
    const what: string[] = [];
    const nmut = 1 + (r.next() < 0.3 ? r.int(3) : 0);
    for (let m = 0; m < nmut; m++) {
      // Token and number mutations need something to act on (a truncated file may have none).
      if (tokens(text).filter(([a, b]) => isNumber(text.slice(a, b))).length === 0) break;
      const [desc, next] = r.pick(MUTATIONS)(text, r);
      what.push(desc);
      text = next;
    }
    const files = { ...base.files };
    const deck = target === 'in.deck' ? text : base.deck;
    if (target !== 'in.deck') files[target] = text;
    out.push({ name: `${base.name}#${k} ${target}: ${what.join('; ')}`, deck, files });
  }
  return out;
}
