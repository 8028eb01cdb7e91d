import type { ActionFactory } from './action.js';
import { createAngle } from './angle.js';
import { createCombine } from './combine.js';
import { createCoordination } from './coordination.js';
import { createDeepFe } from './deepfe.js';
import { createDistance } from './distance.js';
import { createMetad } from './metad.js';
import { createMovingRestraint } from './moving_restraint.js';
import { createRestraint } from './restraint.js';
import { createTorsion } from './torsion.js';
import { createWalls } from './walls.js';

/**
 * The PLUMED actions this engine implements, by PLUMED name (PRINT, UNITS, RESTART and
 * ENDPLUMED are handled by the engine itself). Anything else in an input is an error naming it.
 */
export const PLUMED_ACTIONS: ReadonlyMap<string, ActionFactory> = new Map<string, ActionFactory>([
  ['DISTANCE', createDistance],
  ['ANGLE', createAngle],
  ['TORSION', createTorsion],
  ['COORDINATION', createCoordination],
  ['COMBINE', createCombine],
  ['RESTRAINT', createRestraint],
  ['MOVINGRESTRAINT', createMovingRestraint],
  ['UPPER_WALLS', createWalls(true)],
  ['LOWER_WALLS', createWalls(false)],
  ['METAD', createMetad],
  ['DEEPFE', createDeepFe],
]);
