/**
 * The non-hydrostatic (deviatoric) target-stress terms of LAMMPS's FixNH, as pure functions of
 * upper-triangular 3x3 tensors in LAMMPS's Voigt layout [0 5 4; - 1 3; - - 2]:
 * h = (lx, ly, lz, yz, xz, xy) and h0Inv its inverse at the reference cell.
 */

/**
 * sigma = vol0 h0inv (p_target - p_hydro) h0inv^T (LAMMPS compute_sigma); pTarget in pressure
 * units (Voigt x y z yz xz xy), vol0 in volume units; sigma out: 6 values, pressure*volume/length^2.
 */
export function computeSigma(h0: Float64Array, pt: Float64Array, ph: number, v0: number, sg: Float64Array): void {
  sg[0] =
    v0 *
    (h0[0] * ((pt[0] - ph) * h0[0] + pt[5] * h0[5] + pt[4] * h0[4]) +
      h0[5] * (pt[5] * h0[0] + (pt[1] - ph) * h0[5] + pt[3] * h0[4]) +
      h0[4] * (pt[4] * h0[0] + pt[3] * h0[5] + (pt[2] - ph) * h0[4]));
  sg[1] = v0 * (h0[1] * ((pt[1] - ph) * h0[1] + pt[3] * h0[3]) + h0[3] * (pt[3] * h0[1] + (pt[2] - ph) * h0[3]));
  sg[2] = v0 * (h0[2] * ((pt[2] - ph) * h0[2]));
  sg[3] = v0 * (h0[1] * (pt[3] * h0[2]) + h0[3] * ((pt[2] - ph) * h0[2]));
  sg[4] = v0 * (h0[0] * (pt[4] * h0[2]) + h0[5] * (pt[3] * h0[2]) + h0[4] * ((pt[2] - ph) * h0[2]));
  sg[5] =
    v0 *
    (h0[0] * (pt[5] * h0[1] + pt[4] * h0[3]) +
      h0[5] * ((pt[1] - ph) * h0[1] + pt[3] * h0[3]) +
      h0[4] * (pt[3] * h0[1] + (pt[2] - ph) * h0[3]));
}

/** Strain energy 0.5 Tr(sigma h h^T) / nktv2p in energy units (LAMMPS compute_strain_energy). */
export function strainEnergy(h: Float64Array, sg: Float64Array, nktv2p: number): number {
  const d0 =
    sg[0] * (h[0] * h[0] + h[5] * h[5] + h[4] * h[4]) + sg[5] * (h[1] * h[5] + h[3] * h[4]) + sg[4] * (h[2] * h[4]);
  const d1 = sg[5] * (h[5] * h[1] + h[4] * h[3]) + sg[1] * (h[1] * h[1] + h[3] * h[3]) + sg[3] * (h[2] * h[3]);
  const d2 = sg[4] * (h[4] * h[2]) + sg[3] * (h[3] * h[2]) + sg[2] * (h[2] * h[2]);
  return (0.5 * (d0 + d1 + d2)) / nktv2p;
}

/** Deviatoric barostat force fdev = h sigma h^T, pressure*volume units (LAMMPS compute_deviatoric). */
export function deviatoricForce(h: Float64Array, sg: Float64Array, fd: Float64Array): void {
  fd[0] =
    h[0] * (sg[0] * h[0] + sg[5] * h[5] + sg[4] * h[4]) +
    h[5] * (sg[5] * h[0] + sg[1] * h[5] + sg[3] * h[4]) +
    h[4] * (sg[4] * h[0] + sg[3] * h[5] + sg[2] * h[4]);
  fd[1] = h[1] * (sg[1] * h[1] + sg[3] * h[3]) + h[3] * (sg[3] * h[1] + sg[2] * h[3]);
  fd[2] = h[2] * (sg[2] * h[2]);
  fd[3] = h[1] * (sg[3] * h[2]) + h[3] * (sg[2] * h[2]);
  fd[4] = h[0] * (sg[4] * h[2]) + h[5] * (sg[3] * h[2]) + h[4] * (sg[2] * h[2]);
  fd[5] =
    h[0] * (sg[5] * h[1] + sg[4] * h[3]) + h[5] * (sg[1] * h[1] + sg[3] * h[3]) + h[4] * (sg[3] * h[1] + sg[2] * h[3]);
}
