/**
 * Exactly solvable constrained systems for the blue-moon mean force (units real).
 *
 * Four atoms a-b-c-d with harmonic bonds and angles and a dihedral V(φ) = K(1 + cos(nφ − d)) only
 * (every pair is a 1-2, 1-3 or 1-4 pair, excluded by special_bonds 0 0 0; lj/cut with ε = 0 is only
 * there because a run needs a pair style). In internal coordinates the volume element is
 * r₁²r₂²r₃² sinθ₁ sinθ₂ dr dθ dφ times the rigid-body part, with no φ in it, and U splits into bonds +
 * angles + V(φ), so the marginal density of φ is ∝ e^{−βV(φ)} and dA/dφ = V′(φ) = −nK sin(nφ − d) exactly.
 * The masses differ (1, 12, 16, 1) and the angles are soft, so Z = Σ|∇ᵢφ|²/mᵢ varies strongly and
 * the metric terms matter.
 *
 * Two atoms with a harmonic bond K(r − r₀)² held at distance r: A(r) = U(r) − 2kT ln r, so
 * dA/dr = 2K(r − r₀) − 2kT/r.
 */

export const TORSION_K = 1.5; // kcal/mol
export const TORSION_N = 1;
export const TORSION_D = 0; // degrees

/** dA/dφ (kcal/mol/rad) of the four-atom system at φ (rad). */
export function torsionExactMeanForce(phi: number): number {
  return -TORSION_N * TORSION_K * Math.sin(TORSION_N * phi - (TORSION_D * Math.PI) / 180);
}

/** Data file of the four atoms with dihedral angle phiDeg (bond 1.5 Å, angles 109.5°). */
export function fourAtomData(phiDeg: number): string {
  const r = 1.5;
  const th = (109.5 * Math.PI) / 180;
  const phi = (phiDeg * Math.PI) / 180;
  // b at origin, c on +x; a in the xy plane; d rotated by φ about the b-c axis
  const b = [10, 10, 10];
  const c = [10 + r, 10, 10];
  const a = [10 + r * Math.cos(Math.PI - th) * -1, 10 + r * Math.sin(Math.PI - th), 10];
  const dx = 10 + r + r * Math.cos(Math.PI - th);
  const d = [dx, 10 + r * Math.sin(Math.PI - th) * Math.cos(phi), 10 + r * Math.sin(Math.PI - th) * Math.sin(phi)];
  const xyz = [a, b, c, d].map((p, i) => `${i + 1} 1 ${i + 1} ${p.map((v) => v.toFixed(10)).join(' ')}`);
  return `four atoms for the torsion constraint test

4 atoms
4 atom types
3 bonds
1 bond types
2 angles
1 angle types
1 dihedrals
1 dihedral types

0 20 xlo xhi
0 20 ylo yhi
0 20 zlo zhi

Masses

1 1.008
2 12.011
3 15.999
4 1.008

Atoms # molecular

${xyz.join('\n')}

Bonds

1 1 1 2
2 1 2 3
3 1 3 4

Angles

1 1 1 2 3
2 1 2 3 4

Dihedrals

1 1 1 2 3 4
`;
}

/** Deck of the four-atom system with Langevin dynamics and the torsion constraint at phiDeg. */
export function fourAtomDeck(o: {
  phiDeg: number;
  steps: number;
  seed: number;
  file: string;
  angleK?: number;
  damp?: number;
}): string {
  return `units real
atom_style molecular
boundary p p p
pair_style lj/cut 5.0
bond_style harmonic
angle_style harmonic
dihedral_style charmm
read_data four.data
pair_coeff * * 0.0 1.0
bond_coeff 1 300.0 1.5
angle_coeff 1 ${o.angleK ?? 8.0} 109.5
dihedral_coeff 1 ${TORSION_K} ${TORSION_N} ${TORSION_D} 0.0
special_bonds lj 0.0 0.0 0.0
neighbor 2.0 bin
timestep 0.5
velocity all create 300 ${o.seed} mom yes rot yes dist gaussian
fix 1 all nve
fix 2 all langevin 300 300 ${o.damp ?? 500} ${o.seed}
fix 3 all cv/constraint torsion 1 2 3 4 temp 300 target ${o.phiDeg} file ${o.file} every 1
thermo ${o.steps}
run ${o.steps}
`;
}

export const BOND_K = 100; // kcal/mol/Å²
export const BOND_R0 = 1.2; // Å

/** dA/dr (kcal/mol/Å) of the two-atom system held at r (Å) at temperature T (K). */
export function distanceExactMeanForce(r: number, T: number): number {
  const kT = 0.0019872067 * T; // LAMMPS real boltz
  return 2 * BOND_K * (r - BOND_R0) - (2 * kT) / r;
}

export function twoAtomData(r: number): string {
  return `two atoms for the distance constraint test

2 atoms
2 atom types
1 bonds
1 bond types

0 20 xlo xhi
0 20 ylo yhi
0 20 zlo zhi

Masses

1 1.008
2 15.999

Atoms # bond

1 1 1 10 10 10
2 1 2 ${(10 + r).toFixed(10)} 10 10

Bonds

1 1 1 2
`;
}

export function twoAtomDeck(o: { r: number; steps: number; seed: number; file: string; damp?: number }): string {
  return `units real
atom_style bond
boundary p p p
pair_style lj/cut 5.0
bond_style harmonic
read_data two.data
pair_coeff * * 0.0 1.0
bond_coeff 1 ${BOND_K} ${BOND_R0}
special_bonds lj 0.0 0.0 0.0
neighbor 2.0 bin
timestep 0.5
velocity all create 300 ${o.seed} mom yes rot yes dist gaussian
fix 1 all nve
fix 2 all langevin 300 300 ${o.damp ?? 100} ${o.seed}
fix 3 all cv/constraint distance 1 2 temp 300 target ${o.r} file ${o.file} every 1
thermo ${o.steps}
run ${o.steps}
`;
}
