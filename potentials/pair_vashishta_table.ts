import { num } from '../src/parse.js';
import { PairVashishta, V_NFIELDS } from './pair_vashishta.js';

/**
 * pair_style vashishta/table Ntable inner (LAMMPS PairVashishtaTable, 29 Sep 2021): pair vashishta
 * with its two-body term read from tables of Ntable+1 points uniform in r² from inner² to cutmax²
 * (cutmax: the largest rc or r0 of the file), one force and one energy table per element pair
 * (entry (i,j,j)), linearly interpolated; below `inner` the analytic form. The three-body term is
 * vashishta's.
 */
export class PairVashishtaTable extends PairVashishta {
  override readonly style: string = 'vashishta/table';
  private ntable = 0;
  private tabinner = 0;
  private tabinnersq = 0;
  private oneOverDeltaR2 = 0;
  /** forceTable[(ie*n + je)*(ntable+1) + idx] = -V2'/r at r² = inner² + idx Δ; potentialTable: V2. */
  private forceTable = new Float64Array(0);
  private potentialTable = new Float64Array(0);
  /** tableOf[paramOffset / V_NFIELDS] = offset of its element pair's table row. */
  private tableOf = new Int32Array(0);

  override settings(args: string[]): void {
    if (args.length !== 2)
      throw new Error(`Illegal pair_style vashishta/table command: expected Ntable inner, got '${args.join(' ')}'`);
    const ntable = num(args[0], 'pair_style vashishta/table Ntable');
    if (!Number.isInteger(ntable) || ntable < 2)
      throw new Error(`Illegal pair_style vashishta/table command: Ntable must be an integer >= 2, got ${args[0]}`);
    const inner = num(args[1], 'pair_style vashishta/table inner');
    if (inner <= 0.0) throw new Error('Illegal inner cutoff for tabulation');
    this.ntable = ntable;
    this.tabinner = inner;
  }

  /** LAMMPS create_tables: tabulate the analytic two-body term of every element pair. */
  protected override setupTables(): void {
    const n = this.elements.length;
    const ntable = this.ntable;
    this.tabinnersq = this.tabinner * this.tabinner;
    const deltaR2 = (this.cutmax * this.cutmax - this.tabinnersq) / (ntable - 1);
    this.oneOverDeltaR2 = 1.0 / deltaR2;
    this.forceTable = new Float64Array(n * n * (ntable + 1));
    this.potentialTable = new Float64Array(n * n * (ntable + 1));
    this.tableOf = new Int32Array(this.params.length / V_NFIELDS);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const m = this.elem2param[(i * n + j) * n + j];
        const row = (i * n + j) * (ntable + 1);
        this.tableOf[m] = row;
        for (let idx = 0; idx <= ntable; idx++) {
          const rsq = this.tabinnersq + idx * deltaR2;
          super.pairForce(m * V_NFIELDS, rsq);
          this.forceTable[row + idx] = this.fpair;
          this.potentialTable[row + idx] = this.epair;
        }
      }
  }

  /** LAMMPS twobody_table: analytic inside `inner`, else linear interpolation in r². */
  protected override pairForce(o: number, rsq: number): void {
    if (rsq < this.tabinnersq) {
      super.pairForce(o, rsq);
      return;
    }
    const row = this.tableOf[o / V_NFIELDS];
    // C++'s double -> int truncation, then the fraction from the same product recomputed.
    const tableIndex = Math.trunc((rsq - this.tabinnersq) * this.oneOverDeltaR2);
    const fraction = (rsq - this.tabinnersq) * this.oneOverDeltaR2 - tableIndex;
    const force0 = this.forceTable[row + tableIndex];
    const force1 = this.forceTable[row + tableIndex + 1];
    this.fpair = (1.0 - fraction) * force0 + fraction * force1;
    const energy0 = this.potentialTable[row + tableIndex];
    const energy1 = this.potentialTable[row + tableIndex + 1];
    this.epair = (1.0 - fraction) * energy0 + fraction * energy1;
  }
}
