import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SeededRandom } from "@carta/stats";
import { parseModel, predictMargin, trainGradientBoosting } from "@carta/trees";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import cox from "../../trees/test/fixtures/xgb-cox-depth4-missing.json";
import logistic from "../../trees/test/fixtures/xgb-logistic-depth3-missing.json";
import { registerModelCommands } from "../src/commands/model.js";

/**
 * `carta model import-xgboost | predict` and `carta explain` run in-process on XGBoost models saved by
 * python3-xgboost 1.7.4 (tools/python/xgboost-fixtures.py), compared with XGBoost's own margins,
 * predictions, pred_contribs and pred_interactions for the same rows. Tolerances as the issue: margins
 * and SHAP values 1e-5 absolute (XGBoost sums in float32), predictions 1e-5 relative.
 */

interface XgbFixture {
  model_text: string;
  rows: (number | null)[][];
  margins: number[];
  predictions: number[];
  contribs: number[][];
  interactions?: number[][][];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "carta-model-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function carta(args: string[]): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const program = new Command("carta").exitOverride();
  registerModelCommands(program, { out: (t) => (out += t), err: (t) => (err += t) });
  await program.parseAsync(args, { from: "user" });
  return { out, err };
}

/** Imports the fixture's XGBoost model and writes its rows as CSV (empty cell = missing). */
async function prepare(
  name: string,
  f: XgbFixture,
): Promise<{ model: string; data: string; features: string[] }> {
  const xgb = join(dir, `${name}.xgb.json`);
  const model = join(dir, `${name}.carta.json`);
  writeFileSync(xgb, f.model_text);
  const { err } = await carta(["model", "import-xgboost", xgb, "--out", model]);
  expect(err).toMatch(/^imported \d+ trees/);
  const features = JSON.parse(readFileSync(model, "utf8")).feature_names as string[];
  const lines = [
    ["patient_id", ...features].join(","),
    ...f.rows.map((r, i) =>
      [`P${i}`, ...r.map((v) => (v === null || Number.isNaN(v) ? "" : String(v)))].join(","),
    ),
  ];
  const data = join(dir, `${name}.csv`);
  writeFileSync(data, `${lines.join("\n")}\n`);
  return { model, data, features };
}

