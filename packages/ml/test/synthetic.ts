import { SeededRandom } from "@carta/stats";
import type { LearningTable } from "../src/index.js";

/**
 * A cohort whose true model is known: logit P(event) = intercept + 1.2·x1 − 0.9·x2 + 0.8·[group = b]
 * (+ shift terms for the second cohort); noise1, noise2 and flag carry no signal.
 */
export interface SyntheticCohort {
  table: LearningTable;
  outcome: Float64Array;
  trueRisk: Float64Array;
}

export const TRUE_PREDICTORS = ["x1", "x2", "group=b"];

export function syntheticCohort(
  n: number,
  seed: number,
  options: { intercept?: number; x1Mean?: number; x2Slope?: number; missingX1?: number } = {},
): SyntheticCohort {
  const rng = new SeededRandom(seed);
  const { intercept = -0.4, x1Mean = 0, x2Slope = -0.9, missingX1 = 0 } = options;
  const rows: (number | string | null)[][] = [];
  const outcome = new Float64Array(n);
  const trueRisk = new Float64Array(n);
  const levels = ["a", "b", "c"];
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal(x1Mean, 1);
    const x2 = rng.normal();
    const noise1 = rng.normal();
    const noise2 = rng.normal(5, 2);
    const flag = rng.bernoulli(0.3) ? 1 : 0;
    const group = levels[rng.integer(3)]!;
    const eta = intercept + 1.2 * x1 + x2Slope * x2 + 0.8 * (group === "b" ? 1 : 0);
    const risk = 1 / (1 + Math.exp(-eta));
    trueRisk[i] = risk;
    outcome[i] = rng.bernoulli(risk) ? 1 : 0;
    rows.push([rng.uniform() < missingX1 ? null : x1, x2, noise1, noise2, flag, group]);
  }
  return {
    table: {
      columns: [
        { name: "x1", type: "numeric" },
        { name: "x2", type: "numeric" },
        { name: "noise1", type: "numeric" },
        { name: "noise2", type: "numeric" },
        { name: "flag", type: "binary" },
        { name: "group", type: "categorical", levels },
      ],
      rows,
    },
    outcome,
    trueRisk,
  };
}

/** Rows a … b − 1. */
export function range(a: number, b: number): Uint32Array {
  return Uint32Array.from({ length: b - a }, (_, i) => a + i);
}
