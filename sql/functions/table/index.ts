/** ksqlDB's built-in table functions (UDTFs), as registry factories. */
import type { FunctionFactory } from '../types.js';
import { cubeExplode } from './cube-explode.js';
import { explode } from './explode.js';

export const tableFunctions: FunctionFactory<'TABLE'>[] = [cubeExplode, explode];
