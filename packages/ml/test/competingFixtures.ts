import { readFileSync } from "node:fs";
import type { LearningTable } from "../src/data.js";

/** The committed fixtures of tools/r/competing-ml-fixtures.R. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as T;
}

export interface CovariateColumns {
  x1: number[];
  x2: number[];
  x3: number[];
}

/** x1, x2 numeric and x3 binary, as the fixture script simulates them. */
export function covariateTable(x: CovariateColumns): LearningTable {
  return {
    columns: [
      { name: "x1", type: "numeric" },
      { name: "x2", type: "numeric" },
      { name: "x3", type: "binary" },
    ],
    rows: x.x1.map((v, i) => [v, x.x2[i]!, x.x3[i]!]),
  };
}
