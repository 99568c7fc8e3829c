/**
 * The rules every gateway applies when it compiles a release or a traffic policy, in one place.
 * The registry's input schemas call them, so a write a gateway would refuse is refused at the
 * API with the field and the fix; the gateway's compiler calls the same functions, so the two
 * can never disagree again.
 */
import { RE2JS } from 're2js';

/** A problem at `path` (relative to the checked object), with a message that says the fix. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/** Why a backend URL cannot be proxied to, or undefined when it can. */
export function backendUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL; use e.g. http://127.0.0.1:9001`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `use http:// or https:// (got ${parsed.protocol}); the gateway proxies HTTP only`;
  return undefined;
}

/** A release's backends: each URL proxiable, and at least one with a weight above 0. */
export function backendIssues(
  backends: readonly { url: string; weight?: number | undefined }[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (backends.length === 0) return [{ path: [], message: 'a release needs at least one backend endpoint' }];
  backends.forEach((backend, i) => {
    const problem = backendUrlProblem(backend.url);
    if (problem) issues.push({ path: [i, 'url'], message: problem });
  });
  const total = backends.reduce((sum, b) => sum + (b.weight ?? 1), 0);
  if (!(total > 0)) issues.push({ path: [], message: 'backend weights sum to 0; give one a weight > 0' });
  return issues;
}

/** A compiled header-route pattern: true when it matches anywhere in `value` (as RegExp.test). */
export interface HeaderPattern {
  test(value: string): boolean;
  /** The pattern as written. */
  readonly source: string;
}

/** Longest pattern accepted; routes match short header values, not documents. */
export const MAX_HEADER_PATTERN_LENGTH = 1000;

/**
 * Compiles a header route's pattern on RE2 (the pure-JS `re2js` port), whose matching time is
 * linear in the header's length whatever the pattern: a backtracking RegExp let `^(a+)+$` and 29
 * characters hold a gateway's event loop for seconds. Throws a message naming the fix.
 */
export function compileHeaderPattern(pattern: string): HeaderPattern {
  if (pattern.length > MAX_HEADER_PATTERN_LENGTH)
    throw new Error(
      `pattern is ${pattern.length} characters; keep it under ${MAX_HEADER_PATTERN_LENGTH} or match with "value"`,
    );
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; patterns use RE2 syntax (no backreferences or lookaround), e.g. "^beta-"`,
    );
  }
  return { test: (value) => re.test(value), source: pattern };
}

/** A header route matches by exact `value` or by `regex`; the pattern must compile. */
export function headerRouteIssues(route: {
  value?: string | undefined;
  regex?: string | undefined;
}): RuleIssue[] {
  if (route.regex !== undefined) {
    try {
      compileHeaderPattern(route.regex);
    } catch (error) {
      return [{ path: ['regex'], message: (error as Error).message }];
    }
    return [];
  }
  if (route.value === undefined)
    return [{ path: [], message: 'give "value" (exact match) or "regex" (pattern) to match the header' }];
  return [];
}

/** `["serving", "backends", 0, "url"]` → `serving.backends[0].url`. */
export function formatRulePath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}
