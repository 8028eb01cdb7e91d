import { readFileSync } from 'node:fs';
import { sprintf } from '../format.js';
import { domainText } from './output_file.js';

/**
 * PLUMED's HILLS file (MetaD::writeGaussian, diagonal Gaussians):
 *   #! FIELDS time s1 s2 sigma_s1 sigma_s2 height biasf
 *   #! SET multivariate false
 *   #! SET kerneltype gaussian
 *   #! SET min_s1 -pi          (periodic arguments only)
 *   #! SET max_s1 pi
 *   then one line per hill, every field printed with PLUMED's default format %23.16g.
 * For well-tempered METAD (BIASFACTOR γ > 1) the written height is the deposited height times
 * γ/(γ-1), so that the sum of written hills estimates -F; reading divides it back.
 */
export interface HillsHeaderArg {
  name: string;
  periodic: boolean;
  min: number;
  max: number;
}

export function hillsHeader(args: HillsHeaderArg[]): string {
  const names = args.map((a) => a.name);
  let h = `#! FIELDS time ${names.join(' ')} ${names.map((n) => `sigma_${n}`).join(' ')} height biasf\n`;
  h += '#! SET multivariate false\n#! SET kerneltype gaussian\n';
  for (const a of args)
    if (a.periodic) h += `#! SET min_${a.name} ${domainText(a.min)}\n#! SET max_${a.name} ${domainText(a.max)}\n`;
  return h;
}

const FMT = ' %23.16g';

export function hillsLine(
  time: number,
  center: ArrayLike<number>,
  sigma: ArrayLike<number>,
  height: number,
  biasf: number,
): string {
  let s = sprintf(FMT, time);
  for (let i = 0; i < center.length; i++) s += sprintf(FMT, center[i]);
  for (let i = 0; i < sigma.length; i++) s += sprintf(FMT, sigma[i]);
  return `${s + sprintf(FMT, height) + sprintf(FMT, biasf)}\n`;
}

/** One hill as read: centre, sigma, height as written in the file (not yet rescaled). */
export interface Hill {
  time: number;
  center: Float64Array;
  sigma: Float64Array;
  height: number;
}

/**
 * Read a HILLS file written for the arguments `names` (PLUMED's column names). The columns are
 * found through the `#! FIELDS` lines; a file for other arguments or with multivariate hills is
 * an error naming the file and line.
 */
export function readHills(path: string, names: string[]): Hill[] {
  const text = readFileSync(path, 'utf8');
  const out: Hill[] = [];
  let cols: Map<string, number> | undefined;
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === '') continue;
    const where = `${path}:${ln + 1}`;
    if (line.startsWith('#!')) {
      const w = line.split(/\s+/);
      if (w[1] === 'FIELDS') {
        cols = new Map(w.slice(2).map((n, k) => [n, k]));
        for (const need of ['time', ...names, ...names.map((n) => `sigma_${n}`), 'height'])
          if (!cols.has(need))
            throw new Error(`${where}: HILLS file has no field ${need} (FIELDS ${w.slice(2).join(' ')})`);
      } else if (w[1] === 'SET' && w[2] === 'multivariate' && w[3] === 'true')
        throw new Error(`${where}: multivariate hills are not supported`);
      continue;
    }
    if (line.startsWith('#')) continue;
    if (!cols) throw new Error(`${where}: data before the #! FIELDS line`);
    const v = line.split(/\s+/).map(Number);
    if (v.length !== cols.size || v.some((x) => !Number.isFinite(x)))
      throw new Error(`${where}: expected ${cols.size} numbers, got "${line}"`);
    const c = cols;
    out.push({
      time: v[c.get('time')!],
      center: Float64Array.from(names.map((n) => v[c.get(n)!])),
      sigma: Float64Array.from(names.map((n) => v[c.get(`sigma_${n}`)!])),
      height: v[c.get('height')!],
    });
  }
  return out;
}
