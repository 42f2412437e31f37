import { useMemo } from "react";
import type { LabSeries } from "../apiTypes.js";
import { Chart } from "../charts/Chart.js";
import { labChartOption, labChartTitle, rangeText } from "../charts/labChart.js";
import { useDictionary } from "../dictionary/DictionaryContext.js";
import { formatStudyDay } from "../format/dates.js";
import { formatNumber } from "../format/numbers.js";
import { labTable } from "./labTable.js";

function LabChart({
  series,
  timePointLabels,
}: {
  series: LabSeries;
  timePointLabels: Readonly<Record<string, string>>;
}) {
  const option = useMemo(() => labChartOption(series, { timePointLabels }), [series, timePointLabels]);
  const range = rangeText(series.range);
  return (
    <Chart
      option={option}
      height={220}
      className="lab-chart"
      ariaLabel={`${labChartTitle(series)} by study day, ${series.points.length} values${range === null ? "" : `, ${range}`}`}
      testId={`lab-chart-${series.variable}`}
    />
  );
}

/** Small multiples, one per lab variable over study days, then every value in one table. */
export function Labs({ labs }: { labs: LabSeries[] }) {
  const { timePointLabel, timePointLabels } = useDictionary();
  const table = useMemo(() => labTable(labs), [labs]);
  return (
    <section className="panel panel-wide" aria-labelledby="labs-title" id="labs" data-testid="labs">
      <h2 id="labs-title">Labs</h2>
      {labs.length === 0 ? (
        <p className="empty">No laboratory values recorded.</p>
      ) : (
        <>
          <p className="note">
            Shaded band: the dictionary's plausible range for the variable. Day 0 is the CAR-T infusion.
          </p>
          <div className="small-multiples">
            {labs.map((series) => (
              <LabChart key={series.variable} series={series} timePointLabels={timePointLabels} />
            ))}
          </div>
          <div className="table-scroll">
            <table className="data-table lab-table" data-testid="lab-table">
              <caption className="visually-hidden">Laboratory values by time point</caption>
              <thead>
                <tr>
                  <th scope="col">Time point</th>
                  <th scope="col">Study day</th>
                  {table.series.map((series) => (
                    <th scope="col" className="num" key={series.variable}>
                      {labChartTitle(series)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={row.timePoint}>
                    <th scope="row">{timePointLabel(row.timePoint)}</th>
                    <td>{formatStudyDay(row.studyDay)}</td>
                    {row.values.map((value, column) => (
                      <td className="num" key={table.series[column]!.variable}>
                        {formatNumber(value)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
