import type { PatientDetail } from "../apiTypes.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { diseaseObservations } from "./patientFacts.js";

export function DiseaseSection({ patient }: { patient: PatientDetail }) {
  const { timePointLabel } = useDictionary();
  const observations = diseaseObservations(patient.sections);
  return (
    <section className="panel" aria-labelledby="disease-title" id="disease" data-testid="patient-disease">
      <h2 id="disease-title">Disease at relapse (baseline)</h2>
      {observations.length === 0 ? (
        <p className="empty">No baseline disease values recorded.</p>
      ) : (
        <dl className="facts facts-columns">
          {observations.map((observation) => (
            <div key={`${observation.variable}@${observation.timePoint}`}>
              <dt>{observation.label}</dt>
              <dd>
                {observation.display} <span className="muted">· {timePointLabel(observation.timePoint)}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
