import { invokeArray } from './compute.js';
import { groupCount, groupMass, groupVcm, groupXcm } from './groups.js';
import { parseOutputRef, resolveOutputRef } from './output_refs.js';
import type { RanMars } from './random_mars.js';
import type { Simulation } from './simulation.js';
import type { AtomSystem } from './system.js';

/**
 * LAMMPS's formula language (Variable::evaluate), compiled once per evaluation into closures.
 * A node gives its value for atom i (local index); equal-style formulas are evaluated with i = -1
 * and may not contain per-atom values. Precedence, highest first, as LAMMPS documents it: unary
 * − and !, ^ (left to right), * / %, + −, < <= > >=, == !=, &&, || and |^ (xor).
 *
 * Atoms: numbers; constants PI, version, on/off, true/false, yes/no; thermo keywords; v_name;
 * c_ID, c_ID[i], f_ID, f_ID[i] (global values, or per-atom ones in atom-style formulas); atom
 * values id mass type mol q x y z vx vy vz fx fy fz (atom-style), and the same of one atom by ID
 * as x[ID] or x[v_name] (any style); math functions (random and normal with LAMMPS's generators), group functions count mass xcm vcm fcm bound gyration ke,
 * and the special functions sum min max ave trap slope of a compute's or fix's global vector or array column.
 */
export type Node = (i: number) => number;

/** What the compiler needs from the variable store. */
export interface FormulaHost {
  /** Value of an equal-style (or index/string/loop numeric) variable. */
  evaluate(name: string): number;
  /** Style of a variable, undefined when not defined. */
  styleOf(name: string): string | undefined;
  /** Per-atom values of an atom-style variable (n entries, a fresh array). */
  evaluateAtomArray(name: string): Float64Array;
  /**
   * LAMMPS's generators of random() and normal(): one for equal-style and one for atom-style
   * formulas, each seeded by the first call that needs it (Variable randomequal / randomatom).
   */
  rng(kind: 'equal' | 'atom', seed: number): RanMars;
}

/** Math functions whose argument range LAMMPS checks, with its message. */
const DOMAIN: Record<string, [(...a: number[]) => boolean, string]> = {
  sqrt: [(x) => x >= 0, 'Sqrt of negative value'],
  ln: [(x) => x > 0, 'Log of zero/negative value'],
  log: [(x) => x > 0, 'Log of zero/negative value'],
  asin: [(x) => x >= -1 && x <= 1, 'Arcsin of invalid value'],
  acos: [(x) => x >= -1 && x <= 1, 'Arccos of invalid value'],
};

/** Math functions of numbers only, with their argument counts. */
const FUNCS: Record<string, [number, (...a: number[]) => number]> = {
  sqrt: [1, Math.sqrt],
  exp: [1, Math.exp],
  ln: [1, Math.log],
  log: [1, Math.log10],
  abs: [1, Math.abs],
  sin: [1, Math.sin],
  cos: [1, Math.cos],
  tan: [1, Math.tan],
  asin: [1, Math.asin],
  acos: [1, Math.acos],
  atan: [1, Math.atan],
  atan2: [2, Math.atan2],
  ceil: [1, Math.ceil],
  floor: [1, Math.floor],
  // LAMMPS MYROUND: halves away from floor (upwards), as Math.round.
  round: [1, Math.round],
  min: [2, Math.min],
  max: [2, Math.max],
  ternary: [3, (c, a, b) => (c !== 0 ? a : b)],
};

