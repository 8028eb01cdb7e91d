/**
 * Descriptor modules by DeePMD-kit type name (and aliases). Adding a descriptor: write its module
 * (descriptor.ts contract) and add one `registerDescriptor` line here; tests may register their own.
 */
import type { DescriptorModule, DescriptorSpec } from './descriptor.js';
import { seE2A } from './se_e2_a.js';
import { seE2R } from './se_e2_r.js';

// biome-ignore lint/suspicious/noExplicitAny: a module of any spec type (its methods take its own spec, so no common supertype)
type AnyModule = DescriptorModule<any>;

const byName = new Map<string, AnyModule>();
const canonical: AnyModule[] = [];

/** Register a module under its type name and aliases; a name already taken throws. */
export function registerDescriptor(m: AnyModule): void {
  for (const n of [m.type, ...m.aliases]) {
    if (byName.has(n)) throw new Error(`descriptor registry: the name '${n}' is already registered`);
  }
  for (const n of [m.type, ...m.aliases]) byName.set(n, m);
  canonical.push(m);
}

/** The module for a type name or alias, or undefined. */
export function findDescriptor(name: string): AnyModule | undefined {
  return byName.get(name);
}

/** The module of a spec (its `type` is always a canonical name). */
export function descriptorModule(d: DescriptorSpec | { type: string }): DescriptorModule {
  const m = byName.get(d.type);
  if (!m) throw new Error(`descriptor '${d.type}' is not registered`);
  return m as DescriptorModule;
}

/** The module whose TensorFlow environment op is `op` (ProdEnvMatA, DescrptSeR, ...), or undefined. */
export function descriptorForOp(op: string): AnyModule | undefined {
  return canonical.find((m) => m.tf.envOps.includes(op));
}

/** Canonical names, for error messages ("supported: se_e2_a, se_e2_r"). */
export function descriptorNames(filter: (m: AnyModule) => boolean = () => true): string[] {
  return canonical.filter(filter).map((m) => m.type);
}

registerDescriptor(seE2A);
registerDescriptor(seE2R);
