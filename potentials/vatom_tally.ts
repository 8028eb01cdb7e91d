/**
 * Per-atom virial of one pair with newton on (LAMMPS Pair::ev_tally, vflag_atom): the pair's virial
 * d_a d_b fpair (d = x_i − x_j, force on i = d·fpair) split half to each atom, order xx yy zz xy xz
 * yz. vatom is nall x 6 over extended atoms; ghost halves are folded back to their owners.
 */
export function tallyPairVirial(
  vatom: Float64Array,
  i: number,
  j: number,
  dx: number,
  dy: number,
  dz: number,
  fpair: number,
): void {
  const h = 0.5 * fpair;
  const v0 = h * dx * dx,
    v1 = h * dy * dy,
    v2 = h * dz * dz,
    v3 = h * dx * dy,
    v4 = h * dx * dz,
    v5 = h * dy * dz;
  const a = 6 * i,
    b = 6 * j;
  vatom[a] += v0;
  vatom[a + 1] += v1;
  vatom[a + 2] += v2;
  vatom[a + 3] += v3;
  vatom[a + 4] += v4;
  vatom[a + 5] += v5;
  vatom[b] += v0;
  vatom[b + 1] += v1;
  vatom[b + 2] += v2;
  vatom[b + 3] += v3;
  vatom[b + 4] += v4;
  vatom[b + 5] += v5;
}
