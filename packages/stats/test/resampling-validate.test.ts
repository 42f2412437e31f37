import { describe, expect, it } from "vitest";
import { bootstrapResampler } from "../src/resampling/bootstrap.js";
import { COX_VALIDATION_INDEXES, coxValidationModel } from "../src/resampling/coxValidation.js";
import {
  calibrationEmax,
  LOGISTIC_VALIDATION_INDEXES,
  logisticValidationModel,
} from "../src/resampling/logisticValidation.js";
import {
  allRows,
  apparentIndexes,
  bootstrapOptimism,
  type OptimismModel,
  type OptimismRow,
  optimismReplicate,
  summarizeOptimism,
} from "../src/resampling/optimism.js";
import reference from "./fixtures/resampling-validate.json";
import { describeMismatch, firstRelativeMismatch } from "./rValues.js";

// rms::validate's own table, recomputed by tools/r/resampling-fixtures.R from the bootstrap
// samples written here (stopifnot at 1e-13), fed to carta's optimism correction with carta's
// coxPh and concordance. Both sides run the same Newton–Raphson steps with the same stopping rule,
// so agreement is ~1e-15, far inside the 1e-6; 1e-11 leaves room for libm and summation order.
const REL_TOL = 1e-11;
// Indexes near zero (U, Q) are compared absolutely.
const ABS_TOL = 1e-14;

interface ValidateTable {
  indexes: string[];
  indexOrig: number[];
  training: number[];
  test: number[];
  optimism: number[];
  indexCorrected: number[];
  n: number[];
}

const cox = reference.cox;
const logistic = reference.logistic;
const columns = ["indexOrig", "training", "test", "optimism", "indexCorrected"] as const;

function expectTable(
  rows: readonly OptimismRow[],
  expected: ValidateTable,
  indexes: readonly string[],
  relTol = REL_TOL,
  absTol = ABS_TOL,
) {
  for (const index of indexes) {
    const r = expected.indexes.indexOf(index);
    const row = rows.find((candidate) => candidate.index === index);
    expect(row, `index ${index}`).toBeDefined();
    expect(row!.n, `${index} n`).toBe(expected.n[r]);
    for (const column of columns) {
      const actual = [row![column]];
      const want = [expected[column][r]!];
      const bad =
        Math.abs(actual[0]! - want[0]!) <= absTol ? -1 : firstRelativeMismatch(actual, want, relTol);
      expect(describeMismatch(`${index}.${column}`, bad, actual, want)).toBe(`${index}.${column}: all match`);
    }
  }
}

function coxModel() {
  return coxValidationModel({ time: cox.time, event: cox.status, x: cox.x, names: cox.names, ties: "efron" });
}

describe("bootstrap optimism against rms::validate", () => {
  it("has the Cox fixture the test relies on", () => {
    expect(cox.ties).toBe("efron");
    expect(cox.samples).toHaveLength(cox.B);
    expect(cox.samples.every((s) => s.length === cox.n)).toBe(true);
    expect(cox.validate.indexes).toEqual([...COX_VALIDATION_INDEXES]);
  });

  it("fits the original Cox model as cph does", () => {
    const model = coxModel();
    const fit = model.fit(allRows(cox.n));
    expect(fit).not.toBeNull();
    const bad = firstRelativeMismatch(fit!.coef, cox.coef, 1e-10);
    expect(describeMismatch("coef", bad, fit!.coef, cox.coef)).toBe("coef: all match");
    expect(firstRelativeMismatch([fit!.loglikNull, fit!.loglik], cox.loglik, 1e-12)).toBe(-1);
  });

  it("reproduces validate.cph's table (Dxy, R2, Slope, D, U, Q, g) from R's bootstrap samples", () => {
    const table = bootstrapOptimism({
      ...coxModel(),
      n: cox.n,
      replicates: cox.B,
      resample: (b) => Uint32Array.from(cox.samples[b]!),
    });
    expect(table.method).toBe("boot");
    expect(table.replicates).toBe(cox.B);
    expect(table.fitted).toBe(cox.B);
    expect(table.failures).toEqual([]);
    expect(table.rows.map((r) => r.index)).toEqual(cox.validate.indexes);
    expectTable(table.rows, cox.validate, COX_VALIDATION_INDEXES);
  });

  it("validates Dxy alone (dxyOnly) with validate.cph's Dxy row", () => {
    const table = bootstrapOptimism({
      ...coxValidationModel({ time: cox.time, event: cox.status, x: cox.x, names: cox.names, dxyOnly: true }),
      n: cox.n,
      replicates: cox.B,
      resample: (b) => Uint32Array.from(cox.samples[b]!),
    });
    expect(table.rows.map((r) => r.index)).toEqual(["Dxy"]);
    expectTable(table.rows, cox.validate, ["Dxy"]);
  });

  it("runs end to end on carta's own seeded, event-stratified bootstrap samples", () => {
    const run = () =>
      bootstrapOptimism({
        ...coxModel(),
        n: cox.n,
        replicates: 10,
        resample: bootstrapResampler({ n: cox.n, seed: 11, strata: cox.status }),
      });
    const table = run();
    expect(table.fitted).toBe(10);
    expect(run()).toEqual(table);
    const dxy = table.rows[0]!;
    // Same apparent Dxy as R; a different optimism (other samples), but shrinkage all the same.
    expect(dxy.indexOrig).toBeCloseTo(cox.validate.indexOrig[0]!, 12);
    expect(dxy.optimism).toBeGreaterThan(0);
    expect(dxy.indexCorrected).toBeLessThan(dxy.indexOrig);
  });

  it("gives the same table when replicates are computed separately and collected out of order", () => {
    const model = coxModel();
    const sequential = bootstrapOptimism({
      ...model,
      n: cox.n,
      replicates: 6,
      resample: (b) => Uint32Array.from(cox.samples[b]!),
    });
    const apparent = apparentIndexes(model, cox.n);
    const original = allRows(cox.n);
    const outcomes = [5, 2, 0, 4, 1, 3].map((b) =>
      optimismReplicate(model, original, Uint32Array.from(cox.samples[b]!), b),
    );
    expect(summarizeOptimism(apparent, outcomes)).toEqual(sequential);
  });
});

