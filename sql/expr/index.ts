/** The expression compiler: public entry points (see README.md). */
export { compileExpression, typeOf } from './compile.js';
export { commonType } from './common-type.js';
export { compareValues, valuesEqual, isValidComparison } from './compare.js';
export { castFunction, castValue, castSupported, javaToString } from './cast.js';
export { likePattern } from './predicates.js';
export type { ColumnBinding, CompileScope, CompiledExpression } from './types.js';
