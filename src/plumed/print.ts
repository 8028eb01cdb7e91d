import { countConversions, sprintf } from '../format.js';
import type { ActionBuilder, PlumedAction, PlumedContext } from './action.js';
import { readArgs } from './action.js';
import type { ActionReader } from './action_reader.js';
import { domainText, PlumedOutputFile } from './output_file.js';

/**
 * PRINT ARG=a,b,... [STRIDE=1] [FILE=name] [FMT=%f] [RESTART=YES|NO]: every STRIDE steps a line
 * " time a b ..." (time in PLUMED units, ps by default; each field printed with " "+FMT) after a
 * header "#! FIELDS time a b ..." and "#! SET min_a/max_a" lines for periodic arguments, as
 * PLUMED's COLVAR files look. Without FILE the lines go to the PLUMED log (fix plumed outfile).
 */
export function createPrint(r: ActionReader, b: ActionBuilder, log: (text: string) => void): PlumedAction {
  const label = r.label();
  const names = r.list('ARG');
  const args = readArgs(r, b, false);
  const stride = r.int('STRIDE', 1, 1);
  const file = r.raw('FILE');
  const fmt = r.string('FMT', '%f');
  if (countConversions(fmt) !== 1) r.fail(`FMT=${fmt} must hold exactly one conversion`);
  const restartKey = r.raw('RESTART');
  r.done();
  const restart = restartKey === 'YES' || (restartKey !== 'NO' && b.restart);
  const v = b.values;
  const path = file === undefined ? undefined : b.outputPath(file);
  let out: PlumedOutputFile | undefined;
  let headed = false;
  const f = ` ${fmt}`;
  return {
    name: 'PRINT',
    label,
    calculate(): void {},
    update(ctx: PlumedContext): void {
      if (ctx.step % stride !== 0) return;
      let line = sprintf(f, ctx.time);
      for (let i = 0; i < args.length; i++) line += sprintf(f, v.value[args[i]]);
      line += '\n';
      const write = (t: string): void => {
        if (path === undefined) log(t);
        else {
          out ??= new PlumedOutputFile(path, restart);
          out.write(t);
        }
      };
      // The header is built on first use: periodic domains are known once every value is registered.
      if (!headed) {
        let header = `#! FIELDS time ${names.join(' ')}\n`;
        for (let i = 0; i < args.length; i++)
          if (v.isPeriodic(args[i]))
            header += `#! SET min_${names[i]} ${domainText(v.min[args[i]])}\n#! SET max_${names[i]} ${domainText(v.max[args[i]])}\n`;
        write(header);
      }
      headed = true;
      write(line);
    },
    close(): void {
      out?.close();
    },
  };
}
