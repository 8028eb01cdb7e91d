import { existsSync } from 'node:fs';
import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';
import { hillsHeader, hillsLine, readHills } from './hills_file.js';
import { BiasGrid, hillValue, type PeriodicInfo } from './metad_grid.js';
import { PlumedOutputFile } from './output_file.js';

/**
 * METAD ARG=s... SIGMA=σ... HEIGHT=h PACE=n [BIASFACTOR=γ TEMP=T] [GRID_MIN=... GRID_MAX=...
 * GRID_BIN=...] [NOSPLINE] [FILE=HILLS] [RESTART=YES|NO] (PLUMED bias/MetaD, diagonal hills).
 *
 * Every PACE steps except the first step PLUMED sees, a hill is deposited at the current CVs with
 * height h (standard) or, well-tempered (γ > 1), h exp(-V(s)/(k_B ΔT)) with ΔT = T(γ - 1) and V
 * the bias before the deposit. The bias and its gradient come from the grid (when GRID_* are
 * given) or the direct sum over hills. Hills go to FILE in PLUMED's HILLS format; with RESTART
 * the hills already in FILE are read first and new ones appended. Components label.bias.
 */
export function createMetad(r: ActionReader, b: ActionBuilder): PlumedAction {
  const label = r.label();
  const argNames = r.list('ARG');
  const args = readArgs(r, b, true);
  const n = args.length;
  for (const k of ['ADAPTIVE', 'CALC_RCT', 'GRID_SPACING', 'WALKERS_N', 'TAU', 'INTERVAL', 'GRID_WFILE', 'GRID_RFILE'])
    if (r.has(k)) r.fail(`${k} is not supported (see docs/plumed.md)`);
  const sigma = r.numbers('SIGMA', n);
  for (let i = 0; i < n; i++) if (!(sigma[i] > 0)) r.fail(`SIGMA must be positive, got ${sigma[i]}`);
  const height0 = r.number('HEIGHT');
  const pace = r.int('PACE', undefined, 1);
  // Absent: standard metadynamics (written as biasf 1). γ = 1 (PLUMED: no bias at all) is refused.
  const biasf = r.number('BIASFACTOR', 1);
  if (r.has('BIASFACTOR') && !(biasf > 1)) r.fail(`BIASFACTOR must be > 1, got ${biasf}`);
  const welltemp = biasf > 1;
  const temp = r.number('TEMP', -1);
  if (welltemp && !(temp > 0))
    r.fail('well-tempered METAD (BIASFACTOR > 1) needs TEMP (the MD engine does not pass it)');
  const file = r.string('FILE', 'HILLS');
  const restartKey = r.raw('RESTART');
  if (restartKey !== undefined && restartKey !== 'YES' && restartKey !== 'NO' && restartKey !== 'AUTO')
    r.fail(`RESTART must be YES, NO or AUTO, got ${restartKey}`);
  const restart = restartKey === 'YES' || (restartKey !== 'NO' && b.restart);
  const gridGiven = ['GRID_MIN', 'GRID_MAX', 'GRID_BIN'].filter((k) => r.has(k));
  if (gridGiven.length !== 0 && gridGiven.length !== 3) r.fail('GRID_MIN, GRID_MAX and GRID_BIN go together');
  let grid: BiasGrid | undefined;
  const v = b.values;
  const period = Float64Array.from(args, (a) => (v.isPeriodic(a) ? v.domain(a)[1] - v.domain(a)[0] : 0));
  const periodicFlag = Float64Array.from(args, (a) => (v.isPeriodic(a) ? 1 : 0));
  const pinfo: PeriodicInfo = { periodic: periodicFlag, period };
  const spline = !r.flag('NOSPLINE');
  if (gridGiven.length === 3) {
    const gmin = r.numbers('GRID_MIN', n);
    const gmax = r.numbers('GRID_MAX', n);
    const gbin = r.numbers('GRID_BIN', n);
    for (let i = 0; i < n; i++) {
      if (!(gmax[i] > gmin[i])) r.fail(`GRID_MAX must exceed GRID_MIN for ${argNames[i]}`);
      if (!Number.isInteger(gbin[i]) || gbin[i] < 1) r.fail(`GRID_BIN must be a positive integer, got ${gbin[i]}`);
      const a = args[i];
      const [dmin, dmax] = v.domain(a);
      if (v.isPeriodic(a) && (Math.abs(gmin[i] - dmin) > 1e-12 || Math.abs(gmax[i] - dmax) > 1e-12))
        r.fail(`GRID_MIN/GRID_MAX of periodic ${argNames[i]} must be its domain ${dmin},${dmax}`);
    }
    grid = new BiasGrid(gmin, gmax, Int32Array.from(gbin), pinfo, spline);
  }
  r.done();
  const kbt = welltemp ? b.units.kB * temp : 0;
  const hills: { center: Float64Array; sigma: Float64Array; height: number }[] = [];
  const addHill = (center: Float64Array, sig: Float64Array, height: number): void => {
    if (grid) grid.addHill(center, sig, height);
    else hills.push({ center, sigma: sig, height });
  };
  const path = b.outputPath(file);
  let nRead = 0;
  if (restart && existsSync(path)) {
    for (const h of readHills(path, argNames)) {
      addHill(h.center, h.sigma, welltemp ? (h.height * (biasf - 1)) / biasf : h.height);
      nRead++;
    }
  }
  const kBias = v.add(`${label}.bias`, null);
  const s = new Float64Array(n);
  const der = new Float64Array(n);
  const work = new Float64Array(n);
  let out: PlumedOutputFile | undefined;
  let firstStep = true;

  const biasAt = (x: Float64Array, d: Float64Array): number => {
    if (grid) {
      const e = grid.valueAndDerivatives(x, d);
      if (Number.isNaN(e))
        throw new Error(`METAD ${label}: the collective variables (${Array.from(x).join(', ')}) are outside the grid`);
      return e;
    }
    d.fill(0);
    let e = 0;
    for (const h of hills) e += hillValue(x, h.center, h.sigma, h.height, pinfo, d, work);
    return e;
  };

  const action = {
    name: 'METAD',
    label,
    biasValue: 0,
    /** Hills read from FILE at start (RESTART). */
    hillsRead: nRead,
    /** Heights as deposited (before the γ/(γ-1) of the file), for the record. */
    deposited: [] as { step: number; height: number; center: Float64Array }[],
    calculate(_ctx: PlumedContext): void {
      for (let i = 0; i < n; i++) s[i] = v.value[args[i]];
      const e = biasAt(s, der);
      v.value[kBias] = e;
      action.biasValue = e;
      for (let i = 0; i < n; i++) v.biasDeriv[args[i]] += der[i];
    },
    update(ctx: PlumedContext): void {
      // PLUMED MetaD::update: no hill on the very first step it sees.
      const now = ctx.step % pace === 0 && !firstStep;
      firstStep = false;
      if (!now) return;
      for (let i = 0; i < n; i++) s[i] = v.value[args[i]];
      let height = height0;
      if (welltemp) height *= Math.exp(-biasAt(s, der) / (kbt * (biasf - 1)));
      const center = Float64Array.from(s);
      addHill(center, sigma, height);
      action.deposited.push({ step: ctx.step, height, center });
      if (!out) {
        out = new PlumedOutputFile(path, restart);
        out.write(
          hillsHeader(
            Array.from(args, (a, i) => ({
              name: argNames[i],
              periodic: v.isPeriodic(a),
              min: v.min[a],
              max: v.max[a],
            })),
          ),
        );
      }
      out.write(hillsLine(ctx.time, center, sigma, welltemp ? (height * biasf) / (biasf - 1) : height, biasf));
    },
    close(): void {
      out?.close();
    },
  };
  return action;
}
