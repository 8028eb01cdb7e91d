import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupCount } from './groups.js';
import { type PeratomSource, resolvePeratomRef } from './peratom_refs.js';
import type { Simulation } from './simulation.js';
import { expandPeratomWildcards } from './wildcard_args.js';

const MODES = ['sum', 'min', 'max', 'ave', 'sumsq', 'avesq', 'sumabs', 'aveabs'] as const;
type Mode = (typeof MODES)[number];

/** Per-atom inputs: which array (x, v, f) and component, or a per-atom compute / atom-style variable. */
type Input = [arr: 'x' | 'v' | 'f', d: number] | PeratomSource;

/** The atom attributes reduce reads directly. */
const INPUTS: Record<string, [arr: 'x' | 'v' | 'f', d: number]> = {
  x: ['x', 0],
  y: ['x', 1],
  z: ['x', 2],
  vx: ['v', 0],
  vy: ['v', 1],
  vz: ['v', 2],
  fx: ['f', 0],
  fy: ['f', 1],
  fz: ['f', 2],
};

/** LAMMPS's start value of min/max reductions (compute_reduce.cpp BIG), what an empty group gives. */
const BIG = 1.0e20;

/**
 * compute ID group reduce mode input1 [input2 ...] (LAMMPS ComputeReduce) over the group's atoms,
 * inputs x y z (wrapped positions) vx vy vz fx fy fz: one input gives the scalar c_ID, several the
 * vector c_ID[1..n]. Inputs may also be per-atom computes (c_ID, c_ID[i]) and atom-style
 * variables (v_name), evaluated when the reduction is. Modes sum, sumsq, sumabs (extensive), min,
 * max, ave, avesq, aveabs (intensive; ave* divide by the group's atom count). Per-atom fixes as
 * inputs and the replace keyword are not supported yet.
 */
export class ComputeReduce extends GlobalCompute {
  readonly sizeVector: number;
  readonly extensiveScalar: boolean;
  readonly extensiveVector: boolean;
  private readonly vector: Float64Array;

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly mode: Mode,
    private readonly inputs: readonly Input[],
  ) {
    super(id, 'reduce');
    this.sizeVector = inputs.length > 1 ? inputs.length : 0;
    this.extensiveScalar = this.extensiveVector = mode === 'sum' || mode === 'sumsq' || mode === 'sumabs';
    this.vector = new Float64Array(inputs.length);
  }

  computeScalar(sim: Simulation): number {
    return this.reduce(sim, 0);
  }

  computeVector(sim: Simulation): Float64Array {
    for (let m = 0; m < this.inputs.length; m++) this.vector[m] = this.reduce(sim, m);
    return this.vector;
  }

  private reduce(sim: Simulation, m: number): number {
    const s = sim.system;
    const input = this.inputs[m];
    // Attributes are read in place (stride 3, component d); other inputs give one value per atom.
    const direct = Array.isArray(input);
    const a = direct ? s[input[0]] : input.values(sim);
    const stride = direct ? 3 : 1;
    const d = direct ? input[1] : 0;
    const mask = s.mask,
      bit = this.groupBit,
      mode = this.mode;
    let one = mode === 'min' ? BIG : mode === 'max' ? -BIG : 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const val = a[stride * i + d];
      if (mode === 'sum' || mode === 'ave') one += val;
      else if (mode === 'sumsq' || mode === 'avesq') one += val * val;
      else if (mode === 'sumabs' || mode === 'aveabs') one += Math.abs(val);
      else if (mode === 'min') one = Math.min(one, val);
      else one = Math.max(one, val);
    }
    if (mode === 'ave' || mode === 'avesq' || mode === 'aveabs') {
      const n = groupCount(s, bit);
      if (n > 0) one /= n;
    }
    return one;
  }
}

export function createComputeReduce(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute reduce', args);
  a.need(2, 'mode input1 ...');
  const mode = a.oneOf('mode', MODES);
  const inputs: Input[] = [];
  // c_ID[*] over a per-atom array's columns (LAMMPS expand_args, mode 1).
  for (const w of expandPeratomWildcards(sim, args.slice(a.pos))) {
    if (w === 'replace') a.fail('keyword replace is not supported yet');
    const input = Object.hasOwn(INPUTS, w) ? INPUTS[w] : resolvePeratomRef(sim, w, 'Compute reduce');
    if (!input)
      a.fail(`input '${w}' is not supported (supported: ${Object.keys(INPUTS).join(' ')} c_ID c_ID[i] v_name)`);
    inputs.push(input!);
  }
  a.pos = args.length;
  return new ComputeReduce(id, sim.groups.bit(group, 'compute'), mode, inputs);
}
