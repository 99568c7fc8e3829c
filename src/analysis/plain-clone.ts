/**
 * A deep copy of plain data (objects, arrays, numbers, strings, booleans, null): what a judge's
 * state is made of. The judge copies every trigger's state at every look for the rollout's
 * status; structuredClone serializes through the engine's generic path, ~10× slower on such
 * small objects.
 */
export function plainClone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(plainClone(value[i] as unknown));
    return out as T;
  }
  // Anything else (a typed array, a Map, a Date) as structuredClone copies it.
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = plainClone((value as Record<string, unknown>)[key]);
  return out as T;
}
