/**
 * `fp_style cp2k`: real DFT labels from CP2K (Debian's cp2k with cp2k-data). Each task directory gets
 * the frame (conf.lmp, which the fp stage reads back) and input.inp: DP-GEN's `user_fp_params` tree
 * over the defaults of a preset (metal or molecule), or a template file with the frame's CELL and
 * COORD filled in (cp2k_input.ts). The command is `cp2k -i input.inp -o output.log`; the labels are
 * read from output.log with CP2K's units converted (cp2k_output.ts). A frame whose SCF did not
 * converge throws in collect: the fp stage lists it in failed.txt and leaves it out of the data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultTree,
  inputFromTemplate,
  inputFromTree,
  mergeTree,
  type Cp2kPreset,
  type Cp2kTree,
} from './cp2k_input.js';
import { readCp2kOutput } from './cp2k_output.js';
import type { Labeled } from './labeled_data.js';
import type { Labeler } from './labeler.js';
import { lammpsDataText, type Frame } from './structure.js';

export interface Cp2kParams {
  preset: Cp2kPreset;
  /** DP-GEN's user_fp_params: merged over the preset's defaults. */
  userFpParams: Cp2kTree;
  /** A template input (absolute path) instead of the tree, or null. */
  template: string | null;
  /** The program and its leading arguments, e.g. ['cp2k'] or ['mpirun', '-np', '4', 'cp2k.psmp']. */
  command: string[];
}

export class Cp2kLabeler implements Labeler {
  readonly style = 'cp2k';
  private readonly tree: Cp2kTree;
  constructor(
    private readonly p: Cp2kParams,
    private readonly typeMap: string[],
    private readonly masses: number[],
  ) {
    this.tree = mergeTree(defaultTree(p.preset, typeMap), p.userFpParams);
  }

  /** The CP2K input of a frame. */
  input(frame: Frame): string {
    return this.p.template
      ? inputFromTemplate(this.p.template, frame, this.typeMap)
      : inputFromTree(this.tree, frame, this.typeMap);
  }

  prepare(dir: string, frame: Frame): string[] {
    writeFileSync(join(dir, 'conf.lmp'), lammpsDataText(frame, this.masses));
    writeFileSync(join(dir, 'input.inp'), this.input(frame));
    return [...this.p.command, '-i', 'input.inp', '-o', 'output.log'];
  }

  collect(dir: string, frame: Frame): Labeled {
    return readCp2kOutput(join(dir, 'output.log'), frame);
  }
}
