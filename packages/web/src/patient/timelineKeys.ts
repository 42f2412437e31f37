import type { TimelineEvent } from "../apiTypes.js";

/**
 * Stable React keys for timeline events, which carry no id: event, date and label, with a counter only
 * when the same event happens twice on one day (two infections, two transfusions).
 */
export function timelineKeys(events: readonly TimelineEvent[]): string[] {
  const seen = new Map<string, number>();
  return events.map((event) => {
    const base = `${event.event}@${event.date}@${event.label}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}#${count + 1}`;
  });
}
