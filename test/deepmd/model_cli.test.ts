/**
 * Data safety of the model-writing CLIs (`dpmd export-onnx`, `compress`, `convert`), through the
 * compiled CLI: an input is never overwritten, a bad model or option exits 1 with a message before
 * anything is written (an existing output stays as it was), writes leave no temporary files, and
 * every command answers --help.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFile, writeModelFile } from '../../src/deepmd/model_file.js';

const FIX = fileURLToPath(new URL('../fixtures/deepmd-kit/', import.meta.url));
const CLI = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'dist/src/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'dpmd-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dpmd = (...args: string[]): { status: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, out: r.stdout, err: r.stderr };
};

describe('model CLIs: validate first, never destroy a file', () => {
  it('export-onnx -m m.yaml -o m.yaml is refused and the model is untouched', () => {
    const m = join(dir, 'm.yaml');
    copyFileSync(`${FIX}deeppot_sea.yaml`, m);
    const before = readFileSync(m);
    const r = dpmd('export-onnx', '-m', m, '-o', m);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/ERROR: .*unsupported output extension '\.yaml' \(expected \.onnx\)/);
    expect(readFileSync(m).equals(before)).toBe(true);
    // the same file under another name (a relative path) is recognised too
    const same = dpmd('convert', '-i', m, '-o', 'm.yaml');
    expect(same.status).toBe(1);
    expect(same.err).toMatch(/is the input model .*refusing to overwrite an input/);
    expect(readFileSync(m).equals(before)).toBe(true);
  });

  it('a damaged model exits 1 before writing: an existing output keeps its content', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(`${FIX}deeppot_sea.yaml`, 'utf8').replaceAll('rcut: 6.0', 'rcut: 1000.0'));
    for (const [cmd, out] of [
      ['export-onnx', 'old.onnx'],
      ['convert', 'old.dp'],
      ['compress', 'old2.dp'],
    ]) {
      const o = join(dir, out);
      writeFileSync(o, 'previous content');
      const r =
        cmd === 'export-onnx'
          ? dpmd(cmd, '-m', bad, '-o', o)
          : dpmd(cmd, '-i', bad, '-o', o, ...(cmd === 'compress' ? ['-d', '0.9'] : []));
      expect(r.status, `${cmd}: ${r.err}`).toBe(1);
      expect(r.err + r.out).toMatch(/rcut = 1000 exceeds the dpmd-ts bound 32/);
      expect(r.err + r.out).not.toMatch(/\n\s+at /);
      expect(readFileSync(o, 'utf8')).toBe('previous content');
    }
  });

  it('compress refuses a table size beyond its bound before allocating', () => {
    const o = join(dir, 'c.dp');
    const r = dpmd('compress', '-i', `${FIX}deeppot_sea.yaml`, '-o', o, '-d', '0.9', '-s', '1e-9');
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/-s 1e-9 .* would make tables of .* doubles, more than the bound 67108864/);
    expect(existsSync(o)).toBe(false);
    const neg = dpmd('compress', '-i', `${FIX}deeppot_sea.yaml`, '-o', o, '-d', '0.9', '--step=-0.01');
    expect(neg.status).toBe(1);
    expect(neg.err).toMatch(/-s STEP must be > 0/);
  });

  it('--help on every model command exits 0 with the usage', () => {
    for (const cmd of ['export-onnx', 'compress', 'convert']) {
      const r = dpmd(cmd, '--help');
      expect(r.status).toBe(0);
      expect(r.out).toMatch(new RegExp(`usage: dpmd ${cmd}`));
    }
    const bad = dpmd('convert', '-i', `${FIX}deeppot_sea.yaml`);
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/-i MODEL and -o OUT are required/);
  });

  it('writes replace the output through a temporary file and leave nothing else behind', async () => {
    const sub = mkdtempSync(join(dir, 'w-'));
    const spec = await loadModelFile(`${FIX}deeppot_sea.yaml`);
    for (const name of ['a.dp', 'a.yaml', 'a.json']) {
      writeFileSync(join(sub, name), 'old');
      await writeModelFile(spec, join(sub, name));
      const back = await loadModelFile(join(sub, name));
      expect(back.descriptor.sel).toEqual([46, 92]);
    }
    expect(readdirSync(sub).sort()).toEqual(['a.dp', 'a.json', 'a.yaml']);
    // an unwritable target fails without touching what is there
    await expect(writeModelFile(spec, join(sub, 'a.txt'))).rejects.toThrow(/unsupported output extension '\.txt'/);
    expect(readdirSync(sub).sort()).toEqual(['a.dp', 'a.json', 'a.yaml']);
  });
});
