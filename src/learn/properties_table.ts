/**
 * Model vs labeler, side by side: one row per property with both values, their difference, the
 * relative difference |model − labeler| / |labeler| and, where issue 12 sets one, the threshold and
 * a pass/fail verdict (lattice constants 0.5%, elastic constants 10%, vacancy and surface energies 10%).
 * Energies without a threshold (cohesive, formation) are shown for information.
 */
import type { MaterialProperties } from './properties.js';

/** Issue 12's relative thresholds, by property group. */
export const PROPERTY_THRESHOLDS = { lattice: 0.005, elastic: 0.1, vacancy: 0.1, surface: 0.1 } as const;

export interface PropertyRow {
  /** Stable key (e.g. `fccAl.a`), name as printed, unit. */
  key: string;
  name: string;
  unit: string;
  labeler: number;
  model: number;
  /** |model − labeler| / |labeler| (Infinity when the labeler's value is 0 and the model's is not). */
  relDiff: number;
  /** Relative threshold, or null when the issue sets none. */
  threshold: number | null;
  /** true/false against the threshold, null without one. */
  pass: boolean | null;
}

type Pick = (p: MaterialProperties) => number;

const ROWS: [string, string, string, Pick, number | null][] = [
  ['fccAl.a', 'fcc Al a', 'Å', (p) => p.fccAl.a, PROPERTY_THRESHOLDS.lattice],
  ['fccAl.cohesiveEnergy', 'fcc Al E_coh', 'eV/atom', (p) => p.fccAl.cohesiveEnergy, null],
  ['hcpMg.a', 'hcp Mg a', 'Å', (p) => p.hcpMg.a, PROPERTY_THRESHOLDS.lattice],
  ['hcpMg.c', 'hcp Mg c', 'Å', (p) => p.hcpMg.c, PROPERTY_THRESHOLDS.lattice],
  ['hcpMg.cOverA', 'hcp Mg c/a', '', (p) => p.hcpMg.cOverA, null],
  ['hcpMg.cohesiveEnergy', 'hcp Mg E_coh', 'eV/atom', (p) => p.hcpMg.cohesiveEnergy, null],
  ['l12Al3Mg.a', 'L1₂ Al3Mg a', 'Å', (p) => p.l12Al3Mg.a, PROPERTY_THRESHOLDS.lattice],
  ['l12Al3Mg.formationEnergy', 'L1₂ Al3Mg E_f', 'eV/atom', (p) => p.l12Al3Mg.formationEnergy, null],
  ['elasticAl.c11', 'fcc Al C11', 'GPa', (p) => p.elasticAl.c11, PROPERTY_THRESHOLDS.elastic],
  ['elasticAl.c12', 'fcc Al C12', 'GPa', (p) => p.elasticAl.c12, PROPERTY_THRESHOLDS.elastic],
  ['elasticAl.c44', 'fcc Al C44', 'GPa', (p) => p.elasticAl.c44, PROPERTY_THRESHOLDS.elastic],
  [
    'vacancyAl.formationEnergy',
    'Al vacancy E_v',
    'eV',
    (p) => p.vacancyAl.formationEnergy,
    PROPERTY_THRESHOLDS.vacancy,
  ],
  ['surfaceAl111.surfaceEnergy', 'Al(111) γ', 'J/m²', (p) => p.surfaceAl111.surfaceEnergy, PROPERTY_THRESHOLDS.surface],
  ['surfaceAl111.surfaceEnergyMeVPerA2', 'Al(111) γ', 'meV/Å²', (p) => p.surfaceAl111.surfaceEnergyMeVPerA2, null],
];

/** The rows of the comparison (model against labeler). */
export function compareProperties(labeler: MaterialProperties, model: MaterialProperties): PropertyRow[] {
  return ROWS.map(([key, name, unit, pick, threshold]) => {
    const l = pick(labeler),
      m = pick(model);
    const relDiff = l === m ? 0 : Math.abs(m - l) / Math.abs(l);
    // NaN never passes: `relDiff <= threshold` is false for NaN.
    const pass = threshold === null ? null : relDiff <= threshold;
    return { key, name, unit, labeler: l, model: m, relDiff, threshold, pass };
  });
}

/** Whether every row with a threshold passes. */
export function allPass(rows: PropertyRow[]): boolean {
  return rows.every((r) => r.pass !== false);
}

const num = (v: number): string =>
  Number.isFinite(v)
    ? Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(4)
      : v.toFixed(5)
    : String(v);
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : String(v));

/**
 * The comparison as a text table: property, unit, labeler, model, model − labeler, relative
 * difference, threshold, verdict (PASS/FAIL, or "-" without a threshold), then a summary line.
 */
export function formatPropertiesTable(labeler: MaterialProperties, model: MaterialProperties): string {
  const rows = compareProperties(labeler, model);
  const head = ['property', 'unit', 'labeler', 'model', 'diff', 'rel.diff', 'limit', 'verdict'];
  const body = rows.map((r) => [
    r.name,
    r.unit,
    num(r.labeler),
    num(r.model),
    num(r.model - r.labeler),
    pct(r.relDiff),
    r.threshold === null ? '-' : pct(r.threshold),
    r.pass === null ? '-' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => (c < 2 ? s.padEnd(widths[c]) : s.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const checked = rows.filter((r) => r.pass !== null);
  const passed = checked.filter((r) => r.pass).length;
  return [
    `labeler: ${labeler.potential}`,
    `model:   ${model.potential}`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    `${passed}/${checked.length} thresholds met${passed === checked.length ? '' : ' (requirements not met)'}`,
  ].join('\n');
}

/** One potential's properties as a two-column table (no comparison). */
export function formatProperties(p: MaterialProperties): string {
  const body = ROWS.map(([, name, unit, pick]) => [name, unit, num(pick(p))]);
  const w = [0, 1, 2].map((c) => Math.max(...body.map((b) => b[c].length)));
  return [
    `potential: ${p.potential}`,
    ...body.map((b) => `${b[0].padEnd(w[0])}  ${b[1].padEnd(w[1])}  ${b[2].padStart(w[2])}`),
  ].join('\n');
}
