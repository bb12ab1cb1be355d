/** The version every built-in plugin reports from `version()`: Fjord's own release. */
export const BUILTIN_PLUGIN_VERSION = '0.1.0';
