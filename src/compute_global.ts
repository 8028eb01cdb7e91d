import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';

/**
 * Base of the computes whose output is a global scalar and/or vector only (compute temp, pe, ke,
 * reduce): the array part of the Compute contract is empty (0 x 0), so fix ave/time mode vector
 * refuses them and `c_ID` / `c_ID[i]` read them in thermo, variables and fix ave/time mode scalar.
 */
export abstract class GlobalCompute implements Compute {
  readonly sizeArrayRows = 0;
  readonly sizeArrayCols = 0;
  readonly array = new Float64Array(0);
  readonly arrayColumns: readonly { name: string; plot: boolean }[] = [];
  invokedArray = -1;
  group?: string;

  constructor(
    readonly id: string,
    readonly style: string,
  ) {}

  computeArray(_sim: Simulation): void {
    throw new Error(`Compute ${this.id} (${this.style}) does not calculate a global array`);
  }
}
