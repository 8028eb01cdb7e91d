import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Computes, per-atom outputs, compute reduce of per-atom inputs, atom-style variables and the
 * functions of LAMMPS's formula language against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/computes, live lmp where installed): every thermo row to 1e-9 relative.
 */
const LJ2 = `units lj
atom_style atomic
atom_modify map array
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
region left block 0 2 INF INF INF INF
group left region left
group heavy id 1:256:3
set group heavy type 2
velocity all create 1.44 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
fix 1 all nve
`;

/** thermo_style custom with full precision (thermo_style resets thermo_modify format in LAMMPS). */
const thermo = (cols: string, every = 20) =>
  `thermo_style custom ${cols}\nthermo_modify format float %20.15g\nthermo ${every}\n`;

function expectSame(name: string, deck: string, nTables = 1): void {
  expect(runDpmd(deck).tables.length).toBe(nTables);
  expectSameThermo(`computes/${name}`, deck, 1e-9);
}

describe('computes and atom-style variables: same thermo as LAMMPS', () => {
  it('ke/atom, pe/atom (group subset), displace/atom, property/atom reduced by compute reduce; atom-style variables', () => {
    expectSame(
      'peratom_reduce',
      `${LJ2}compute ka all ke/atom
compute pa all pe/atom
compute ph heavy pe/atom
compute d left displace/atom
variable ek atom 0.5*mass*(vx*vx+vy*vy+vz*vz)
variable dr2 atom c_d[1]^2+c_d[2]^2+c_d[3]^2
variable mix atom v_ek*(type==2)+c_pa*(x>3.0)-sqrt(v_dr2)
compute r1 all reduce sum c_ka c_pa v_ek c_ph
compute r2 all reduce max c_d[4] v_dr2 c_pa
compute r3 left reduce ave v_dr2 c_d[1]
compute r4 all reduce min c_pa v_mix
compute r5 heavy reduce sumsq c_ka v_mix
compute pr heavy property/atom xu vy mass id
compute p1 all property/atom zs
compute r6 all reduce sum c_pr[1] c_pr[2] c_pr[3] c_pr[4] c_p1
${thermo('step temp pe ke c_r1[1] c_r1[2] c_r1[3] c_r1[4] c_r2[1] c_r2[2] c_r2[3] c_r3[1] c_r3[2] c_r4[1] c_r4[2] c_r5[1] c_r5[2] c_r6[1] c_r6[2] c_r6[3] c_r6[4] c_r6[5]')}run 100
`,
    );
  });

  it('stress/atom (all terms, virial only, ke only, on a group) reduced to the pressure, lj/cut', () => {
    expectSame(
      'stress_atom_lj',
      `${LJ2}compute s all stress/atom NULL
compute sv all stress/atom NULL virial
compute sk heavy stress/atom NULL ke
compute t all temp
compute st left stress/atom t pair ke
compute r all reduce sum c_s[1] c_s[2] c_s[3] c_s[4] c_s[5] c_s[6]
compute rv all reduce sum c_sv[1] c_sv[6]
compute rk all reduce max c_sk[2] c_sk[4]
compute rt all reduce min c_st[3] c_st[5]
variable p equal -(c_r[1]+c_r[2]+c_r[3])/(3*vol)
${thermo('step temp press pxx pxy v_p c_r[1] c_r[4] c_r[5] c_r[6] c_rv[1] c_rv[2] c_rk[1] c_rk[2] c_rt[1] c_rt[2]')}run 60
`,
    );
  });

  it('stress/atom with charges (lj/cut/coul/cut)', () => {
    expectSame(
      'stress_atom_coul',
      `${LJ2.replace('atom_style atomic', 'atom_style charge').replace('pair_style lj/cut 2.5\npair_coeff * * 1.0 1.0 2.5', 'pair_style lj/cut/coul/cut 2.5\npair_coeff * * 1.0 1.0 2.5')}variable q atom 0.3*(2*(id%2)-1)
set group all charge v_q
compute s all stress/atom NULL
compute r all reduce sum c_s[1] c_s[2] c_s[3] c_s[6]
variable p equal -(c_r[1]+c_r[2]+c_r[3])/(3*vol)
${thermo('step temp pe press v_p c_r[1] c_r[4]')}run 60
`,
    );
  });

  it('compute pressure with temperature computes and keywords; the default thermo_temp/thermo_press/thermo_pe', () => {
    expectSame(
      'pressure_thermo_defaults',
      `${LJ2}velocity all set 0.2 0 0 sum yes
fix 2 heavy addforce 0.1 0 0
fix_modify 2 virial yes
compute tc all temp/com
compute tp all temp/partial 1 1 0
compute pc all pressure tc
compute pp all pressure tp
compute pv all pressure NULL virial
compute pk all pressure thermo_temp ke
${thermo('step temp press pxx pxy pe c_thermo_temp c_thermo_press c_thermo_press[1] c_thermo_press[4] c_thermo_pe c_pc c_pc[2] c_pp c_pp[3] c_pv c_pv[5] c_pk c_pk[1]')}run 60
`,
    );
  });

  it('random() and normal() in equal- and atom-style formulas: LAMMPS generators and seeding', () => {
    expectSame(
      'random_normal',
      `${LJ2}variable r equal random(-1,2,4321)
variable n equal normal(0.5,2,99)
variable ra atom random(0,1,777)+normal(0,0.1,5)
compute s all reduce sum v_ra
${thermo('step v_r v_n c_s', 5)}run 20
`,
    );
  });

  it('temp/com with a drifting centre of mass, temp/partial, temp/region (atoms leave and enter it)', () => {
    expectSame(
      'temps',
      `${LJ2}velocity all set 0.3 -0.2 0.1 sum yes
region slab block INF INF 1 3 INF INF
compute tc all temp/com
compute tch heavy temp/com
compute tp all temp/partial 1 0 1
compute tp2 left temp/partial 0 1 0
compute tr all temp/region slab
compute trh heavy temp/region slab
${thermo('step temp c_tc c_tch c_tp c_tp2 c_tr c_trh c_tc[1] c_tc[4] c_tp[3] c_tp[5] c_tr[2] c_tr[6]')}run 100
`,
    );
  });

  it('com, msd (com no/yes) in a triclinic box with atoms crossing the boundaries', () => {
    expectSame(
      'msd_com_triclinic',
      `units lj
atom_style atomic
lattice fcc 0.8442
region box prism 0 4 0 4 0 4 0.5 -0.3 0.2
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 3.0
group heavy id 1:256:4
set group heavy type 2
velocity all create 1.0 4928459 loop geom
velocity heavy set 1.5 -1.0 0.7 sum yes
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
fix 1 all nve
compute c all com
compute ch heavy com
compute m all msd
compute mh heavy msd com yes
compute d all displace/atom
compute rd all reduce max c_d[1] c_d[4]
${thermo('step temp pe c_c[1] c_c[2] c_c[3] c_ch[1] c_ch[3] c_m[1] c_m[2] c_m[3] c_m[4] c_mh[1] c_mh[4] c_rd[1] c_rd[2]')}run 200
`,
    );
  });

  it('formula language: precedence, xor, step functions over run start/stop, group, special and atom-ID functions', () => {
    expectSame(
      'formulas',
      `${LJ2}compute t all temp
compute c heavy com
variable a equal -2^2+2^3^2+(1|^0)+(1|^1)*10+!0+round(2.5)+round(-2.5)
variable b equal ramp(1,3)+vdisplace(0.5,2)+swiggle(0,1,0.3)+cwiggle(0,1,0.3)
variable s equal stagger(100,30)+logfreq(10,3,10)+stride(20,300,40)
variable g equal count(heavy)+mass(heavy)+xcm(heavy,y)+vcm(heavy,z)+fcm(heavy,x)
variable h equal bound(heavy,xmax)+bound(all,zmin)+gyration(heavy)+ke(heavy)
variable k equal sum(c_t)+min(c_t)+max(c_t)+ave(c_t)+trap(c_t)+sum(c_c)
variable p equal x[5]+vy[7]+fz[9]+mass[3]+type[3]+id[4]+PI
${thermo('step temp v_a v_b v_s v_g v_h v_k v_p', 50)}run 200 start 0 stop 400
`,
    );
  });
});

