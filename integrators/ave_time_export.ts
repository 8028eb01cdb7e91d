import { writeFileSync } from 'node:fs';
import { type Series, writeLinePlot } from '../src/plot/line_plot.js';

/**
 * The dpmd-only outputs of fix ave/time (keywords `csv FILE` and `png FILE`; LAMMPS has neither):
 * the latest averaged table as a CSV file and as a line plot, both overwritten at every Nfreq
 * output so that they always show the current average, also when a long run is interrupted.
 */

/** One column of the averaged table: its CSV name and whether it is plotted against column 0. */
export interface ExportColumn {
  name: string;
  plot: boolean;
}

/**
 * CSV with a header row of column names and one line per row of data (rows x columns,
 * row-major). Values carry 15 significant digits (the LAMMPS-style text file has %g's six): as
 * precise as the averages are, without the binary noise of a bin centre like 0.015000000000000008.
 */
export function writeTableCsv(path: string, columns: readonly ExportColumn[], rows: number, data: Float64Array): void {
  const nc = columns.length;
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (let i = 0; i < rows; i++) {
    const vals: string[] = [];
    for (let j = 0; j < nc; j++) vals.push(String(Number(data[i * nc + j].toPrecision(15))));
    lines.push(vals.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** What the plot's title and axis labels say about the table. */
export interface TablePlotInfo {
  /** The fix's ID: title "fix ave/time ID: step N". */
  fixId?: string;
  /** Step of the output. */
  step?: number;
  /** Units style (lj, metal, real): the unit of a distance column r. */
  units?: string;
}

/** Length unit of a units style, as drawn (the plot font writes Å as A). */
const LENGTH_UNIT: Record<string, string> = { metal: 'Å', real: 'Å', lj: 'sigma' };

/**
 * Line plot (PNG) of the table: the columns marked `plot` against column 0 (compute rdf: g(r)
 * against r; its coordination numbers, on another scale, are left out). When no later column is
 * marked, every later column is drawn; a single column is drawn against the row number.
 * Title "fix ave/time ID: step N", x label column 0's name (with the length unit for compute
 * rdf's r), y label g(r) when every curve is a g_I_J column, legend of the column names.
 */
export function writeTablePlot(
  path: string,
  columns: readonly ExportColumn[],
  rows: number,
  data: Float64Array,
  info: TablePlotInfo = {},
): void {
  const nc = columns.length;
  const column = (j: number): Float64Array => {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = data[i * nc + j];
    return c;
  };
  const series: Series[] = [];
  let xLabel: string, yLabel: string | undefined;
  if (nc === 1) {
    series.push({ x: Float64Array.from({ length: rows }, (_, i) => i + 1), y: column(0), label: columns[0].name });
    xLabel = 'row';
    yLabel = columns[0].name;
  } else {
    const x = column(0);
    let ys = columns.map((_c, j) => j).filter((j) => j > 0 && columns[j].plot);
    if (ys.length === 0) ys = columns.map((_c, j) => j).filter((j) => j > 0);
    for (const j of ys) series.push({ x, y: column(j), label: columns[j].name });
    const unit = columns[0].name === 'r' && info.units !== undefined ? LENGTH_UNIT[info.units] : undefined;
    xLabel = unit ? `${columns[0].name} (${unit})` : columns[0].name;
    if (ys.every((j) => /^g_/.test(columns[j].name))) yLabel = 'g(r)';
    else if (ys.length === 1) yLabel = columns[ys[0]].name;
  }
  let title: string | undefined;
  if (info.fixId !== undefined)
    title = `fix ave/time ${info.fixId}${info.step !== undefined ? `: step ${info.step}` : ''}`;
  writeLinePlot(path, series, { title, xLabel, yLabel });
}

/** Quote a CSV field when it holds a separator or a quote (RFC 4180). */
function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
