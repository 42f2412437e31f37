import type { TimelineEvent } from "../apiTypes.js";
import { formatStudyDay } from "../format/dates.js";
import { timelineKeys } from "./timelineKeys.js";

/** The patient's course as a vertical list: calendar date, day relative to infusion, what happened. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const keys = timelineKeys(events);
  return (
    <section
      className="panel panel-wide"
      aria-labelledby="timeline-title"
      id="timeline"
      data-testid="timeline"
    >
      <h2 id="timeline-title">Timeline</h2>
      {events.length === 0 ? (
        <p className="empty">No dated events recorded.</p>
      ) : (
        <ol className="timeline">
          {events.map((event, position) => (
            <li key={keys[position]} className="timeline-event" data-event={event.event}>
              <time dateTime={event.date} className="timeline-date">
                {event.date}
              </time>
              <span className="timeline-day">{formatStudyDay(event.studyDay)}</span>
              <span className="timeline-label">{event.label}</span>
              {event.detail === null ? null : <span className="timeline-detail">{event.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
