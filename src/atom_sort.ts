import type { AtomSystem } from './system.js';

/**
 * Spatial sorting of the local atoms (LAMMPS Atom::sort): atoms are reordered by bin of size
 * `binsize` (default half the neighbor cutoff) so that neighbors sit close in memory. LAMMPS does
 * this at every run setup and every `atom_modify sort` N steps (default 1000); we reproduce its
 * exact permutation because it decides which atom receives which random number in fix langevin.
 * Returns the permutation (perm[new] = old) or null when nothing moved (a single bin).
 */
export function sortAtoms(
  sys: AtomSystem,
  binsize: number,
  scratch: { head: Int32Array; next: Int32Array },
): Int32Array | null {
  const n = sys.n;
  const box = sys.box;
  // Bounding box of the domain; for triclinic boxes LAMMPS bins the fractional coordinates
  // against the Cartesian bounding box (it sorts while x holds lamda), which we mirror.
  const lo = [0, 0, 0],
    hi = [0, 0, 0];
  if (box.triclinic) {
    const c = new Float64Array(3);
    lo.fill(Infinity);
    hi.fill(-Infinity);
    for (const l of [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ]) {
      box.fromLamda(l, 0, c, 0);
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d], c[d]);
        hi[d] = Math.max(hi[d], c[d]);
      }
    }
  } else {
    for (let d = 0; d < 3; d++) {
      lo[d] = box.lo[d];
      hi[d] = box.hi[d];
    }
  }
  const inv = 1 / binsize;
  const nb = [0, 1, 2].map((d) => Math.max(1, Math.trunc((hi[d] - lo[d]) * inv)));
  const nbins = nb[0] * nb[1] * nb[2];
  if (nbins === 1) return null;
  if (nbins > 2 ** 31 - 1) throw new Error('Too many atom sorting bins');
  const binInv = [0, 1, 2].map((d) => nb[d] / (hi[d] - lo[d]));
  if (scratch.head.length < nbins) scratch.head = new Int32Array(nbins);
  if (scratch.next.length < n) scratch.next = new Int32Array(n);
  const head = scratch.head,
    next = scratch.next;
  head.fill(-1, 0, nbins);
  const lam = new Float64Array(3);
  for (let i = n - 1; i >= 0; i--) {
    let px = sys.x[3 * i],
      py = sys.x[3 * i + 1],
      pz = sys.x[3 * i + 2];
    if (box.triclinic) {
      box.toLamda(sys.x, 3 * i, lam, 0);
      px = lam[0];
      py = lam[1];
      pz = lam[2];
    }
    let ix = Math.trunc((px - lo[0]) * binInv[0]);
    let iy = Math.trunc((py - lo[1]) * binInv[1]);
    let iz = Math.trunc((pz - lo[2]) * binInv[2]);
    ix = Math.min(Math.max(ix, 0), nb[0] - 1);
    iy = Math.min(Math.max(iy, 0), nb[1] - 1);
    iz = Math.min(Math.max(iz, 0), nb[2] - 1);
    const b = (iz * nb[1] + iy) * nb[0] + ix;
    next[i] = head[b];
    head[b] = i;
  }
  const perm = new Int32Array(n);
  let k = 0;
  for (let b = 0; b < nbins; b++) for (let i = head[b]; i >= 0; i = next[i]) perm[k++] = i;
  let identity = true;
  for (let i = 0; i < n; i++)
    if (perm[i] !== i) {
      identity = false;
      break;
    }
  if (identity) return null;
  permuteAtoms(sys, perm);
  return perm;
}

/** Reorder every per-atom array of the system: new atom i is old atom perm[i]. */
export function permuteAtoms(sys: AtomSystem, perm: Int32Array): void {
  const n = sys.n;
  const p3 = (a: Float64Array | Int32Array) => {
    const old = a.slice(0, 3 * n);
    for (let i = 0; i < n; i++) {
      const j = perm[i];
      a[3 * i] = old[3 * j];
      a[3 * i + 1] = old[3 * j + 1];
      a[3 * i + 2] = old[3 * j + 2];
    }
  };
  const p1 = (a: Int32Array | Float64Array) => {
    const old = a.slice(0, n);
    for (let i = 0; i < n; i++) a[i] = old[perm[i]];
  };
  p3(sys.x);
  p3(sys.v);
  p3(sys.f);
  p3(sys.image);
  p1(sys.type);
  p1(sys.tag);
  p1(sys.molecule);
  p1(sys.q);
  p1(sys.mask);
  sys.ellipsoid?.permute(perm, n);
  if (sys.rmass) p1(sys.rmass);
  if (sys.peri) {
    p1(sys.peri.vfrac);
    p1(sys.peri.s0);
    p3(sys.peri.x0);
  }
  if (sys.atomStyle.sphere) {
    p1(sys.radius);
    p3(sys.omega);
    p3(sys.torque);
  }
}