/** Dump text: the same ITEM lines, and every number to 1e-9 relative (floor 1e-12). */
function expectSameDump(ours: string, ref: string): void {
  const a = ref.trim().split('\n'),
    b = ours.trim().split('\n');
  expect(b.length).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    if (a[k].startsWith('ITEM:')) {
      expect(b[k]).toBe(a[k]);
      continue;
    }
    const x = a[k].trim().split(/\s+/).map(Number),
      y = b[k].trim().split(/\s+/).map(Number);
    expect(y.length).toBe(x.length);
    for (let c = 0; c < x.length; c++)
      expect(Math.abs(y[c] - x[c]) / Math.max(1e-12, Math.abs(x[c])), `line ${k + 1} column ${c + 1}`).toBeLessThan(
        1e-9,
      );
  }
}

describe('dump custom of per-atom computes and atom-style variables', () => {
  it('c_ID, c_ID[i], v_name, q and mol columns as LAMMPS writes them', () => {
    const deck = `${LJ2.replace('atom_style atomic', 'atom_style full')}compute ka all ke/atom
compute pa all pe/atom
compute d all displace/atom
variable ek atom 0.5*mass*(vx*vx+vy*vy+vz*vz)-c_ka
variable q atom 0.1*(id%3)
set group all charge v_q
set atom 1*20 mol 3
dump 1 all custom 40 out.dump id type mol q c_ka c_pa c_d[1] c_d[4] v_ek
dump_modify 1 sort id format float %20.15g
thermo 50
run 80
`;
    const ref = lammpsReference('computes/dump_peratom', { deck, outputs: ['out.dump'] }, (live, golden) =>
      expectSameDump(live.files['out.dump'], golden.files['out.dump']),
    );
    const dir = scratchDir();
    runDpmd(deck, dir);
    const ours = readFileSync(join(dir, 'out.dump'), 'utf8');
    expect(ours.split('\n').filter((l) => l === 'ITEM: TIMESTEP').length).toBe(3);
    expectSameDump(ours, ref.files['out.dump']);
  });
});

describe('variable styles loop pad, uloop, world, format, internal as LAMMPS prints them', () => {
  it('substituted text and formulas reading a format variable', () => {
    const deck = `variable a loop 3 pad
variable c loop 2 12 pad
variable b uloop 2 pad
variable w world hello
variable t equal 2/3
variable f format t %.3f
variable g format t %10.4e
variable i internal 2.5
variable s equal v_f*v_i+v_t
print "c=$c a=$a b=$b w=$w f=$f g=$g i=$i s=$s"
next c
print "c=$c"
`;
    const printed = (text: string) => text.split('\n').filter((l) => /^c=/.test(l));
    const golden = lammpsReference('computes/variable_styles', { deck, repoFiles: {} }, (live, gold) => {
      expect(printed(live.screen)).toEqual(printed(gold.screen));
    });
    const ours = printed(runDpmd(deck, scratchDir()).text);
    expect(ours).toEqual(['c=02 a=1 b=1 w=hello f=0.667 g=6.6667e-01 i=2.5 s=2.33416666666667', 'c=03']);
    expect(ours).toEqual(printed(golden.screen));
  });
});
