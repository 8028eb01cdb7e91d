import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';

/**
 * replicate nx ny nz [bbox] (LAMMPS Replicate): the system tiled nx x ny x nz times into a box that
 * many times larger. As LAMMPS does it: atoms are unwrapped by their image flags, copy (ix, iy, iz)
 * is shifted by ix a + iy b + iz c of the old box and remapped into the new box (which sets its image
 * flags), copies come in the order ix, iy, iz (outer to inner) with the old atoms' order inside,
 * and copy (ix, iy, iz) of atom ID t gets ID t + (iz ny nx + iy nx + ix) maxtag. Velocities, types,
 * charges and group membership are copied. Tilts scale with the copies along their second axis.
 */
export function registerReplicate(): void {
  COMMANDS.register('replicate', replicate);
}

function replicate(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Replicate command before simulation box is defined');
  const a = new Args('replicate', args);
  a.need(3, 'nx ny nz');
  const nx = a.int('nx', { ge: 1 });
  const ny = a.int('ny', { ge: 1 });
  const nz = a.int('nz', { ge: 1 });
  // bbox only changes how LAMMPS searches for owning processors: nothing to do with one process.
  while (a.more()) a.oneOf('keyword', ['bbox'] as const);
  if (s.dimension === 2 && nz !== 1) throw new Error('Cannot replicate 2d simulation in z dimension');
  if (s.topology.any)
    throw new Error('replicate: systems with bonds, angles or dihedrals are not supported by dpmd yet');
  if (s.molecule.subarray(0, s.n).some((m) => m !== 0))
    throw new Error(
      'replicate: molecule IDs would need offsets; systems with molecule IDs are not supported by dpmd yet',
    );
  const nrep = nx * ny * nz;
  const n0 = s.n;
  if (n0 * nrep > s.maxAtoms) throw new Error(`Replicated system is too big: ${n0 * nrep} atoms`);
  const box = s.box;
  const [lx, ly, lz] = [box.lx, box.ly, box.lz];
  const [xy, xz, yz] = [box.xy, box.xz, box.yz];
  let maxtag = 0;
  for (let i = 0; i < n0; i++) maxtag = Math.max(maxtag, s.tag[i]);
  if (maxtag * nrep > 2 ** 31 - 1) throw new Error('Replicated system atom IDs are too big');

  // The old atoms, unwrapped (Domain::unmap), and their per-atom values.
  const xu = new Float64Array(3 * n0);
  for (let i = 0; i < n0; i++) box.unwrap(s.x, s.image, i, xu, 3 * i);
  const v = s.v.slice(0, 3 * n0),
    type = s.type.slice(0, n0),
    tag = s.tag.slice(0, n0),
    mask = s.mask.slice(0, n0),
    sphere = s.atomStyle.sphere === true,
    radius = s.radius.slice(0, n0),
    rmass = s.rmass ? s.rmass.slice(0, n0) : null,
    omega = s.omega.slice(0, 3 * n0),
    q = s.q.slice(0, n0);

  // The new box: lo stays, each edge n times longer, tilts scaled by the copies along y (xy) and z.
  box.hi[0] = box.lo[0] + nx * lx;
  box.hi[1] = box.lo[1] + ny * ly;
  box.hi[2] = box.lo[2] + nz * lz;
  box.xy = ny * xy;
  box.xz = nz * xz;
  box.yz = nz * yz;
  box.update();
  if (box.shrink) throw new Error('replicate with shrink-wrapped boundaries is not supported by dpmd yet');

  s.n = 0;
  s.reserve(n0 * nrep);
  const p = new Float64Array(3);
  const img = new Int32Array(3);
  for (let ix = 0; ix < nx; ix++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let iz = 0; iz < nz; iz++) {
        const offset = (iz * ny * nx + iy * nx + ix) * maxtag;
        for (let j = 0; j < n0; j++) {
          if (box.triclinic) {
            p[0] = xu[3 * j] + ix * lx + iy * xy + iz * xz;
            p[1] = xu[3 * j + 1] + iy * ly + iz * yz;
          } else {
            p[0] = xu[3 * j] + ix * lx;
            p[1] = xu[3 * j + 1] + iy * ly;
          }
          p[2] = xu[3 * j + 2] + iz * lz;
          img.fill(0);
          box.remap(p, img);
          const i = s.addAtom(type[j], p[0], p[1], p[2], tag[j] + offset);
          s.v.set(v.subarray(3 * j, 3 * j + 3), 3 * i);
          s.image.set(img, 3 * i);
          s.mask[i] = mask[j];
          s.q[i] = q[j];
          // per-atom masses (sphere, peri) and a sphere's radius and spin go with each copy
          if (rmass) s.rmass![i] = rmass[j];
          if (sphere) {
            s.radius[i] = radius[j];
            s.omega.set(omega.subarray(3 * j, 3 * j + 3), 3 * i);
          }
        }
      }
    }
  }
  const fmt = (x: number) => x.toFixed(7);
  sim.out.print('Replicating atoms ...');
  sim.out.print(
    `  ${box.triclinic ? 'triclinic' : 'orthogonal'} box = (${fmt(box.lo[0])} ${fmt(box.lo[1])} ${fmt(box.lo[2])}) to (${fmt(box.hi[0])} ${fmt(box.hi[1])} ${fmt(box.hi[2])})`,
  );
  sim.out.print(`  ${s.n} atoms`);
}
