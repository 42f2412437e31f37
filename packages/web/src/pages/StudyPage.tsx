import { COHORT_SUMMARY_PATH } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import type { CohortSummary } from "../apiTypes.js";
import { LoadError, Loading } from "../components/LoadStatus.js";
import { StudyBanner } from "../components/StudyBanner.js";
import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { CohortCards } from "../study/CohortCards.js";
import { parseListFilters } from "../study/listFilters.js";
import { PatientListPanel } from "../study/PatientListPanel.js";
import { CenterChartPanel, EnrolmentChartPanel } from "../study/StudyCharts.js";
import { Table1 } from "../study/Table1.js";

function syntheticDetail(summary: CohortSummary): string {
  if (summary.allSynthetic) return "Every patient in this study was generated for demonstration.";
  return `${summary.syntheticPatients} patients in this study were generated for demonstration and are marked “synthetic”.`;
}

/** "/": the study at a glance — who is enrolled where and when, what they look like, and who they are. */
export function StudyPage({ search }: { search: string }) {
  useDocumentTitle("Study at a glance");
  const summary = useApi<CohortSummary>(COHORT_SUMMARY_PATH);
  const filters = parseListFilters(search);

  if (summary.status === "loading") return <Loading what="the study summary" />;
  if (summary.status === "error") return <LoadError what="the study summary" error={summary.error} />;

  const data = summary.data;
  return (
    <>
      {data.allSynthetic || data.syntheticPatients > 0 ? (
        <StudyBanner detail={syntheticDetail(data)} />
      ) : null}
      <h1 className="page-title">Study at a glance</h1>
      <CohortCards summary={data} />
      <div className="panel-grid">
        <CenterChartPanel byCenter={data.byCenter} />
        <EnrolmentChartPanel enrolment={data.enrolment} />
      </div>
      <Table1 summary={data} />
      <PatientListPanel filters={filters} centers={data.byCenter} />
    </>
  );
}
