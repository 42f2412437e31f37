import type { PatientDetail } from "../apiTypes.js";
import { COHORT_LABELS } from "../cohorts.js";
import { MISSING_TEXT } from "../format/numbers.js";
import { findObservation, WHO_VARIABLES } from "./patientFacts.js";

export function WhoSection({ patient }: { patient: PatientDetail }) {
  const age = findObservation(patient.sections, WHO_VARIABLES.age);
  const sex = findObservation(patient.sections, WHO_VARIABLES.sex);
  return (
    <section className="panel" aria-labelledby="who-title" id="who" data-testid="patient-who">
      <h2 id="who-title">Who</h2>
      <dl className="facts">
        <div>
          <dt>Age</dt>
          <dd>{age === null ? MISSING_TEXT : age.display}</dd>
        </div>
        <div>
          <dt>Sex</dt>
          <dd>{sex === null ? MISSING_TEXT : sex.display}</dd>
        </div>
        <div>
          <dt>Centre</dt>
          <dd>
            {patient.centerName} ({patient.center})
          </dd>
        </div>
        <div>
          <dt>Cohort</dt>
          <dd>{COHORT_LABELS[patient.cohort]}</dd>
        </div>
      </dl>
    </section>
  );
}