/** Math functions that read the timestep (LAMMPS Variable::math_function), with their argument counts. */
const STEP_FUNCS: Record<string, [number, (sim: Simulation, ...a: number[]) => number]> = {
  // x + (y−x)·(step − begin)/(end − begin): a ramp over the run (run start/stop honoured).
  ramp: [
    2,
    (s, x, y) => {
      const span = s.endStep - s.beginStep;
      const delta = span > 0 ? (s.step - s.beginStep) / span : 0;
      return x + delta * (y - x);
    },
  ],
  // x + y·dt·(step − begin): a position moving at velocity y.
  vdisplace: [2, (s, x, y) => x + y * (s.dt * (s.step - s.beginStep))],
  // x + y·sin(2π t/z), t the time since the run began.
  swiggle: [3, (s, x, y, z) => x + y * Math.sin(((2 * Math.PI) / z) * s.dt * (s.step - s.beginStep))],
  // x + y·(1 − cos(2π t/z)).
  cwiggle: [3, (s, x, y, z) => x + y * (1.0 - Math.cos(((2 * Math.PI) / z) * s.dt * (s.step - s.beginStep)))],
  // Next step of x, x+y, x+2y ... after the current one (LAMMPS stagger).
  stagger: [
    2,
    (s, x, y) => {
      const lower = Math.floor(s.step / x) * x;
      const delta = s.step - lower;
      return delta < y ? lower + y : lower + x;
    },
  ],
  // Next step of x, 2x ... y·x, then x·z^k-scaled (LAMMPS logfreq).
  logfreq: [
    3,
    (s, x, y, z) => {
      if (s.step < x) return x;
      let lower = x;
      while (s.step >= z * lower) lower *= z;
      const multiple = Math.floor(s.step / lower);
      return multiple < y ? (multiple + 1) * lower : lower * z;
    },
  ],
  // Next multiple of z between x and y (LAMMPS stride), a huge step past y.
  stride: [
    3,
    (s, x, y, z) => {
      if (s.step < x) return x;
      if (s.step < y) {
        const next = x + (Math.floor((s.step - x) / z) + 1) * z;
        return next <= y ? next : 9.2e18;
      }
      return 9.2e18;
    },
  ],
};

/** Atom values by name: value of local atom i. */
const ATOM_VALUES: Record<string, (s: AtomSystem, i: number) => number> = {
  id: (s, i) => s.tag[i],
  mass: (s, i) => s.massOf(i),
  type: (s, i) => s.type[i],
  mol: (s, i) => s.molecule[i],
  q: (s, i) => s.q[i],
  x: (s, i) => s.x[3 * i],
  y: (s, i) => s.x[3 * i + 1],
  z: (s, i) => s.x[3 * i + 2],
  vx: (s, i) => s.v[3 * i],
  vy: (s, i) => s.v[3 * i + 1],
  vz: (s, i) => s.v[3 * i + 2],
  fx: (s, i) => s.f[3 * i],
  fy: (s, i) => s.f[3 * i + 1],
  fz: (s, i) => s.f[3 * i + 2],
};

const GROUP_FUNCS = new Set(['count', 'mass', 'xcm', 'vcm', 'fcm', 'bound', 'gyration', 'ke']);
const SPECIAL_FUNCS = new Set(['sum', 'min', 'max', 'ave', 'trap', 'slope']);

export class FormulaCompiler {
  private pos = 0;
  /** Whether the compiled formula reads per-atom values (then it must be atom-style). */
  perAtom = false;

  constructor(
    private readonly s: string,
    private readonly sim: Simulation,
    private readonly host: FormulaHost,
    private readonly atomStyle: boolean,
  ) {}

  compile(): Node {
    const v = this.or();
    this.ws();
    if (this.pos < this.s.length) this.fail(`unexpected '${this.s.slice(this.pos)}'`);
    return v;
  }

  private fail(msg: string): never {
    throw new Error(`Invalid formula '${this.s}': ${msg}`);
  }

