/** Learning-rate schedules: functions of the optimizer step count (0 before the first update). */
export type LrSchedule = (step: number) => number;

/**
 * TF's PiecewiseConstantDecay: values[0] while step <= boundaries[0], values[i] while
 * boundaries[i-1] < step <= boundaries[i], values[last] after. Requires values.length = boundaries.length + 1.
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): LrSchedule {
  if (values.length !== boundaries.length + 1) {
    throw new Error(
      `piecewiseConstant: ${values.length} values need ${values.length - 1} boundaries, got ${boundaries.length}`,
    );
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i] > boundaries[i - 1])) throw new Error('piecewiseConstant: boundaries must increase');
  }
  const b = [...boundaries],
    v = [...values];
  return (step: number) => {
    for (let i = 0; i < b.length; i++) if (step <= b[i]) return v[i];
    return v[v.length - 1];
  };
}

/**
 * TF's ExponentialDecay: lr0 * rate^(step / decaySteps), with the exponent floored when staircase.
 */
export function exponentialDecay(lr0: number, decaySteps: number, rate: number, staircase = false): LrSchedule {
  if (!(decaySteps > 0)) throw new Error('exponentialDecay: decaySteps must be > 0');
  return (step: number) => {
    const e = step / decaySteps;
    return lr0 * Math.pow(rate, staircase ? Math.floor(e) : e);
  };
}
