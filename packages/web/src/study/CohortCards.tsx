import type { CohortSummary } from "../apiTypes.js";
import { COHORT_LABELS, COHORTS } from "../cohorts.js";

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Head counts per cohort, then the study as a whole. */
export function CohortCards({ summary }: { summary: CohortSummary }) {
  const totalPatients = COHORTS.reduce((sum, cohort) => sum + summary.cohorts[cohort].patients, 0);
  return (
    <section className="cards" aria-label="Patients per cohort">
      {COHORTS.map((cohort) => {
        const counts = summary.cohorts[cohort];
        return (
          <article
            key={cohort}
            className={`card card-cohort cohort-${cohort === "2L" ? "2l" : "3l"}`}
            data-testid={`cohort-card-${cohort}`}
          >
            <h2 className="card-title">{COHORT_LABELS[cohort]}</h2>
            <p className="card-number">
              {counts.patients} <span className="card-unit">patients</span>
            </p>
            <dl className="stats">
              <Stat label="Infused" value={counts.infused} />
              <Stat label="Centres" value={counts.centers} />
              <Stat label="Consent withdrawn" value={counts.consentWithdrawn} />
            </dl>
          </article>
        );
      })}
      <article className="card" data-testid="cohort-card-all">
        <h2 className="card-title">Whole study</h2>
        <p className="card-number">
          {totalPatients} <span className="card-unit">patients</span>
        </p>
        <dl className="stats">
          <Stat label="Centres" value={summary.centers} />
          <Stat label="Synthetic patients" value={summary.syntheticPatients} />
        </dl>
      </article>
    </section>
  );
}
