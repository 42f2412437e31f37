import { useMemo } from "react";
import type { CohortSummary } from "../apiTypes.js";
import { Chart } from "../charts/Chart.js";
import { centerChartHeight, centerChartOption } from "../charts/centerChart.js";
import { enrolmentChartOption } from "../charts/enrolmentChart.js";

export function CenterChartPanel({ byCenter }: { byCenter: CohortSummary["byCenter"] }) {
  const option = useMemo(() => centerChartOption(byCenter), [byCenter]);
  return (
    <section className="panel" aria-labelledby="center-chart-title">
      <h2 id="center-chart-title">Patients per centre</h2>
      {byCenter.length === 0 ? (
        <p className="empty">No centre has enrolled a patient yet.</p>
      ) : (
        <Chart
          option={option}
          height={centerChartHeight(byCenter.length)}
          ariaLabel={`Bar chart of patients per centre for ${byCenter.length} centres, stacked by cohort 2L and 3L+`}
          testId="center-chart"
        />
      )}
    </section>
  );
}

export function EnrolmentChartPanel({ enrolment }: { enrolment: CohortSummary["enrolment"] }) {
  const option = useMemo(() => enrolmentChartOption(enrolment), [enrolment]);
  return (
    <section className="panel" aria-labelledby="enrolment-chart-title">
      <h2 id="enrolment-chart-title">Enrolment by month</h2>
      {enrolment.length === 0 ? (
        <p className="empty">No enrolment recorded yet.</p>
      ) : (
        <Chart
          option={option}
          height={320}
          ariaLabel="Patients enrolled per month by cohort, with each cohort's cumulative total"
          testId="enrolment-chart"
        />
      )}
    </section>
  );
}
