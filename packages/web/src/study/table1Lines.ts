import type { Cohort, Table1Row } from "../apiTypes.js";
import { COHORTS } from "../cohorts.js";
import { formatCountPercent, formatMedianIqr } from "../format/numbers.js";

/** One printed line of Table 1; a variable spans several (its heading, its levels, its missing count). */
export interface Table1Line {
  key: string;
  kind: "variable" | "level" | "missing";
  label: string;
  /** How the cells are summarised, shown beside the variable's label. */
  statistic: string | null;
  /** null on a categorical variable's heading line, whose numbers are on its level lines. */
  cells: Record<Cohort, string> | null;
}

function perCohort(cell: (cohort: Cohort) => string): Record<Cohort, string> {
  const cells = {} as Record<Cohort, string>;
  for (const cohort of COHORTS) cells[cohort] = cell(cohort);
  return cells;
}

export function variableLabel(row: Pick<Table1Row, "label" | "unit">): string {
  return row.unit === null || row.unit.length === 0 ? row.label : `${row.label}, ${row.unit}`;
}

/**
 * Lays out the engine's Table 1 as printed: continuous variables as median [Q1–Q3], categorical ones as
 * n (%) per level, each followed by its missing count; numbers are the engine's, only formatted here.
 */
export function table1Lines(rows: readonly Table1Row[]): Table1Line[] {
  const lines: Table1Line[] = [];
  for (const row of rows) {
    if (row.kind === "continuous") {
      lines.push({
        key: row.variable,
        kind: "variable",
        label: variableLabel(row),
        statistic: "median [Q1–Q3]",
        cells: perCohort((cohort) => formatMedianIqr(row.stats[cohort])),
      });
      lines.push({
        key: row.variable + ":missing",
        kind: "missing",
        label: "missing",
        statistic: null,
        cells: perCohort((cohort) => String(row.stats[cohort].missing)),
      });
    } else {
      lines.push({ key: row.variable, kind: "variable", label: row.label, statistic: "n (%)", cells: null });
      for (const level of row.levels) {
        lines.push({
          key: `${row.variable}:${level.code}`,
          kind: "level",
          label: level.label,
          statistic: null,
          cells: perCohort((cohort) => formatCountPercent(level.counts[cohort].n, level.counts[cohort].pct)),
        });
      }
      lines.push({
        key: row.variable + ":missing",
        kind: "missing",
        label: "missing",
        statistic: null,
        cells: perCohort((cohort) => String(row.missing[cohort])),
      });
    }
  }
  return lines;
}
