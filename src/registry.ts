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
    if (it === undefined) {
      throw new Error(`Unknown ${this.kind} '${name}' (available: ${[...this.map.keys()].sort().join(', ')})`);
    }
    return it;
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  names(): string[] {
    return [...this.map.keys()];
  }
}
