/** The instant a person types when asking what an alias pointed at. */
/** "02:17" means the latest 02:17 (local time) not after now; anything else is parsed as a date. */
export function parseInstant(text: string, now = new Date()): Date | undefined {
  const trimmed = text.trim();
  const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (hm) {
    const d = new Date(now);
    d.setHours(Number(hm[1]), Number(hm[2]), Number(hm[3] ?? 0), 0);
    if (d.getTime() > now.getTime()) d.setDate(d.getDate() - 1);
    return d;
  }
  if (!trimmed) return undefined;
  const d = new Date(trimmed.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}
