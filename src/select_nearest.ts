/**
 * Partial selection of the k smallest of n squared distances (LAMMPS's select3, Numerical Recipes'
 * select with two companion arrays): afterwards arr[0..k) holds the k smallest (not sorted), and
 * iarr (indices) and arr3 (n x 3 vectors) were permuted alongside. The order it leaves behind is
 * the order compute orientorder/atom sums its neighbors in, so it is LAMMPS's step for step.
 */
export function selectNearest(k: number, n: number, arr: Float64Array, iarr: Int32Array, arr3: Float64Array): void {
  // 1-based indices as Numerical Recipes (and LAMMPS) write it: element p is at p - 1.
  const swap = (p: number, q: number): void => {
    const t = arr[p - 1];
    arr[p - 1] = arr[q - 1];
    arr[q - 1] = t;
    const it = iarr[p - 1];
    iarr[p - 1] = iarr[q - 1];
    iarr[q - 1] = it;
    for (let d = 0; d < 3; d++) {
      const v = arr3[3 * (p - 1) + d];
      arr3[3 * (p - 1) + d] = arr3[3 * (q - 1) + d];
      arr3[3 * (q - 1) + d] = v;
    }
  };
  let l = 1,
    ir = n;
  for (;;) {
    if (ir <= l + 1) {
      if (ir === l + 1 && arr[ir - 1] < arr[l - 1]) swap(l, ir);
      return;
    }
    const mid = (l + ir) >> 1;
    swap(mid, l + 1);
    if (arr[l - 1] > arr[ir - 1]) swap(l, ir);
    if (arr[l] > arr[ir - 1]) swap(l + 1, ir);
    if (arr[l - 1] > arr[l]) swap(l, l + 1);
    let i = l + 1,
      j = ir;
    const a = arr[l],
      ia = iarr[l],
      a0 = arr3[3 * l],
      a1 = arr3[3 * l + 1],
      a2 = arr3[3 * l + 2];
    for (;;) {
      do i++;
      while (arr[i - 1] < a);
      do j--;
      while (arr[j - 1] > a);
      if (j < i) break;
      swap(i, j);
    }
    // arr[l+1] = arr[j]; arr[j] = a (1-based), with the companions.
    arr[l] = arr[j - 1];
    arr[j - 1] = a;
    iarr[l] = iarr[j - 1];
    iarr[j - 1] = ia;
    arr3[3 * l] = arr3[3 * (j - 1)];
    arr3[3 * l + 1] = arr3[3 * (j - 1) + 1];
    arr3[3 * l + 2] = arr3[3 * (j - 1) + 2];
    arr3[3 * (j - 1)] = a0;
    arr3[3 * (j - 1) + 1] = a1;
    arr3[3 * (j - 1) + 2] = a2;
    if (j >= k) ir = j - 1;
    if (j <= k) l = i;
  }
}
