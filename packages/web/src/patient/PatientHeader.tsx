import type { PatientDetail } from "../apiTypes.js";
import { COHORT_LABELS } from "../cohorts.js";
import { SyntheticBadge } from "../components/SyntheticBadge.js";
import { MISSING_TEXT } from "../format/numbers.js";

export function PatientHeader({ patient }: { patient: PatientDetail }) {
  return (
    <header className="patient-header" data-testid="patient-header">
      <h1 className="page-title">
        Patient <span className="patient-id">{patient.id}</span>{" "}
        {patient.synthetic ? <SyntheticBadge /> : null}
      </h1>
      <dl className="header-facts">
        <div>
          <dt>Centre</dt>
          <dd>
            {patient.center} · {patient.centerName}
          </dd>
        </div>
        <div>
          <dt>Cohort</dt>
          <dd>{COHORT_LABELS[patient.cohort]}</dd>
        </div>
        <div>
          <dt>Consent</dt>
          <dd>
            {patient.consent === "withdrawn" ? (
              <span className="badge badge-warning">withdrawn — excluded from new analyses</span>
            ) : (
              "consented"
            )}
          </dd>
        </div>
        <div>
          <dt>Enrolled</dt>
          <dd>{patient.enrolledOn ?? MISSING_TEXT}</dd>
        </div>
      </dl>
    </header>
  );
}
