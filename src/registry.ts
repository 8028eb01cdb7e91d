import { nearestNames } from './nearest_names.js';

/**
 * Name -> factory map for styles selected by name in decks (pair_style, fix, min_style ...), as
 * LAMMPS's Force/Modify style maps. Registering the same name twice is a programming error.
 */
export class Registry<T> {
  private readonly map = new Map<string, T>();
  constructor(readonly kind: string) {}

  register(name: string, item: T): void {
    if (this.map.has(name)) throw new Error(`${this.kind} '${name}' is registered twice`);
    this.map.set(name, item);
  }

  get(name: string): T {
    const it = this.map.get(name);
    if (it === undefined) throw new Error(`Unknown ${this.kind} '${name}' (${this.hint(name)})`);
    return it;
  }

  /**
   * What to say after an unknown name: a short registry lists every name; a long one (the deck
   * commands) suggests the nearest few, since forty names on one line help nobody.
   */
  private hint(name: string): string {
    const names = [...this.map.keys()].sort();
    if (names.length <= 12) return `available: ${names.join(', ')}`;
    const near = nearestNames(name, names);
    if (near.length > 0) return `did you mean ${near.join(', ')}?`;
    return `not one of the ${names.length} ${this.kind}s dpmd knows; docs/ lists them`;
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  names(): string[] {
    return [...this.map.keys()];
  }
}
