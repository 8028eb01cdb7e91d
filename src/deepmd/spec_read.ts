/**
 * Readers for DeePMD-kit's serialized dict (spec.ts): typed key access that names the class and key
 * on every error, the schema versions each class has had, and the size bounds checked before any
 * buffer is sized from a model file (so a corrupted or hostile file cannot exhaust memory or hang).
 */
import type { Activation, NdArray } from './spec.js';

export type Dict = Record<string, unknown>;

export const ACTIVATIONS = [
  'tanh',
  'none',
  'linear',
  'relu',
  'relu6',
  'softplus',
  'sigmoid',
  'gelu',
  'gelu_tf',
] as const;

/** Bounds on sizes read from a model file (far above any published DeePMD-kit model). */
export const MAX_RCUT = 32;
export const MAX_NTYPES = 256;
export const MAX_SEL = 16384;
export const MAX_WIDTH = 16384;
export const MAX_LAYERS = 64;
const MAX_LIST = 4096;

/**
 * Newest `@version` of each class that dpmd-ts reads (DeePMD-kit's check_version_compatibility
 * bounds: Model 2, Descriptor se_e2_a/se_e2_r 2, Fitting ener/invar 3 (4 with default_fparam),
 * NetworkCollection 1, EmbeddingNetwork 2, FittingNetwork 1, Layer 2 (adds trainable), env_mat none).
 */
export const MAX_VERSION: Record<string, number> = {
  Model: 2,
  Descriptor: 2,
  Fitting: 4,
  NetworkCollection: 1,
  EmbeddingNetwork: 2,
  FittingNetwork: 1,
  Layer: 2,
  compress: 1,
};

/** The dict's `@version` (default 1) must be an integer in 1..MAX_VERSION[kind]. */
export function checkVersion(d: Dict, cls: string, kind: string): number {
  const v = d['@version'] ?? 1;
  if (!Number.isInteger(v) || (v as number) < 1)
    fail(cls, '@version', `expected a positive integer, got ${JSON.stringify(v)}`);
  const max = MAX_VERSION[kind];
  if ((v as number) > max)
    fail(
      cls,
      '@version',
      `@version ${String(v)} is not supported by dpmd-ts (it reads ${kind} versions 1..${max}; newer DeePMD-kit?)`,
    );
  return v as number;
}

/** A value that must keep its default for dpmd-ts to compute the same numbers: refuse anything else by name. */
export function refuseUnless(d: Dict, cls: string, key: string, ok: (v: unknown) => boolean, why = ''): void {
  if (d[key] === undefined || ok(d[key])) return;
  fail(
    cls,
    key,
    `${key} = ${JSON.stringify(d[key])?.slice(0, 80)} is not supported by dpmd-ts${why ? ` (${why})` : ''}`,
  );
}

/** A value for a message: 'nothing (missing)' for undefined, JSON (shortened) otherwise. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing (the key is missing)';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  const j = JSON.stringify(v) ?? String(v);
  return j.length > 80 ? `${j.slice(0, 77)}...` : j;
}

/** Largest magnitude of any model value: trained weights and statistics are O(1..100); 1e12 is damage. */
export const MAX_ABS_VALUE = 1e12;

export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

export function fail(cls: string, key: string, what: string): never {
  throw new ModelFormatError(`${cls}: ${what} (key '${key}')`);
}

export function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** Keys of d not in allowed: error naming class and key. */
export function checkKeys(d: Dict, cls: string, allowed: string[]): void {
  for (const k of Object.keys(d))
    if (!allowed.includes(k))
      fail(cls, k, `unsupported key '${k}' (not supported by dpmd-ts; from a newer DeePMD-kit?)`);
}

export function num(d: Dict, cls: string, key: string, dflt?: number): number {
  const v = d[key];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(cls, key, `expected a finite number, got ${show(v)}`);
  return v;
}

export function bool(d: Dict, cls: string, key: string, dflt: boolean): boolean {
  const v = d[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') fail(cls, key, `expected true/false, got ${show(v)}`);
  return v;
}

export function str(d: Dict, cls: string, key: string, dflt?: string): string {
  const v = d[key];
  if ((v === undefined || v === null) && dflt !== undefined) return dflt;
  if (typeof v !== 'string') fail(cls, key, `expected a string, got ${show(v)}`);
  return v;
}

export function intList(d: Dict, cls: string, key: string, dflt?: number[], min = -Infinity, max = Infinity): number[] {
  const v = d[key];
  if ((v === undefined || v === null) && dflt) return dflt;
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x)))
    fail(cls, key, `expected a list of integers, got ${show(v)}`);
  if (v.length > MAX_LIST) fail(cls, key, `has ${v.length} entries, more than the dpmd-ts bound ${MAX_LIST}`);
  for (const x of v as number[]) {
    if (x < min || x > max)
      fail(
        cls,
        key,
        `entry ${x} is outside ${min}..${max}${max === MAX_WIDTH || max === MAX_SEL ? ' (dpmd-ts bound)' : ''}`,
      );
  }
  return v as number[];
}

export function pairList(d: Dict, cls: string, key: string, ntypes: number): [number, number][] {
  const v = d[key] ?? [];
  if (!Array.isArray(v)) fail(cls, key, 'expected a list of type pairs');
  return v.map((p) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((t) => Number.isInteger(t) && t >= 0 && t < ntypes)) {
      fail(cls, key, `bad type pair ${show(p)} for ${ntypes} types`);
    }
    return [p[0], p[1]] as [number, number];
  });
}

export function activation(d: Dict, cls: string, key: string): Activation {
  const a = str(d, cls, key, 'tanh').toLowerCase();
  if (!(ACTIVATIONS as readonly string[]).includes(a))
    fail(cls, key, `unsupported activation_function '${a}' (not supported by dpmd-ts)`);
  return a as Activation;
}

/** Accept an NdArray (already decoded) and check its size. */
export function arr(v: unknown, cls: string, key: string, size?: number): NdArray {
  if (!isDict(v) || !(v.data instanceof Float64Array) || !Array.isArray(v.shape)) {
    fail(cls, key, v === undefined ? 'the array is missing' : `expected an array, got ${show(v)}`);
  }
  const a = v as unknown as NdArray;
  const n = a.shape.reduce((x, y) => x * y, 1);
  if (a.shape.some((x) => !Number.isInteger(x) || x < 0) || n !== a.data.length)
    fail(cls, key, `shape [${a.shape}] does not match its ${a.data.length} values`);
  if (size !== undefined && a.data.length !== size)
    fail(cls, key, `expected ${size} values, got ${a.data.length} (shape [${a.shape}])`);
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    if (!Number.isFinite(x)) fail(cls, key, `non-finite value ${x} at index ${i}`);
    if (Math.abs(x) > MAX_ABS_VALUE)
      fail(
        cls,
        key,
        `value ${x.toExponential(3)} at index ${i} exceeds the dpmd-ts bound ${MAX_ABS_VALUE} in magnitude (damaged file?)`,
      );
  }
  return a;
}

export function vars(d: Dict, cls: string): Dict {
  const v = d['@variables'] ?? {};
  if (!isDict(v)) fail(cls, '@variables', 'expected a mapping');
  return v;
}
