/**
 * Groups: only `all` exists so far (there is no `group` command yet). Fixes and computes call this
 * so that a deck naming another group fails clearly instead of silently acting on every atom.
 */
export function requireGroupAll(style: string, group: string, kind: 'fix' | 'compute' = 'fix'): void {
  if (group !== 'all') throw new Error(`${kind} ${style}: group '${group}' does not exist (only 'all' is supported)`);
}
