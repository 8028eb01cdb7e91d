/** `dpmd rid CONFIG.json [--out DIR]`: reinforced dynamics (docs/rid.md). */
import { join, resolve } from 'node:path';
import { runCommand, strOption, type CommandSpec } from '../cli_args.js';
import { readRidConfig } from './config.js';
import { runRid } from './loop.js';
import { MdSampler } from './md_sampler.js';
import { TorusSampler } from './torus_sampler.js';

const RID_USAGE = `usage: dpmd rid CONFIG.json [--out DIR]
  CONFIG.json   rid-kit-style settings: numb_walkers, numb_iters, trust_lvl_1/2, CV, ExploreMDConfig,
                SelectorConfig, LabelMDConfig (kappas), Train (neurons, ...), sampler ("torus" | "md") (docs/rid.md)
  --out DIR     where iter.NNNNNN/, record.rid, rid_log.csv, fes.csv and fes.png go (default: the working
                directory); rerunning with the same DIR resumes after the last finished stage`;

const SPEC: CommandSpec = {
  usage: RID_USAGE,
  options: { out: { type: 'string' } },
  positionals: { min: 1, max: 1, names: 'CONFIG.json' },
};

export async function ridMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, async ({ values, positionals }) => {
    const cfg = readRidConfig(positionals[0]);
    const out = resolve(strOption(values, 'out') ?? '.');
    const log = (l: string) => process.stdout.write(`${l}\n`);
    if (cfg.sampler === 'md') {
      const md = new MdSampler(
        {
          system: cfg.md!,
          temperature: cfg.explore.temperature,
          exploreDt: cfg.explore.dt,
          labelDt: cfg.label.dt,
          work: join(out, 'md'),
        },
        (m) => process.stderr.write(`${m}\n`),
      );
      try {
        const r = await runRid(cfg, md, out, log, null);
        log(`finished ${r.iterations} iteration(s); free energy in ${resolve(out, 'fes.csv')} and fes.png`);
      } finally {
        md.close();
      }
      return 0;
    }
    const sampler = new TorusSampler(
      {
        potential: cfg.torus.potential,
        temperature: cfg.explore.temperature,
        diffusion: cfg.torus.diffusion,
        dt: cfg.explore.dt,
        labelDt: cfg.label.dt,
        threads: cfg.torus.threads,
      },
      (m) => process.stderr.write(`${m}\n`),
    );
    try {
      const r = await runRid(cfg, sampler, out, log, (p, q) => sampler.V(p, q));
      log(`finished ${r.iterations} iteration(s); free energy in ${resolve(out, 'fes.csv')} and fes.png`);
    } finally {
      sampler.close();
    }
    return 0;
  });
}