function maxAbs(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

describe("carta model and carta explain on XGBoost models", () => {
  it("imports, predicts probabilities and explains a logistic model as XGBoost does", async () => {
    const f = logistic as unknown as XgbFixture;
    const { model, data, features } = await prepare("logistic", f);
    const p = JSON.parse((await carta(["model", "predict", "--model", model, "--data", data, "--json"])).out);
    expect(p.objective).toBe("binary:logistic");
    expect(maxAbs(p.margin, f.margins)).toBeLessThan(1e-5);
    for (const [i, v] of (p.probability as number[]).entries()) {
      expect(Math.abs(v / f.predictions[i]! - 1)).toBeLessThan(1e-5);
    }

    const e = JSON.parse(
      (await carta(["explain", "--model", model, "--data", data, "--interactions", "--json"])).out,
    );
    expect(e.feature_names).toEqual(features);
    const bias = f.contribs[0]![features.length]!;
    expect(Math.abs(e.base_value - bias)).toBeLessThan(1e-5);
    e.shap.forEach((row: number[], i: number) => {
      expect(maxAbs(row, f.contribs[i]!.slice(0, features.length))).toBeLessThan(1e-5);
      // base value + contributions = margin (XGBoost's margin is a float32 sum)
      expect(Math.abs(e.base_value + row.reduce((a, b) => a + b, 0) - p.margin[i])).toBeLessThan(1e-5);
    });
    e.interactions.forEach((matrix: number[][], i: number) => {
      matrix.forEach((row, j) => {
        expect(maxAbs(row, f.interactions![i]![j]!.slice(0, features.length))).toBeLessThan(1e-5);
      });
    });
  });

  it("gives hazard ratios for a Cox model and exact group attributions that add up to the margin", async () => {
    const f = cox as unknown as XgbFixture;
    const { model, data, features } = await prepare("cox", f);
    const p = JSON.parse((await carta(["model", "predict", "--model", model, "--data", data, "--json"])).out);
    expect(maxAbs(p.margin, f.margins)).toBeLessThan(1e-5);
    for (const [i, v] of (p.hazard_ratio as number[]).entries()) {
      expect(Math.abs(v / f.predictions[i]! - 1)).toBeLessThan(1e-5);
    }

    const groups = join(dir, "groups.json");
    writeFileSync(groups, JSON.stringify({ first: features.slice(0, 2) }));
    const e = JSON.parse(
      (await carta(["explain", "--model", model, "--data", data, "--groups", groups, "--json"])).out,
    );
    expect(e.group_names).toEqual(["first", ...features.slice(2)]);
    // The group is one player of the game: its value is not the sum of its members' values.
    const memberSums = (e.shap as number[][]).map((row) => row[0]! + row[1]!);
    expect(
      maxAbs(
        (e.group_shap as number[][]).map((row) => row[0]!),
        memberSums,
      ),
    ).toBeGreaterThan(1e-6);
    e.group_shap.forEach((row: number[], i: number) => {
      expect(Math.abs(e.base_value + row.reduce((a, b) => a + b, 0) - p.margin[i])).toBeLessThan(1e-5);
      const sum = row.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - (e.shap[i] as number[]).reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    });
  });

  it("names the column and row of a bad cell, and a feature the data lacks", async () => {
    const f = logistic as unknown as XgbFixture;
    const { model, features } = await prepare("bad", f);
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      `${features.join(",")}\n${features.map(() => "1").join(",")}\n${features.map((_, j) => (j === 2 ? "high" : "1")).join(",")}\n`,
    );
    await expect(carta(["model", "predict", "--model", model, "--data", bad])).rejects.toThrow(
      `bad.csv, column "${features[2]}", row 2 (line 3): "high" is not a number`,
    );
    const lacking = join(dir, "lacking.csv");
    writeFileSync(
      lacking,
      `${features.slice(1).join(",")}\n${features
        .slice(1)
        .map(() => "1")
        .join(",")}\n`,
    );
    await expect(carta(["explain", "--model", model, "--data", lacking])).rejects.toThrow(
      `no column "${features[0]}" (the model's feature 1 of ${features.length})`,
    );
    const notModel = join(dir, "not-a-model.json");
    writeFileSync(notModel, JSON.stringify({ format: "carta-tree-ensemble", version: 1 }));
    await expect(carta(["model", "predict", "--model", notModel, "--data", bad])).rejects.toThrow(
      /not-a-model\.json/,
    );
  });
});

