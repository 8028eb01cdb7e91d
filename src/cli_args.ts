/**
 * The command-line convention every `dpmd` subcommand follows: options parsed by Node's util.parseArgs
 * (strict: unknown options and missing values are errors), `-h/--help` prints the usage and exits 0,
 * and any error ends as `ERROR: <message>` on stderr with exit status 1 and no stack trace (set
 * DPMD_DEBUG=1 to see the stack).
 *
 *   export async function fooMain(argv: string[]): Promise<number> {
 *     return runCommand(FOO, argv, async ({ values, positionals }) => {
 *       const n = intOption(values, 'steps', { min: 1 }) ?? 10;
 *       ...
 *       return 0;
 *     });
 *   }
 *   const FOO: CommandSpec = { usage: 'usage: dpmd foo IN [--steps N]', options: { steps: { type: 'string' } },
 *     positionals: { min: 1, max: 1, names: 'IN' } };
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command-line input: reported with the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandSpec {
  usage: string;
  /** parseArgs option specs; `help` (-h/--help) is added. Numbers are 'string' options read with intOption. */
  options: OptionSpecs;
  /** Allowed number of positional arguments and what they are called in messages. */
  positionals?: { min: number; max: number; names: string };
}

export interface ParsedCommand {
  values: OptionValues;
  positionals: string[];
}

/** Parse argv by spec; null when --help was given (usage printed). Throws UsageError. */
export function parseCommandLine(argv: string[], spec: CommandSpec): ParsedCommand | null {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\. To specify a positional.*$/, ''));
  }
  if (parsed.values.help) {
    process.stdout.write(spec.usage.replace(/\n?$/, '\n'));
    return null;
  }
  const pos = spec.positionals ?? { min: 0, max: 0, names: '' };
  if (parsed.positionals.length < pos.min) throw new UsageError(`${pos.names} is required`);
  if (parsed.positionals.length > pos.max) throw new UsageError(`unexpected argument '${parsed.positionals[pos.max]}'`);
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}

/** A string option as an integer in [min, max] (undefined when absent). */
export function intOption(
  values: OptionValues,
  name: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const s = String(v),
    n = Number(s);
  if (s.trim() === '' || !Number.isSafeInteger(n)) throw new UsageError(`--${name}: expected an integer, got '${s}'`);
  if (range.min !== undefined && n < range.min) throw new UsageError(`--${name}: must be >= ${range.min}, got ${n}`);
  if (range.max !== undefined && n > range.max) throw new UsageError(`--${name}: must be <= ${range.max}, got ${n}`);
  return n;
}

/** A string option that is a positive integer or 'auto' (thread/worker counts). */
export function countOrAuto(values: OptionValues, name: string, min = 1): number | 'auto' | undefined {
  if (values[name] === 'auto') return 'auto';
  const v = values[name];
  if (v !== undefined && !/^\d+$/.test(String(v)))
    throw new UsageError(`--${name}: expected an integer >= ${min} or 'auto', got '${String(v)}'`);
  return intOption(values, name, { min });
}

/** A string option (undefined when absent). */
export function strOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return v === undefined ? undefined : String(v);
}

/** Print `ERROR: <message>` (and the stack when DPMD_DEBUG=1) to stderr. */
export function reportError(e: unknown, usage?: string): void {
  const msg = e instanceof Error ? e.message : String(e);
  let text = `ERROR: ${msg}\n`;
  if (e instanceof UsageError && usage) text += usage.replace(/\n?$/, '\n');
  if (process.env.DPMD_DEBUG === '1' && e instanceof Error && e.stack) text += `${e.stack}\n`;
  process.stderr.write(text);
}

/** Parse argv, run body, and turn every error into `ERROR: ...` with exit status 1. */
export async function runCommand(
  spec: CommandSpec,
  argv: string[],
  body: (args: ParsedCommand) => Promise<number> | number,
): Promise<number> {
  try {
    const args = parseCommandLine(argv, spec);
    if (!args) return 0;
    return await body(args);
  } catch (e) {
    reportError(e, spec.usage);
    return 1;
  }
}