  private ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  private eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.pos)) {
      this.pos += tok.length;
      return true;
    }
    return false;
  }

  private or(): Node {
    let a = this.and();
    for (;;) {
      if (this.eat('||')) {
        const l = a,
          r = this.and();
        a = (i) => (l(i) !== 0 || r(i) !== 0 ? 1 : 0);
      } else if (this.eat('|^')) {
        const l = a,
          r = this.and();
        a = (i) => ((l(i) === 0) !== (r(i) === 0) ? 1 : 0);
      } else return a;
    }
  }

  private and(): Node {
    let a = this.eq();
    while (this.eat('&&')) {
      const l = a,
        r = this.eq();
      a = (i) => (l(i) !== 0 && r(i) !== 0 ? 1 : 0);
    }
    return a;
  }

  private eq(): Node {
    let a = this.rel();
    for (;;) {
      const l = a;
      if (this.eat('==')) {
        const r = this.rel();
        a = (i) => (l(i) === r(i) ? 1 : 0);
      } else if (this.eat('!=')) {
        const r = this.rel();
        a = (i) => (l(i) !== r(i) ? 1 : 0);
      } else return a;
    }
  }

  private rel(): Node {
    let a = this.add();
    for (;;) {
      const l = a;
      if (this.eat('<=')) {
        const r = this.add();
        a = (i) => (l(i) <= r(i) ? 1 : 0);
      } else if (this.eat('>=')) {
        const r = this.add();
        a = (i) => (l(i) >= r(i) ? 1 : 0);
      } else if (this.eat('<')) {
        const r = this.add();
        a = (i) => (l(i) < r(i) ? 1 : 0);
      } else if (this.eat('>')) {
        const r = this.add();
        a = (i) => (l(i) > r(i) ? 1 : 0);
      } else return a;
    }
  }

  private add(): Node {
    let a = this.mul();
    for (;;) {
      const l = a;
      if (this.eat('+')) {
        const r = this.mul();
        a = (i) => l(i) + r(i);
      } else if (this.eat('-')) {
        const r = this.mul();
        a = (i) => l(i) - r(i);
      } else return a;
    }
  }

  private mul(): Node {
    let a = this.pow();
    for (;;) {
      const l = a;
      if (this.eat('*')) {
        const r = this.pow();
        a = (i) => l(i) * r(i);
      } else if (this.eat('/')) {
        const r = this.pow();
        a = (i) => {
          const b = r(i);
          if (b === 0) this.fail('divide by 0');
          return l(i) / b;
        };
      } else if (this.eat('%')) {
        const r = this.pow();
        a = (i) => {
          const b = r(i);
          if (b === 0) this.fail('modulo 0');
          return l(i) % b;
        };
      } else return a;
    }
  }

  private pow(): Node {
    let a = this.unary();
    while (this.eat('^')) {
      const l = a,
        r = this.unary();
      a = (i) => {
        const x = l(i),
          y = r(i);
        const p = x ** y;
        if (!Number.isFinite(p)) this.fail(`${x}^${y} is ${p}`);
        return p;
      };
    }
    return a;
  }

  private unary(): Node {
    if (this.eat('-')) {
      const a = this.unary();
      return (i) => -a(i);
    }
    if (this.eat('!')) {
      const a = this.unary();
      return (i) => (a(i) === 0 ? 1 : 0);
    }
    return this.atom();
  }

  private constant(x: number): Node {
    return () => x;
  }

  private atom(): Node {
    this.ws();
    if (this.eat('(')) {
      const v = this.or();
      if (!this.eat(')')) this.fail('missing )');
      return v;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.s.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      const x = Number(num[0]);
      if (!Number.isFinite(x)) this.fail(`number ${num[0]} is out of range`);
      return this.constant(x);
    }
    const idm = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos));
    if (!idm) this.fail(`unexpected '${this.s.slice(this.pos)}'`);
    const name = idm[0];
    this.pos += name.length;
    if (this.eat('(')) return this.func(name);
    if (name.startsWith('c_') || name.startsWith('f_')) return this.outputRef(name);
    if (name.startsWith('v_')) return this.variableRef(name.slice(2));
    const atomValue = Object.hasOwn(ATOM_VALUES, name) ? ATOM_VALUES[name] : undefined;
    if (atomValue) {
      const idx = /^\[(\d+)\]/.exec(this.s.slice(this.pos));
      const sys = this.sim.system;
      const vidx = /^\[v_([A-Za-z0-9_]+)\]/.exec(this.s.slice(this.pos));
      if (vidx) {
        // x[v_name]: the atom whose ID is the (truncated) value of an equal-style variable (LAMMPS int_between_brackets)
        this.pos += vidx[0].length;
        const vars = this.sim.variables;
        const vname = vidx[1];
        if (!vars.has(vname)) this.fail(`Invalid variable name '${vname}' in variable formula`);
        return () => {
          const tag = Math.trunc(vars.evaluate(vname));
          if (tag < 1) this.fail(`Index between variable brackets must be positive (${vname} = ${tag})`);
          const i = sys.tag.subarray(0, sys.n).indexOf(tag);
          if (i < 0) this.fail(`variable atom ID ${tag} does not exist`);
          return atomValue(sys, i);
        };
      }
      if (idx) {
        // x[ID]: the value of one atom, by ID (any style).
        this.pos += idx[0].length;
        const tag = Number(idx[1]);
        return () => {
          const i = sys.tag.subarray(0, sys.n).indexOf(tag);
          if (i < 0) this.fail(`variable atom ID ${tag} does not exist`);
          return atomValue(sys, i);
        };
      }
      if (this.atomStyle) {
        this.perAtom = true;
        return (i) => atomValue(sys, i);
      }
    }
    const c = CONSTANTS[name];
    if (c !== undefined) return this.constant(c);
    if (this.sim.thermo.hasKeyword(name)) {
      const th = this.sim.thermo;
      return () => th.keywordValue(name);
    }
    if (atomValue) this.fail(`atom value '${name}' in a formula that is not atom-style`);
    return this.fail(`unknown name '${name}'`);
  }

  /** c_ID, c_ID[i], f_ID, f_ID[i]: the raw (never normalised) global value, or per-atom in atom-style. */
  private outputRef(name: string): Node {
    const idx = /^\[(\d+)\]/.exec(this.s.slice(this.pos));
    if (idx) this.pos += idx[0].length;
    const ref = parseOutputRef(idx ? `${name}${idx[0]}` : name);
    if (!ref) this.fail(`invalid reference '${name}'`);
    const sim = this.sim;
    if (ref.kind === 'c') {
      const c = sim.computes.find((x) => x.id === ref.id);
      const global = ref.index === 0 ? c?.computeScalar : c?.computeVector;
      const cols = c?.peratomCols;
      if (c && !global && cols !== undefined && (ref.index === 0) === (cols === 0) && ref.index <= cols) {
        if (!this.atomStyle) this.fail(`per-atom compute ${name} in a formula that is not atom-style`);
        this.perAtom = true;
        const a = c.computePeratom!(sim);
        const stride = Math.max(1, cols),
          off = Math.max(0, ref.index - 1);
        return (i) => a[stride * i + off];
      }
    }
    const out = resolveOutputRef(sim, ref, 'Variable');
    return () => out.value(sim);
  }

  private variableRef(name: string): Node {
    const style = this.host.styleOf(name);
    if (style === 'atom' || style === 'atomfile') {
      if (!this.atomStyle) this.fail(`atom-style variable v_${name} in a formula that is not atom-style`);
      this.perAtom = true;
      const a = this.host.evaluateAtomArray(name);
      return (i) => a[i];
    }
    const host = this.host;
    return () => host.evaluate(name);
  }

  /** Arguments of a function call, as formula nodes. */
  private argNodes(): Node[] {
    const args: Node[] = [];
    if (!this.eat(')')) {
      do args.push(this.or());
      while (this.eat(','));
      if (!this.eat(')')) this.fail('missing ) after function arguments');
    }
    return args;
  }

  /** Arguments of a group or special function: plain words up to the closing parenthesis. */
  private argWords(): string[] {
    const end = this.s.indexOf(')', this.pos);
    if (end < 0) this.fail('missing ) after function arguments');
    const words = this.s
      .slice(this.pos, end)
      .split(',')
      .map((w) => w.trim());
    this.pos = end + 1;
    return words;
  }

  private func(name: string): Node {
    if (GROUP_FUNCS.has(name)) return this.groupFunc(name, this.argWords());
    if (name === 'gmask') return this.groupMask(this.argWords());
    if (SPECIAL_FUNCS.has(name)) {
      const save = this.pos;
      const words = this.argWords();
      if (words.length === 1 && /^[cfv]_/.test(words[0])) return this.specialFunc(name, words[0]);
      this.pos = save;
    }
    const args = this.argNodes();
    if (name === 'random' || name === 'normal') {
      if (args.length !== 3) this.fail(`${name}() takes 3 arguments, got ${args.length}`);
      const kind = this.atomStyle ? 'atom' : 'equal';
      const host = this.host;
      return (i) => {
        const x = args[0](i),
          y = args[1](i),
          seed = Math.trunc(args[2](i));
        if (seed <= 0) this.fail(`${name}(): the seed must be a positive integer`);
        const r = host.rng(kind, seed);
        // random: uniform in [x, y); normal: mean x, standard deviation y (LAMMPS's formulas).
        return name === 'random' ? r.uniform() * (y - x) + x : x + y * r.gaussian();
      };
    }
    const step = STEP_FUNCS[name];
    if (step) {
      if (args.length !== step[0]) this.fail(`${name}() takes ${step[0]} arguments, got ${args.length}`);
      const sim = this.sim;
      return (i) => step[1](sim, ...args.map((a) => a(i)));
    }
    const fn = FUNCS[name];
    if (!fn) this.fail(`unknown function ${name}()`);
    if (args.length !== fn[0]) this.fail(`${name}() takes ${fn[0]} arguments, got ${args.length}`);
    const dom = DOMAIN[name];
    return (i) => {
      const v = args.map((a) => a(i));
      if (dom && !dom[0](...v)) this.fail(`${dom[1]} ${name}(${v.join(',')})`);
      const r = fn[1](...v);
      if (!Number.isFinite(r)) this.fail(`${name}(${v.join(',')}) is ${r}`);
      return r;
    };
  }

  /** gmask(g): 1 for atoms in group g, else 0 (LAMMPS's atom-style special function). */
  private groupMask(words: string[]): Node {
    if (words.length !== 1) this.fail('gmask() takes 1 argument (group)');
    if (!this.atomStyle) this.fail('gmask() in a formula that is not atom-style');
    const bit = this.sim.groups.bit(words[0], 'group function');
    const sys = this.sim.system;
    this.perAtom = true;
    return (i) => (sys.mask[i] & bit ? 1 : 0);
  }

  /** count(g) mass(g) xcm(g,dim) vcm(g,dim) fcm(g,dim) bound(g,xmin..zmax) gyration(g) ke(g) (LAMMPS Group). */
  private groupFunc(name: string, words: string[]): Node {
    const sim = this.sim;
    const s = sim.system;
    const want = ['xcm', 'vcm', 'fcm', 'bound'].includes(name) ? 2 : 1;
    if (words.length !== want) this.fail(`${name}() takes ${want} arguments (group${want === 2 ? ', dim' : ''})`);
    const bit = sim.groups.bit(words[0], 'group function');
    const v3 = new Float64Array(3);
    const dim = (w: string): number => {
      const d = ['x', 'y', 'z'].indexOf(w);
      if (d < 0) this.fail(`${name}(): dimension must be x, y or z, got '${w}'`);
      return d;
    };
    switch (name) {
      case 'count':
        return () => groupCount(s, bit);
      case 'mass':
        return () => groupMass(s, bit);
      case 'xcm': {
        const d = dim(words[1]);
        return () => {
          groupXcm(s, bit, groupMass(s, bit), v3);
          return v3[d];
        };
      }
      case 'vcm': {
        const d = dim(words[1]);
        return () => {
          groupVcm(s, bit, groupMass(s, bit), v3);
          return v3[d];
        };
      }
      case 'fcm': {
        const d = dim(words[1]);
        return () => {
          let f = 0;
          for (let i = 0; i < s.n; i++) if (s.mask[i] & bit) f += s.f[3 * i + d];
          return f;
        };
      }
      case 'bound': {
        const k = ['xmin', 'xmax', 'ymin', 'ymax', 'zmin', 'zmax'].indexOf(words[1]);
        if (k < 0)
          this.fail(`bound(): the second argument must be xmin xmax ymin ymax zmin or zmax, got '${words[1]}'`);
        const d = k >> 1,
          isMax = (k & 1) === 1;
        return () => {
          // LAMMPS Group::bound: ±BIG when the group is empty.
          let b = isMax ? -1.0e20 : 1.0e20;
          for (let i = 0; i < s.n; i++) {
            if (!(s.mask[i] & bit)) continue;
            const x = s.x[3 * i + d];
            b = isMax ? Math.max(b, x) : Math.min(b, x);
          }
          return b;
        };
      }
      case 'gyration':
        return () => {
          // sqrt(Σ m |x_unwrapped − xcm|² / M) (LAMMPS Group::gyration).
          const m = groupMass(s, bit);
          groupXcm(s, bit, m, v3);
          const u = new Float64Array(3);
          let rg = 0;
          for (let i = 0; i < s.n; i++) {
            if (!(s.mask[i] & bit)) continue;
            s.box.unwrap(s.x, s.image, i, u);
            const dx = u[0] - v3[0],
              dy = u[1] - v3[1],
              dz = u[2] - v3[2];
            rg += (dx * dx + dy * dy + dz * dz) * s.massOf(i);
          }
          return m > 0 ? Math.sqrt(rg / m) : 0;
        };
      default: // ke
        return () => {
          let t = 0;
          for (let i = 0; i < s.n; i++) {
            if (!(s.mask[i] & bit)) continue;
            const k = 3 * i;
            t += (s.v[k] * s.v[k] + s.v[k + 1] * s.v[k + 1] + s.v[k + 2] * s.v[k + 2]) * s.massOf(i);
          }
          return 0.5 * s.units.mvv2e * t;
        };
    }
  }

  /**
   * sum/min/max/ave/trap/slope of a global vector (LAMMPS Variable::special_function): c_ID (a
   * compute's vector), c_ID[j] (column j of its array), f_ID (a fix's vector: fix vector's
   * samples), f_ID[j] (column j of a fix's array). LAMMPS's order of operations: trap sums every
   * element and then subtracts half the first and last; slope is the least-squares slope against
   * the element index, (n Σxy − Σx Σy) / (n Σxx − Σx²) with x = 0..n−1, and 1e20 for fewer than
   * two elements.
   */
  private specialFunc(name: string, word: string): Node {
    const sim = this.sim;
    const m = /^([cf])_([^[\]]+)(?:\[(\d+)\])?$/.exec(word);
    if (!m) this.fail(`${name}(${word}): the argument must be c_ID, c_ID[i], f_ID or f_ID[i] (a global vector)`);
    const col = m[3] === undefined ? 0 : Number(m[3]);
    // (n, element k) of the vector now; resolved when the formula is compiled, as LAMMPS does.
    let size: () => number;
    let at: (k: number) => number;
    if (m[1] === 'c') {
      const c = sim.computes.find((x) => x.id === m[2]);
      if (!c) this.fail(`invalid compute ID '${m[2]}' in variable formula`);
      if (col === 0 && c.computeVector && c.sizeVector) {
        let vec: Float64Array = new Float64Array(0);
        size = () => {
          vec = c.computeVector!(sim);
          return vec.length;
        };
        at = (k) => vec[k];
      } else if (col > 0 && c.sizeArrayCols > 0) {
        if (col > c.sizeArrayCols) this.fail(`Variable formula compute array is accessed out-of-range`);
        let arr: Float64Array = new Float64Array(0);
        const cols = c.sizeArrayCols;
        size = () => {
          arr = invokeArray(c, sim);
          return c.sizeArrayRows;
        };
        at = (k) => arr[k * cols + col - 1];
      } else this.fail(`Mismatched compute in variable formula: ${word}`);
    } else {
      const f = sim.fixes.find((x) => x.id === m[2]);
      if (!f) this.fail(`invalid fix ID '${m[2]}' in variable formula`);
      if (col === 0 && f.computeVector && f.vectorLength !== undefined && !(f.arrayCols! > 0)) {
        size = () => f.vectorLength!;
        at = (k) => f.computeVector!(sim, k);
      } else if (col > 0 && f.computeArray && f.arrayCols! > 0) {
        if (col > f.arrayCols!) this.fail(`Variable formula fix array is accessed out-of-range`);
        size = () => f.arrayRows!;
        at = (k) => f.computeArray!(sim, k, col - 1);
      } else this.fail(`Mismatched fix in variable formula: ${word}`);
    }
    return () => {
      const n = size();
      let value = name === 'min' ? 1.0e20 : name === 'max' ? -1.0e20 : 0.0;
      let sx = 0.0,
        sy = 0.0,
        sxx = 0.0,
        sxy = 0.0;
      for (let k = 0; k < n; k++) {
        const one = at(k);
        if (name === 'min') value = value < one ? value : one;
        else if (name === 'max') value = value > one ? value : one;
        else if (name === 'slope') {
          sx += k;
          sy += one;
          sxx += k * k;
          sxy += k * one;
        } else value += one;
      }
      if (name === 'trap' && n > 0) value -= 0.5 * at(0) + 0.5 * at(n - 1);
      // (LAMMPS divides by n even when it is 0; an empty vector averages to 0 here, not NaN)
      if (name === 'ave' && n > 0) value /= n;
      if (name === 'slope') {
        const numerator = n * sxy - sx * sy;
        const denominator = n * sxx - sx * sx;
        value = denominator !== 0.0 ? numerator / denominator : 1.0e20;
      }
      return value;
    };
  }
}

/** LAMMPS's named constants in formulas (version: 29 Sep 2021 as yyyymmdd). */
const CONSTANTS: Record<string, number> = {
  PI: Math.PI,
  version: 20210929,
  on: 1,
  off: 0,
  true: 1,
  false: 0,
  yes: 1,
  no: 0,
};