describe("carta model train", () => {
  /** Patients with an age, an LDH ratio (monotone risk), a marker with missing values and an id column. */
  function cohort(n: number, seed: number) {
    const rng = new SeededRandom(seed);
    const rows: string[] = ["patient_id,age,ldh_ratio,marker,response,time,event"];
    const x: number[] = [];
    const response: number[] = [];
    for (let i = 0; i < n; i++) {
      const age = Math.round(40 + 40 * rng.uniform());
      const ldh = Math.round((0.5 + 2.5 * rng.uniform()) * 100) / 100;
      const marker = rng.uniform() < 0.2 ? Number.NaN : Math.round(rng.normal() * 100) / 100;
      const lp = -1.2 * (ldh - 1.5) + (Number.isNaN(marker) ? 0 : 0.8 * marker) - 0.02 * (age - 60);
      const y = rng.uniform() < 1 / (1 + Math.exp(-lp)) ? 1 : 0;
      const t = Math.max(1, Math.round(rng.exponential(0.05 * Math.exp(-lp))));
      const c = Math.max(1, Math.round(rng.exponential(0.02)));
      rows.push(
        `P${i},${age},${ldh},${Number.isNaN(marker) ? "" : marker},${y},${Math.min(t, c)},${t <= c ? 1 : 0}`,
      );
      x.push(age, ldh, marker);
      response.push(y);
    }
    return { text: `${rows.join("\n")}\n`, x: Float64Array.from(x), response };
  }

  it("trains the same model as the library, deterministically, honouring a monotone constraint", async () => {
    const train = cohort(600, 1);
    const data = join(dir, "train.csv");
    writeFileSync(data, train.text);
    const out = join(dir, "response.json");
    const args = ["model", "train", "--data", data, "--objective", "binary", "--outcome", "response"];
    const options = ["--exclude", "patient_id,time,event", "--trees", "40", "--depth", "3", "--eta", "0.2"];
    const summary = JSON.parse(
      (
        await carta([
          ...args,
          ...options,
          "--monotone",
          "ldh_ratio:-1",
          "--seed",
          "3",
          "--out",
          out,
          "--json",
        ])
      ).out,
    );
    expect(summary).toMatchObject({
      objective: "binary:logistic",
      n: 600,
      trees: 40,
      features: ["age", "ldh_ratio", "marker"],
    });
    const model = parseModel(JSON.parse(readFileSync(out, "utf8")), out);
    const direct = trainGradientBoosting({
      objective: "binary:logistic",
      features: { values: train.x, rows: 600, columns: 3 },
      labels: train.response,
      featureNames: ["age", "ldh_ratio", "marker"],
      rounds: 40,
      maxDepth: 3,
      learningRate: 0.2,
      monotoneConstraints: [0, -1, 0],
      seed: 3,
    }).model;
    expect(Array.from(predictMargin(model, train.x))).toEqual(Array.from(predictMargin(direct, train.x)));
    // Non-increasing in LDH for every patient, on a grid of LDH values.
    for (let i = 0; i < 50; i++) {
      const grid = new Float64Array(30 * 3);
      for (let k = 0; k < 30; k++) grid.set([train.x[3 * i]!, 0.5 + k * 0.1, train.x[3 * i + 2]!], 3 * k);
      const margins = predictMargin(model, grid);
      for (let k = 1; k < 30; k++) expect(margins[k]!).toBeLessThanOrEqual(margins[k - 1]!);
    }
  });

  it("trains a Cox model from time and event, with early stopping on a validation file", async () => {
    const data = join(dir, "cox-train.csv");
    const validation = join(dir, "cox-valid.csv");
    writeFileSync(data, cohort(500, 2).text);
    writeFileSync(validation, cohort(300, 3).text);
    const out = join(dir, "pfs.json");
    const summary = JSON.parse(
      (
        await carta([
          ...["model", "train", "--data", data, "--objective", "cox", "--time", "time", "--event", "event"],
          ...["--features", "age,ldh_ratio,marker", "--trees", "300", "--eta", "0.3", "--depth", "4"],
          ...["--validation", validation, "--early-stopping", "10", "--out", out, "--json"],
        ])
      ).out,
    );
    expect(summary.objective).toBe("survival:cox");
    expect(summary.metric).toBe("cox-nloglik");
    expect(summary.stopped_early).toBe(true);
    expect(summary.trees).toBe(summary.best_iteration + 1);
    const p = JSON.parse(
      (await carta(["model", "predict", "--model", out, "--data", validation, "--json"])).out,
    );
    expect(p.hazard_ratio).toHaveLength(300);
  });

  it("refuses a Cox time of 0, an outcome used as a feature and early stopping without validation", async () => {
    const data = join(dir, "zero.csv");
    writeFileSync(data, "age,time,event\n50,10,1\n60,0,1\n");
    const base = ["model", "train", "--data", data, "--out", join(dir, "x.json")];
    await expect(
      carta([...base, "--objective", "cox", "--time", "time", "--event", "event"]),
    ).rejects.toThrow('zero.csv, column "time", row 2 (line 3): time is 0');
    await expect(
      carta([...base, "--objective", "regression", "--outcome", "age", "--features", "age,time"]),
    ).rejects.toThrow('"age" is the outcome');
    await expect(
      carta([...base, "--objective", "regression", "--outcome", "age", "--early-stopping", "5"]),
    ).rejects.toThrow("--early-stopping needs a --validation file");
  });
});
