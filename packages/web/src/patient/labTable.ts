import type { LabSeries } from "../apiTypes.js";

export interface LabTableRow {
  timePoint: string;
  studyDay: number;
  /** One value per series, in the order of `LabTable.series`; null where that lab was not measured. */
  values: (number | null)[];
}

export interface LabTable {
  series: Pick<LabSeries, "variable" | "label" | "unit">[];
  rows: LabTableRow[];
}

/** Labs as one table: a row per time point in study-day order, a column per variable, gaps where not measured. */
export function labTable(labs: readonly LabSeries[]): LabTable {
  const rows = new Map<string, LabTableRow>();
  labs.forEach((series, column) => {
    for (const point of series.points) {
      let row = rows.get(point.timePoint);
      if (row === undefined) {
        row = { timePoint: point.timePoint, studyDay: point.studyDay, values: labs.map(() => null) };
        rows.set(point.timePoint, row);
      }
      row.values[column] = point.value;
    }
  });
  return {
    series: labs.map(({ variable, label, unit }) => ({ variable, label, unit })),
    rows: [...rows.values()].sort((a, b) => a.studyDay - b.studyDay),
  };
}
