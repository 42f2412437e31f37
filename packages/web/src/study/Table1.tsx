import type { CohortSummary } from "../apiTypes.js";
import { COHORTS } from "../cohorts.js";
import { table1Lines } from "./table1Lines.js";

/** Baseline characteristics by cohort, exactly as the engine computed them. */
export function Table1({ summary }: { summary: CohortSummary }) {
  const lines = table1Lines(summary.table1);
  return (
    <section className="panel panel-wide" aria-labelledby="table1-title">
      <h2 id="table1-title">Table 1 — baseline characteristics</h2>
      <div className="table-scroll">
        <table className="data-table table1" data-testid="table1">
          <caption className="visually-hidden">Baseline characteristics by cohort</caption>
          <thead>
            <tr>
              <th scope="col">Characteristic</th>
              {COHORTS.map((cohort) => (
                <th scope="col" key={cohort} className="num">
                  {cohort} <span className="n-total">(N = {summary.cohorts[cohort].patients})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.key} className={`table1-${line.kind}`}>
                <th scope="row">
                  {line.label}
                  {line.statistic === null ? null : <span className="statistic">, {line.statistic}</span>}
                </th>
                {COHORTS.map((cohort) => (
                  <td key={cohort} className="num">
                    {line.cells === null ? "" : line.cells[cohort]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {lines.length === 0 ? <p className="empty">No baseline characteristics to summarise yet.</p> : null}
    </section>
  );
}
