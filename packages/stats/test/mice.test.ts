import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { completedDatasets, fitChainedImputation } from "../src/imputation/mice.js";
import type { ImputationColumn } from "../src/imputation/miceTypes.js";
import { poolLinearRegression } from "../src/imputation/pooledLinear.js";
import { fromR, type RNumber } from "./rValues.js";

// Against mice 3.15 (tools/r/mice-fixtures.R: m = 20, maxit = 10, default methods). The random
// streams differ, so agreement is statistical: two proper multiple imputations of the same data
// differ in Q̄ by about √(2B/m) — a fraction of the pooled SE when m = 20 — plus whatever the
// imputation models themselves differ by (one-vs-rest vs multinom for categorical columns, no
// predictor screening, coefficient draws in the multinomial model). mice's own reruns with other
// seeds move the boys tv intercept by ±0.5 SE and its SE by ±15 %, so: each pooled coefficient
// within 1 of mice's pooled SE of mice's (the brief allowed 2), the pooled SEs within a factor 1.5
// of mice's, and the fmi within 0.3 in absolute terms.
const COEF_TOL_SE = 1;
const SE_RATIO = 1.5;
const FMI_TOL = 0.3;

interface Analysis {
  formula: string;
  terms: string[];
  estimate: number[];
  se: number[];
  df: number[];
  fmi: number[];
  dfCom: number;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/mice.json", import.meta.url), "utf8")) as {
  m: number;
  maxit: number;
  cases: {
    name: string;
    columns: { name: string; type: ImputationColumn["type"]; levels?: string[] }[];
    values: Record<string, RNumber[]>;
    analyses: Analysis[];
  }[];
};

function rowsOf(c: (typeof fixture.cases)[number]): (number | null)[][] {
  const n = c.values[c.columns[0]!.name]!.length;
  return Array.from({ length: n }, (_, i) =>
    c.columns.map((col) => {
      const v = fromR(c.values[col.name]![i]!);
      return Number.isNaN(v) ? null : v;
    }),
  );
}

/** lm's design for "y ~ a + b + …": factors as treatment dummies named column + level, level 0 the reference. */
function analysisData(columns: ImputationColumn[], data: Float64Array[], formula: string) {
  const [lhs, rhs] = formula.split("~").map((s) => s.trim());
  const index = (name: string) => columns.findIndex((c) => c.name === name);
  const outcome = data[index(lhs!)]!;
  const n = outcome.length;
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (const term of rhs!.split("+").map((s) => s.trim())) {
    const j = index(term);
    const column = columns[j]!;
    if (column.type === "numeric") {
      names.push(term);
      cols.push(data[j]!);
    } else {
      for (let h = 1; h < column.levels!.length; h++) {
        names.push(term + column.levels![h]);
        cols.push(Float64Array.from(data[j]!, (v) => (v === h ? 1 : 0)));
      }
    }
  }
  const x = new Float64Array(n * names.length);
  for (let i = 0; i < n; i++) for (let t = 0; t < names.length; t++) x[i * names.length + t] = cols[t]![i]!;
  return { outcome, x, names };
}

describe("fitChainedImputation against mice::mice, pooled lm results (m = 20)", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: ${c.analyses.map((a) => a.formula).join("; ")}`, () => {
      const columns = c.columns as ImputationColumn[];
      const imputer = fitChainedImputation({
        columns,
        rows: rowsOf(c),
        m: fixture.m,
        iterations: fixture.maxit,
        seed: 6,
      });
      const datasets = completedDatasets(imputer);
      for (const a of c.analyses) {
        const pooled = poolLinearRegression(datasets.map((d) => analysisData(columns, d, a.formula)));
        expect(pooled.map((t) => t.term)).toEqual(a.terms);
        pooled.forEach((t, k) => {
          const where = `${c.name} ${a.formula} ${t.term}`;
          expect(t.dfCom, where).toBe(a.dfCom);
          expect(
            Math.abs(t.estimate - a.estimate[k]!) / a.se[k]!,
            `${where} estimate ${t.estimate} vs ${a.estimate[k]}`,
          ).toBeLessThan(COEF_TOL_SE);
          expect(Math.abs(Math.log(t.se / a.se[k]!)), `${where} se ${t.se} vs ${a.se[k]}`).toBeLessThan(
            Math.log(SE_RATIO),
          );
          expect(Math.abs(t.fmi - a.fmi[k]!), `${where} fmi ${t.fmi} vs ${a.fmi[k]}`).toBeLessThan(FMI_TOL);
        });
      }
    });
  }
});
