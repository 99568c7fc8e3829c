/**
 * Header-route patterns (`headerRoutes[].regex`), matched on the hot path against header values a
 * client chooses. They run on RE2 (the pure-JS `re2js` port), whose matching time is linear in
 * the header's length whatever the pattern: with backtracking RegExp, `^(a+)+$` against 29
 * characters of `a` and one `b` holds the event loop for seconds, doubling per character. RE2
 * has no backreferences or lookaround; such a pattern is refused when the route is written.
 */
import { RE2JS } from 're2js';

/** A compiled header-route pattern: true when the pattern matches anywhere in `value` (as RegExp.test). */
export interface HeaderRegex {
  test(value: string): boolean;
  /** The pattern as written. */
  readonly source: string;
}

/** Longest pattern accepted; routes match short header values, not documents. */
export const MAX_HEADER_REGEX_LENGTH = 1000;

/**
 * Compiles a header-route pattern, or throws an Error whose message says what is wrong and how
 * to fix it (callers prefix the field, e.g. `policies.recsys.headerRoutes[0].regex: …`). Shared
 * by every writer of routes and the gateway, so a pattern the gateway would refuse is refused
 * at write time.
 */
export function compileHeaderRegex(pattern: string): HeaderRegex {
  if (pattern.length > MAX_HEADER_REGEX_LENGTH)
    throw new Error(
      `pattern is ${pattern.length} characters; keep it under ${MAX_HEADER_REGEX_LENGTH} or match with "value"`,
    );
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    throw new Error(`${(error as Error).message}; patterns use RE2 syntax (no backreferences or lookaround)`);
  }
  return { test: (value) => re.test(value), source: pattern };
}

/** Why `pattern` cannot be a header-route regex, or undefined when it can (for write-time validators). */
export function headerRegexProblem(pattern: string): string | undefined {
  try {
    compileHeaderRegex(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
