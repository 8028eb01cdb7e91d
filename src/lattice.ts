import { num } from './parse.js';
import { crPow } from './exact_math.js';

/**
 * The `lattice` command (LAMMPS Lattice): unit cell (a1, a2, a3), basis atoms, scale, orientation
 * and origin, with LAMMPS's floating-point order in lattice2box() so that create_atoms produces
 * bit-identical coordinates (velocity loop geom hashes them).
 */
export class Lattice {
  style = 'none';
  scale = 1;
  a1 = [1, 0, 0];
  a2 = [0, 1, 0];
  a3 = [0, 0, 1];
  basis: number[][] = [];
  origin = [0, 0, 0];
  orient = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  /** Lattice spacings (length units): what `units lattice` multiplies by. */
  xlattice = 1;
  ylattice = 1;
  zlattice = 1;
  private rot = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];

  /**
   * Parse `lattice style scale keyword values...` for units `unitStyle` in `dimension` (2d takes
   * the planar styles sq, sq2, hex and custom; 3d the others).
   */
  static parse(args: string[], unitStyle: string, dimension: 2 | 3 = 3): Lattice {
    const L = new Lattice();
    if (args.length < 2) throw new Error('Illegal lattice command: expected "lattice style scale"');
    L.style = args[0];
    const scaleIn = num(args[1], 'lattice scale');
    if (!(scaleIn > 0)) throw new Error('Illegal lattice command: scale must be positive');
    const h = 0.5;
    switch (L.style) {
      case 'none':
        break;
      case 'sc':
        L.basis = [[0, 0, 0]];
        break;
      case 'bcc':
        L.basis = [
          [0, 0, 0],
          [h, h, h],
        ];
        break;
      case 'fcc':
        L.basis = [
          [0, 0, 0],
          [h, h, 0],
          [h, 0, h],
          [0, h, h],
        ];
        break;
      case 'hcp':
        L.a2 = [0, Math.sqrt(3), 0];
        L.a3 = [0, 0, Math.sqrt(8 / 3)];
        L.basis = [
          [0, 0, 0],
          [h, h, 0],
          [h, 5 / 6, h],
          [0, 1 / 3, h],
        ];
        break;
      case 'diamond':
        L.basis = [
          [0, 0, 0],
          [0, h, h],
          [h, 0, h],
          [h, h, 0],
          [0.25, 0.25, 0.25],
          [0.25, 0.75, 0.75],
          [0.75, 0.25, 0.75],
          [0.75, 0.75, 0.25],
        ];
        break;
      case 'sq':
        L.basis = [[0, 0, 0]];
        break;
      case 'sq2':
        L.basis = [
          [0, 0, 0],
          [h, h, 0],
        ];
        break;
      case 'hex':
        L.a2 = [0, Math.sqrt(3), 0];
        L.basis = [
          [0, 0, 0],
          [h, h, 0],
        ];
        break;
      case 'custom':
        break;
      default:
        throw new Error(
          `Unknown lattice style '${L.style}' (supported: none sc bcc fcc hcp diamond sq sq2 hex custom)`,
        );
    }
    const planar = L.style === 'sq' || L.style === 'sq2' || L.style === 'hex';
    if (L.style !== 'none' && L.style !== 'custom' && planar !== (dimension === 2))
      throw new Error(`Lattice style ${L.style} incompatible with simulation dimension ${dimension}`);
    let spacing: number[] | null = null;
    for (let k = 2; k < args.length; ) {
      const key = args[k];
      if (key === 'origin') {
        L.origin = [0, 1, 2].map((d) => num(args[k + 1 + d], 'lattice origin'));
        if (L.origin.some((o) => o < 0 || o >= 1)) throw new Error('Illegal lattice origin: values must be in [0,1)');
        k += 4;
      } else if (key === 'orient') {
        const d = 'xyz'.indexOf(args[k + 1]);
        if (d < 0 || args[k + 1].length !== 1) throw new Error(`Illegal lattice orient dimension '${args[k + 1]}'`);
        L.orient[d] = [0, 1, 2].map((c) => {
          const v = num(args[k + 2 + c], 'lattice orient');
          if (!Number.isInteger(v)) throw new Error('Illegal lattice orient: components must be integers');
          return v;
        });
        k += 5;
      } else if (key === 'spacing') {
        spacing = [0, 1, 2].map((d) => num(args[k + 1 + d], 'lattice spacing'));
        k += 4;
      } else if (key === 'a1' || key === 'a2' || key === 'a3') {
        const v = [0, 1, 2].map((d) => num(args[k + 1 + d], `lattice ${key}`));
        if (L.style !== 'custom') throw new Error(`Illegal lattice command: ${key} only with style custom`);
        L[key] = v;
        k += 4;
      } else if (key === 'basis') {
        if (L.style !== 'custom') throw new Error('Illegal lattice command: basis only with style custom');
        L.basis.push([0, 1, 2].map((d) => num(args[k + 1 + d], 'lattice basis')));
        k += 4;
      } else {
        throw new Error(`Illegal lattice keyword '${key}'`);
      }
    }
    if (L.style === 'none') {
      if (args.length > 2)
        throw new Error(`Illegal lattice command: unexpected '${args.slice(2).join(' ')}' after lattice none`);
      if (!Number.isFinite(scaleIn)) throw new Error('Illegal lattice command: scale must be finite');
      L.xlattice = L.ylattice = L.zlattice = scaleIn;
      return L;
    }
    if (L.basis.length === 0) throw new Error('No basis atoms in lattice');
    // LAMMPS Lattice: a 2d lattice must keep the z = 0 plane (no z origin, z axis along z).
    if (
      dimension === 2 &&
      (L.origin[2] !== 0 ||
        L.orient[0][2] !== 0 ||
        L.orient[1][2] !== 0 ||
        L.orient[2][0] !== 0 ||
        L.orient[2][1] !== 0 ||
        L.a1[2] !== 0 ||
        L.a2[2] !== 0 ||
        L.a3[0] !== 0 ||
        L.a3[1] !== 0)
    )
      throw new Error('Lattice settings are not compatible with 2d simulation');
    // Orientation vectors must be mutually orthogonal and right-handed, as LAMMPS requires.
    const [ox, oy, oz] = L.orient;
    const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    if (dot(ox, oy) !== 0 || dot(oy, oz) !== 0 || dot(ox, oz) !== 0)
      throw new Error('Lattice orient vectors are not orthogonal');
    const cr = cross(ox, oy);
    if (dot(cr, oz) <= 0) throw new Error('Lattice orient vectors are not right-handed');
    if (unitStyle === 'lj') {
      // Reduced density rho* = nbasis / (a^d |cell|): a = (nbasis / |cell| / rho*)^(1/d), |cell| an area in 2d.
      const vol = Math.abs(dot(L.a1, cross(L.a2, L.a3)));
      L.scale = crPow(L.basis.length / vol / scaleIn, 1 / dimension);
    } else {
      L.scale = scaleIn;
    }
    L.rot = L.orient.map((o) => {
      const len = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
      return [o[0] / len, o[1] / len, o[2] / len];
    });
    // Spacings are the extent of the rotated unit cell (LAMMPS bbox with origin ignored).
    L.xlattice = L.ylattice = L.zlattice = 0;
    const lo = [Infinity, Infinity, Infinity],
      hi = [-Infinity, -Infinity, -Infinity];
    for (const c of [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ]) {
      const p = L.lattice2box(c[0], c[1], c[2]);
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d], p[d]);
        hi[d] = Math.max(hi[d], p[d]);
      }
    }
    L.xlattice = hi[0] - lo[0];
    L.ylattice = hi[1] - lo[1];
    L.zlattice = hi[2] - lo[2];
    if (spacing) {
      L.xlattice = spacing[0] * L.scale;
      L.ylattice = spacing[1] * L.scale;
      L.zlattice = spacing[2] * L.scale;
    }
    // Zero, negative or overflowing spacings would make every lattice-unit length meaningless.
    if (![L.xlattice, L.ylattice, L.zlattice].every((v) => v > 0 && Number.isFinite(v))) {
      throw new Error(
        `Lattice spacings are invalid: ${L.xlattice} ${L.ylattice} ${L.zlattice} (must be finite and > 0)`,
      );
    }
    return L;
  }

  /** Lattice coordinates -> box coordinates, in LAMMPS's operation order. */
  lattice2box(x: number, y: number, z: number): [number, number, number] {
    const a1 = this.a1,
      a2 = this.a2,
      a3 = this.a3,
      r = this.rot,
      s = this.scale;
    let x1 = a1[0] * x + a2[0] * y + a3[0] * z;
    let y1 = a1[1] * x + a2[1] * y + a3[1] * z;
    let z1 = a1[2] * x + a2[2] * y + a3[2] * z;
    x1 *= s;
    y1 *= s;
    z1 *= s;
    const xn = r[0][0] * x1 + r[0][1] * y1 + r[0][2] * z1;
    const yn = r[1][0] * x1 + r[1][1] * y1 + r[1][2] * z1;
    const zn = r[2][0] * x1 + r[2][1] * y1 + r[2][2] * z1;
    return [
      xn + this.xlattice * this.origin[0],
      yn + this.ylattice * this.origin[1],
      zn + this.zlattice * this.origin[2],
    ];
  }

  /** Box coordinates -> lattice coordinates (LAMMPS box2lattice). */
  box2lattice(x: number, y: number, z: number): [number, number, number] {
    x -= this.xlattice * this.origin[0];
    y -= this.ylattice * this.origin[1];
    z -= this.zlattice * this.origin[2];
    const r = this.rot;
    let x1 = r[0][0] * x + r[1][0] * y + r[2][0] * z;
    let y1 = r[0][1] * x + r[1][1] * y + r[2][1] * z;
    let z1 = r[0][2] * x + r[1][2] * y + r[2][2] * z;
    x1 /= this.scale;
    y1 /= this.scale;
    z1 /= this.scale;
    // Inverse of the primitive matrix (columns a1 a2 a3).
    const m = [
      [this.a1[0], this.a2[0], this.a3[0]],
      [this.a1[1], this.a2[1], this.a3[1]],
      [this.a1[2], this.a2[2], this.a3[2]],
    ];
    const inv = invert3(m);
    return [
      inv[0][0] * x1 + inv[0][1] * y1 + inv[0][2] * z1,
      inv[1][0] * x1 + inv[1][1] * y1 + inv[1][2] * z1,
      inv[2][0] * x1 + inv[2][1] * y1 + inv[2][2] * z1,
    ];
  }
}

function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function invert3(m: number[][]): number[][] {
  const det =
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const c = (a: number, b: number, cc: number, d: number) => (a * d - b * cc) / det;
  return [
    [
      c(m[1][1], m[1][2], m[2][1], m[2][2]),
      -c(m[0][1], m[0][2], m[2][1], m[2][2]),
      c(m[0][1], m[0][2], m[1][1], m[1][2]),
    ],
    [
      -c(m[1][0], m[1][2], m[2][0], m[2][2]),
      c(m[0][0], m[0][2], m[2][0], m[2][2]),
      -c(m[0][0], m[0][2], m[1][0], m[1][2]),
    ],
    [
      c(m[1][0], m[1][1], m[2][0], m[2][1]),
      -c(m[0][0], m[0][1], m[2][0], m[2][1]),
      c(m[0][0], m[0][1], m[1][0], m[1][1]),
    ],
  ];
}
