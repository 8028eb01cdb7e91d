/**
 * `dpmd compress -i MODEL -o OUT [-s STEP] [-e EXTRAPOLATE] [-d MIN_NBOR_DIST] [-f CHECK_FREQUENCY]`
 * (DeePMD-kit's `dp compress`): tabulate the se_e2_a embedding nets (compress.ts) and write the model
 * with the tables in the descriptor's `compress` entry. STEP is the first table's stride (default 0.01);
 * the extrapolation table uses 10 x STEP, as in DeePMD-kit. MIN_NBOR_DIST (Å) is the smallest
 * interatomic distance of the training data; it sets the table's upper bound. DeePMD-kit stores it
 * with the trained model or recomputes it from the training data (`-t input.json`); here it is read
 * from the model's `min_nbor_dist` (top level, or an already compressed model) or given with -d.
 * Output format by extension (.dp recommended: the tables are large; .yaml/.json also work).
 */
import { loadModelFile, writeModelFile } from './model_file.js';
import { compressModel } from './compress.js';

const USAGE = 'usage: dpmd compress -i MODEL -o OUT [-s STEP=0.01] [-e EXTRAPOLATE=5] [-d MIN_NBOR_DIST] [-f CHECK_FREQUENCY=-1]';

export async function compressMain(argv: string[]): Promise<number> {
  const opt: Record<string, string> = {};
  const alias: Record<string, string> = {
    '-i': 'input', '--input': 'input', '-o': 'output', '--output': 'output', '-s': 'step', '--step': 'step',
    '-e': 'extrapolate', '--extrapolate': 'extrapolate', '-d': 'min-nbor-dist', '--min-nbor-dist': 'min-nbor-dist',
    '-f': 'frequency', '--frequency': 'frequency',
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-h' || a === '--help') { console.log(USAGE); return 0; }
    const key = alias[a];
    if (!key || k + 1 >= argv.length) { console.error(`dpmd compress: ${key ? `missing value for ${a}` : `unknown argument '${a}'`}\n${USAGE}`); return 1; }
    opt[key] = argv[++k];
  }
  if (!opt.input || !opt.output) { console.error(`dpmd compress: -i and -o are required\n${USAGE}`); return 1; }
  const numOpt = (k: string, dflt: number): number => {
    if (opt[k] === undefined) return dflt;
    const v = Number(opt[k]);
    if (!Number.isFinite(v)) throw new Error(`dpmd compress: --${k} must be a number, got '${opt[k]}'`);
    return v;
  };
  try {
    const spec = await loadModelFile(opt.input);
    const step = numOpt('step', 0.01), extrapolate = numOpt('extrapolate', 5), frequency = numOpt('frequency', -1);
    const fromModel = typeof spec.meta.min_nbor_dist === 'number' ? spec.meta.min_nbor_dist : spec.descriptor.compress?.minNborDist;
    const dmin = numOpt('min-nbor-dist', fromModel ?? NaN);
    if (!(dmin > 0)) {
      console.error('dpmd compress: the model does not record min_nbor_dist: give the smallest interatomic distance of the ' +
        'training data with -d MIN_NBOR_DIST (Å)');
      return 1;
    }
    const t0 = performance.now();
    const out = compressModel(spec, { minNborDist: dmin, stride0: step, stride1: 10 * step, extrapolate, checkFrequency: frequency });
    await writeModelFile(out, opt.output);
    const t = out.descriptor.compress!.tables.find((x) => x !== null)!;
    console.log(`dpmd compress: ${opt.input} -> ${opt.output}: ${out.descriptor.compress!.tables.filter((x) => x).length} table(s), ` +
      `s in [${t.lower}, ${t.upper}) by ${step}, [${t.upper}, ${t.max.toFixed(6)}) by ${10 * step}, min_nbor_dist ${dmin} Å ` +
      `(${((performance.now() - t0) / 1000).toFixed(2)} s)`);
    return 0;
  } catch (e) {
    console.error(`dpmd compress: ${(e as Error).message}`);
    return 1;
  }
}