describe("bootstrap optimism bookkeeping (predab.resample's rules)", () => {
  // A model whose "index" is the mean of the rows' values; the fit fails on chosen samples and
  // the index is NaN (R's NA) on others, to check skipping and per-index counting.
  const values = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const samples = [
    [0, 0, 1, 1, 2, 2],
    [3, 3, 3, 4, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [0, 1, 2, 3, 4, 4],
  ];
  const mean = (rows: Uint32Array) => rows.reduce((s, r) => s + values[r]!, 0) / rows.length;
  const model: OptimismModel<{ centre: number; failNaN: boolean }> = {
    fit(rows) {
      if (rows.every((r) => r === 5)) return null;
      if (rows[0] === 3) throw new RangeError("no events in the sample");
      return { centre: mean(rows), failNaN: rows[5] === 4 };
    },
    evaluate(fit, rows, fittedOnRows) {
      const shift = mean(rows) - fit.centre;
      return {
        shift: fittedOnRows ? 0 : shift,
        sometimesMissing: fit.failNaN && !fittedOnRows ? Number.NaN : mean(rows),
      };
    },
  };

  it("skips failed fits, counts them, and averages each index over its non-missing replicates", () => {
    const table = bootstrapOptimism({
      ...model,
      n: 6,
      replicates: 4,
      resample: (b) => Uint32Array.from(samples[b]!),
    });
    expect(table.fitted).toBe(2);
    expect(table.failures).toEqual([
      { replicate: 1, reason: "no events in the sample" },
      { replicate: 2, reason: "fit failed" },
    ]);
    const [shift, missing] = table.rows;
    // replicate 0: sample mean 2, test shift 3.5 − 2 = 1.5; replicate 3: sample mean 20/6, shift 3.5 − 20/6
    expect(shift!.n).toBe(2);
    expect(shift!.training).toBe(0);
    expect(shift!.test).toBeCloseTo((1.5 + (3.5 - 20 / 6)) / 2, 14);
    expect(shift!.optimism).toBeCloseTo(-shift!.test, 14);
    expect(shift!.indexCorrected).toBeCloseTo(shift!.test, 14);
    // only replicate 0 has both values
    expect(missing!.n).toBe(1);
    expect(missing!.training).toBe(2);
    expect(missing!.test).toBe(3.5);
    expect(missing!.indexOrig).toBe(3.5);
    expect(missing!.indexCorrected).toBe(3.5 - (2 - 3.5));
  });

  it("refuses a model that cannot be fitted to the original data", () => {
    expect(() =>
      bootstrapOptimism({ ...model, fit: () => null, n: 6, replicates: 2, resample: () => allRows(6) }),
    ).toThrow(/original data/);
  });
});

describe("bootstrap optimism of a logistic model against rms::validate.lrm", () => {
  const run = (epsilon?: number) =>
    bootstrapOptimism({
      ...logisticValidationModel({ outcome: logistic.y, x: logistic.x, names: logistic.names, epsilon }),
      n: logistic.n,
      replicates: logistic.B,
      resample: (b) => Uint32Array.from(logistic.samples[b]!),
    });

  it("has the logistic fixture the test relies on", () => {
    expect(logistic.samples).toHaveLength(logistic.B);
    expect(logistic.validate.indexes.filter((i) => i !== "Emax")).toEqual([...LOGISTIC_VALIDATION_INDEXES]);
  });

  it("reproduces validate.lrm's table from R's bootstrap samples within 1e-6", () => {
    // lrm.fit stops Newton–Raphson once −2 log L changes by < 0.025; carta's glm-faithful IRLS
    // iterates to convergence, so the two differ by lrm's leftover error (~1e-8 here).
    const table = run();
    expect(table.fitted).toBe(logistic.B);
    expect(table.rows.map((r) => r.index)).toEqual([...LOGISTIC_VALIDATION_INDEXES]);
    expectTable(table.rows, logistic.validate, LOGISTIC_VALIDATION_INDEXES, 1e-6, 1e-9);
    const intercept = table.rows.find((r) => r.index === "Intercept")!;
    const slope = table.rows.find((r) => r.index === "Slope")!;
    const emax = logistic.validate.indexes.indexOf("Emax");
    const want = logistic.validate.indexCorrected[emax]!;
    expect(Math.abs(calibrationEmax(intercept.indexCorrected, slope.indexCorrected) - want)).toBeLessThan(
      1e-6 * want,
    );
  });

  it("matches exactly converged maximum likelihood (glm.fit, epsilon 1e-14) on Dxy, Intercept and Slope", () => {
    expectTable(run(1e-14).rows, logistic.converged, ["Dxy", "Intercept", "Slope"], 1e-10, 1e-12);
  });
});
