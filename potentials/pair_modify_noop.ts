/**
 * pair_modify for styles on which LAMMPS's generic keywords (Pair::modify_params) have no effect:
 * `mix`, `shift` and `tail` with valid values are accepted and change nothing (LAMMPS accepts
 * them too); anything else is refused by name.
 */
export function acceptNoOpModify(style: string, args: string[]): void {
  if (args.length === 0 || args.length % 2 !== 0)
    throw new Error(`Illegal pair_modify command for pair ${style}: '${args.join(' ')}' (keyword value pairs)`);
  for (let k = 0; k < args.length; k += 2) {
    const key = args[k],
      v = args[k + 1];
    if (key === 'mix' && (v === 'geometric' || v === 'arithmetic' || v === 'sixthpower')) continue;
    if ((key === 'shift' || key === 'tail') && (v === 'yes' || v === 'no')) continue;
    throw new Error(`Illegal pair_modify command for pair ${style}: '${key} ${v}' is not supported`);
  }
}
