import { UsageError } from '../cli/cli-context.js';

/** A configuration value (file key, flag or variable) that cannot be used; names it and the fix. */
export class ConfigError extends UsageError {}
