import type { AtomSystem } from '../src/system.js';

/** Tilt beyond (0.5 + DELTAFLIP) of the box length triggers a flip (LAMMPS fix_nh.cpp). */
const DELTAFLIP = 0.1;

/**
 * Flip an over-tilted triclinic box to the equivalent lattice with the smallest tilt, as LAMMPS's
 * FixNH::pre_exchange does on reneighboring steps: yz by ly (moving xz by xy), then xz and xy by
 * lx; image flags follow (Domain::image_flip) and atoms are remapped into the new box
 * (Domain::remap). Positions are unchanged as points in space. Returns true when a flip happened.
 */
export function flipBox(sys: AtomSystem): boolean {
  const b = sys.box;
  const xprd = b.h[0],
    yprd = b.h[1];
  const xtiltmax = (0.5 + DELTAFLIP) * xprd;
  const ytiltmax = (0.5 + DELTAFLIP) * yprd;
  let flipxy = 0,
    flipxz = 0,
    flipyz = 0;
  if (b.periodic[1]) {
    if (b.yz < -ytiltmax) {
      b.yz += yprd;
      b.xz += b.xy;
      flipyz = 1;
    } else if (b.yz >= ytiltmax) {
      b.yz -= yprd;
      b.xz -= b.xy;
      flipyz = -1;
    }
  }
  if (b.periodic[0]) {
    if (b.xz < -xtiltmax) {
      b.xz += xprd;
      flipxz = 1;
    } else if (b.xz >= xtiltmax) {
      b.xz -= xprd;
      flipxz = -1;
    }
    if (b.xy < -xtiltmax) {
      b.xy += xprd;
      flipxy = 1;
    } else if (b.xy >= xtiltmax) {
      b.xy -= xprd;
      flipxy = -1;
    }
  }
  if (!flipxy && !flipxz && !flipyz) return false;
  b.update();
  const img = sys.image;
  for (let i = 0; i < sys.n; i++) {
    const k = 3 * i;
    img[k + 1] -= flipyz * img[k + 2];
    img[k] -= flipxy * img[k + 1] + flipxz * img[k + 2];
  }
  remapAll(sys);
  return true;
}

/** Put every atom back inside the periodic box in fractional coordinates, updating image flags (Domain::remap). */
function remapAll(sys: AtomSystem): void {
  const b = sys.box,
    x = sys.x,
    img = sys.image;
  const lam = new Float64Array(3);
  for (let i = 0; i < sys.n; i++) {
    b.toLamda(x, 3 * i, lam, 0);
    for (let d = 0; d < 3; d++) {
      if (!b.periodic[d]) continue;
      while (lam[d] < 0) {
        lam[d] += 1;
        img[3 * i + d]--;
      }
      while (lam[d] >= 1) {
        lam[d] -= 1;
        img[3 * i + d]++;
      }
      lam[d] = Math.max(lam[d], 0);
    }
    b.fromLamda(lam, 0, x, 3 * i);
  }
}
