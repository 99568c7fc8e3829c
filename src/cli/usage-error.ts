/** A mistake in how the command was called (exit code 2), found after commander's own parsing. */
export class UsageError extends Error {}
