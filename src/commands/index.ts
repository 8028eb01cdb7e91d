import { registerBoxCommands } from './box_commands.js';
import { registerComputeCommands } from './compute_commands.js';
import { registerControlCommands } from './control_commands.js';
import { registerMolecularCommands } from './molecular_commands.js';
import { registerGroupCommands } from './group_commands.js';
import { registerIfCommands } from './if_command.js';
import { registerFixModifyCommand } from './fix_modify_command.js';
import { registerComputeModifyCommand } from './compute_modify_command.js';
import { registerOutputCommands } from './output_commands.js';
import { registerReadDumpCommands } from './read_dump_commands.js';
import { registerRestartCommands } from './restart_commands.js';
import { registerReplicate } from './replicate.js';
import { registerDeleteAtoms } from './delete_atoms.js';
import { registerCreateBonds } from './create_bonds.js';
import { registerDisplaceAtoms } from './displace_atoms.js';
import { registerChangeBox } from './change_box.js';
import { registerRunCommands } from './run_commands.js';
import { registerSerialCommands } from './serial_commands.js';
import { registerSetCommand } from './set_command.js';
import { registerVelocityCommand } from './velocity.js';
import { registerBuiltinStyles } from '../builtin_styles.js';

let done = false;
/** Register every deck command and built-in style (idempotent). */
export function registerAll(): void {
  if (done) return;
  done = true;
  registerBoxCommands();
  registerComputeCommands();
  registerControlCommands();
  registerMolecularCommands();
  registerGroupCommands();
  registerIfCommands();
  registerFixModifyCommand();
  registerComputeModifyCommand();
  registerOutputCommands();
  registerReadDumpCommands();
  registerRestartCommands();
  registerReplicate();
  registerDeleteAtoms();
  registerCreateBonds();
  registerDisplaceAtoms();
  registerChangeBox();
  registerRunCommands();
  registerSerialCommands();
  registerSetCommand();
  registerVelocityCommand();
  registerBuiltinStyles();
}
