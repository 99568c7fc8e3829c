/**
 * A bound on the distinct values of a label taken from a client (a region header, a feedback
 * event's region): each value is a telemetry stream and a Prometheus series, so anonymous input
 * must not mint them without end. The first `limit` values (and any the operator declared) keep
 * their name; later ones are recorded under `other` and counted, so the overflow is visible.
 */
export const OTHER_LABEL = 'other';

export class LabelCap {
  private readonly admitted = new Set<string>();
  /** Values recorded as `other` since start. */
  overflow = 0;

  constructor(
    /** The label's name, for metrics (`region`). */
    readonly label: string,
    private readonly limit: number,
    private readonly maxLength = 64,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`limits.${label}Values: ${limit} must be a positive integer`);
  }

  /** `value` itself when admitted (or `declared`), else `other`. */
  of(value: string, declared = false): string {
    if (declared || this.admitted.has(value)) return value;
    if (this.admitted.size < this.limit && value.length <= this.maxLength && value !== OTHER_LABEL) {
      this.admitted.add(value);
      return value;
    }
    this.overflow++;
    return OTHER_LABEL;
  }

  /** Distinct values admitted so far (at most the limit). */
  get size(): number {
    return this.admitted.size;
  }
}
