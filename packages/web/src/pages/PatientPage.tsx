import { patientApiPath } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import type { PatientDetail } from "../apiTypes.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { StudyBanner } from "../components/StudyBanner.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { DerivedScores } from "../patient/DerivedScores.js";
import { DiseaseSection } from "../patient/DiseaseSection.js";
import { Labs } from "../patient/Labs.js";
import { ObservationTables } from "../patient/ObservationTables.js";
import { PatientHeader } from "../patient/PatientHeader.js";
import { PredictionPanel } from "../patient/PredictionPanel.js";
import { Timeline } from "../patient/Timeline.js";
import { WhoSection } from "../patient/WhoSection.js";
import { Link } from "../router/Link.js";

const SECTION_LINKS = [
  { href: "#who", label: "Who" },
  { href: "#disease", label: "Disease" },
  { href: "#derived", label: "Derived scores" },
  { href: "#prediction", label: "Prediction" },
  { href: "#timeline", label: "Timeline" },
  { href: "#labs", label: "Labs" },
  { href: "#observations", label: "Recorded values" },
];

/** "/patients/:id": one patient for the treating physician, top to bottom in the order of JOURNEYS.md §1. */
export function PatientPage({ patientId }: { patientId: string }) {
  useDocumentTitle(`Patient ${patientId}`);
  const state = useApi<PatientDetail>(patientApiPath(patientId));

  if (state.status === "loading") return <Loading what={`patient ${patientId}`} />;
  if (state.status === "error") {
    if (state.error.isNotFound)
      return <PatientNotFound patientId={patientId} message={state.error.message} />;
    return <LoadError what={`patient ${patientId}`} error={state.error} />;
  }

  const patient = state.data;
  return (
    <article className="patient-page" data-patient-id={patient.id}>
      {patient.synthetic ? <StudyBanner detail="This patient was generated for demonstration." /> : null}
      <PatientHeader patient={patient} />
      <nav className="section-nav" aria-label="Sections of this page">
        {SECTION_LINKS.map((link) => (
          <a key={link.href} href={link.href}>
            {link.label}
          </a>
        ))}
      </nav>
      <div className="panel-grid">
        <WhoSection patient={patient} />
        <DiseaseSection patient={patient} />
      </div>
      <DerivedScores derived={patient.derived} />
      <PredictionPanel patientId={patient.id} />
      <Timeline events={patient.timeline} />
      <Labs labs={patient.labs} />
      <ObservationTables sections={patient.sections} />
    </article>
  );
}

function PatientNotFound({ patientId, message }: { patientId: string; message: string }) {
  return (
    <div className="status status-error not-found" role="alert" data-testid="patient-not-found">
      <h1 className="page-title">Patient not found</h1>
      <p>
        There is no patient <strong>{patientId}</strong> in this study that you can see. Check the study id,
        or find the patient in the <Link href="/">study's patient list</Link>.
      </p>
      <p className="status-detail">{message}</p>
    </div>
  );
}
