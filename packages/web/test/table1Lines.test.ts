import { describe, expect, it } from "vitest";
import { table1Lines, variableLabel } from "../src/study/table1Lines.js";
import { summaryFixture } from "./fixtures.js";

describe("table1Lines", () => {
  const lines = table1Lines(summaryFixture.table1);

  it("prints a continuous variable as median [Q1–Q3] followed by its missing count", () => {
    expect(lines[0]).toEqual({
      key: "age_years",
      kind: "variable",
      label: "Age, years",
      statistic: "median [Q1–Q3]",
      cells: { "2L": "64 [58.5–70]", "3L+": "55" },
    });
    expect(lines[1]).toMatchObject({ kind: "missing", label: "missing", cells: { "2L": "0", "3L+": "1" } });
  });

  it("prints a categorical variable as a heading, n (%) per level, then missing", () => {
    expect(lines.slice(2).map((line) => [line.kind, line.label, line.cells])).toEqual([
      ["variable", "Sex", null],
      ["level", "Female", { "2L": "1 (33.3%)", "3L+": "0 (0.0%)" }],
      ["level", "Male", { "2L": "2 (66.7%)", "3L+": "1 (100.0%)" }],
      ["missing", "missing", { "2L": "0", "3L+": "1" }],
    ]);
  });

  it("gives every line a distinct key", () => {
    const keys = lines.map((line) => line.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("labels a variable with its unit only when it has one", () => {
    expect(variableLabel({ label: "LDH", unit: "U/L" })).toBe("LDH, U/L");
    expect(variableLabel({ label: "ECOG", unit: null })).toBe("ECOG");
    expect(table1Lines([])).toEqual([]);
  });
});
