import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
