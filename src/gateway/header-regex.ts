/**
 * Header-route patterns (`headerRoutes[].regex`), matched on the hot path against header values a
 * client chooses. One engine and one set of rules for the registry and every gateway: see
 * registry/routing-rules.ts (RE2, linear time; no backreferences or lookaround).
 */
import { compileHeaderPattern, type HeaderPattern } from '../registry/routing-rules.js';

export type HeaderRegex = HeaderPattern;
export { MAX_HEADER_PATTERN_LENGTH as MAX_HEADER_REGEX_LENGTH } from '../registry/routing-rules.js';

/** Compiles a header-route pattern, or throws an Error whose message says what is wrong and how to fix it. */
export const compileHeaderRegex = compileHeaderPattern;

/** Why `pattern` cannot be a header-route regex, or undefined when it can (for write-time validators). */
export function headerRegexProblem(pattern: string): string | undefined {
  try {
    compileHeaderPattern(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
