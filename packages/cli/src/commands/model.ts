import { readFileSync, writeFileSync } from "node:fs";
import {
  createTreeShapExplainer,
  type FeatureGroup,
  importXgboostModel,
  parseModel,
  predict,
  serializeModel,
  type TreeEnsemble,
  treeShap,
  treeShapInteractions,
} from "@carta/trees";
import type { Command } from "commander";
import { isMissing, parseNumber } from "../table/columns.js";
import { type CsvTable, place, readCsvTable, TableError } from "../table/csvTable.js";
import type { StatsIo } from "./stats/shared.js";

/**
 * `carta model import-xgboost | predict` and `carta explain`: tree-ensemble models in carta's versioned
 * JSON (packages/trees), imported from XGBoost's `save_model('x.json')`, their predictions and their
 * exact SHAP explanations for the rows of a CSV file with one column per model feature (an empty cell
 * or NA is missing and follows each split's default direction).
 */

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new TableError(
      `${file}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
}

function readJson(file: string, what: string): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new TableError(`${file}: the ${what} is not JSON (${(err as Error).message})`);
  }
}

export function loadModel(file: string): TreeEnsemble {
  return parseModel(readJson(file, "model"), file);
}

/** The model's features from the CSV, row-major with NaN where missing; other columns are ignored. */
export function featureMatrix(table: CsvTable, model: TreeEnsemble): Float64Array {
  const names = model.featureNames;
  const index = names.map((name, j) => {
    const k = table.columns.indexOf(name);
    if (k < 0) {
      throw new TableError(
        `${table.file}: no column "${name}" (the model's feature ${j + 1} of ${names.length}); the data needs one column per model feature`,
      );
    }
    return k;
  });
  const p = names.length;
  const x = new Float64Array(table.rows.length * p);
  const categorical = new Set(model.categoricalFeatures ?? []);
  table.rows.forEach((row, r) => {
    for (let j = 0; j < p; j++) {
      const field = row.fields[index[j]!]!;
      if (isMissing(field)) {
        x[r * p + j] = Number.NaN;
        continue;
      }
      const v = parseNumber(field);
      if (v === null || !Number.isFinite(v)) {
        throw new TableError(
          `${place(table, names[j]!, r)}: "${field}" is not a number; expected a number or an empty cell`,
        );
      }
      if (categorical.has(j) && !Number.isInteger(v)) {
        throw new TableError(
          `${place(table, names[j]!, r)}: ${v} is not a category code; expected an integer`,
        );
      }
      x[r * p + j] = v;
    }
  });
  return x;
}

/** Groups from a JSON file: `{"ctDNA": ["ctdna_level", …], …}` or `[{"name": …, "features": […]}]`. */
export function readGroups(file: string, model: TreeEnsemble): FeatureGroup[] {
  const json = readJson(file, "groups file");
  let groups: FeatureGroup[];
  if (Array.isArray(json)) {
    groups = json.map((g, i) => {
      if (typeof g !== "object" || g === null || typeof g.name !== "string" || !Array.isArray(g.features)) {
        throw new TableError(`${file}: [${i}]: expected {"name": "…", "features": ["…"]}`);
      }
      return { name: g.name, features: g.features };
    });
  } else if (typeof json === "object" && json !== null) {
    groups = Object.entries(json).map(([name, features]) => {
      if (!Array.isArray(features))
        throw new TableError(`${file}: "${name}": expected a list of feature names`);
      return { name, features };
    });
  } else {
    throw new TableError(`${file}: expected an object of group name → feature names`);
  }
  // Features the file does not name stay players of their own, so a groups file may name only modalities.
  const named = new Set(
    groups.flatMap((g) => g.features.map((f) => (typeof f === "number" ? model.featureNames[f] : f))),
  );
  for (const name of model.featureNames) {
    if (!named.has(name)) groups.push({ name, features: [name] });
  }
  return groups;
}

function rowsOf(values: Float64Array, nRows: number, width: number): number[][] {
  return Array.from({ length: nRows }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width)));
}

interface PredictOptions {
  model: string;
  data: string;
  json?: boolean;
}

export function predictResult(opts: PredictOptions): Record<string, unknown> {
  const model = loadModel(opts.model);
  const table = readCsvTable(opts.data);
  const x = featureMatrix(table, model);
  const prediction = predict(model, x);
  const out: Record<string, unknown> = {
    model: opts.model,
    objective: model.objective,
    data: table.file,
    n: prediction.nRows,
    margin: Array.from(prediction.margin),
  };
  const key = { probability: "probability", "hazard-ratio": "hazard_ratio", response: "prediction" }[
    prediction.scale
  ];
  out[key] = Array.from(prediction.values);
  return out;
}

interface ExplainOptions extends PredictOptions {
  interactions?: boolean;
  groups?: string;
}

export function explainResult(opts: ExplainOptions): Record<string, unknown> {
  const model = loadModel(opts.model);
  const table = readCsvTable(opts.data);
  const x = featureMatrix(table, model);
  const shap = createTreeShapExplainer(model).explain(x);
  const p = model.featureNames.length;
  const out: Record<string, unknown> = {
    model: opts.model,
    objective: model.objective,
    method: "exact path-dependent TreeSHAP (Lundberg et al. 2020), on the margin scale",
    data: table.file,
    n: shap.nRows,
    base_value: shap.expectedValue,
    feature_names: [...model.featureNames],
    shap: rowsOf(shap.values, shap.nRows, p),
  };
  if (opts.interactions) {
    const inter = treeShapInteractions(model, x);
    out.interactions = Array.from({ length: inter.nRows }, (_, r) =>
      rowsOf(inter.values.subarray(r * p * p, (r + 1) * p * p), p, p),
    );
  }
  if (opts.groups) {
    const grouped = treeShap(model, x, { groups: readGroups(opts.groups, model) });
    out.group_names = [...grouped.names];
    out.group_shap = rowsOf(grouped.values, grouped.nRows, grouped.names.length);
  }
  return out;
}

function emit(
  io: StatsIo,
  result: Record<string, unknown>,
  json: boolean | undefined,
  text: () => string,
): void {
  io.out(json ? `${JSON.stringify(result, null, 2)}\n` : text());
}

const processIo: StatsIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function registerModelCommands(program: Command, io: StatsIo = processIo): void {
  const model = program.command("model").description("tree-ensemble models: import, predict (and train)");

  model
    .command("import-xgboost")
    .description("convert an XGBoost JSON model (save_model('x.json')) to carta's model format")
    .argument("<xgboost.json>", "the XGBoost model file")
    .requiredOption("--out <file>", "where to write the carta model")
    .action((file: string, opts: { out: string }) => {
      const imported = importXgboostModel(readText(file, "XGBoost model"), file);
      writeFileSync(opts.out, `${JSON.stringify(serializeModel(imported))}\n`);
      io.err(
        `imported ${imported.trees.length} trees (${imported.objective}, ${imported.featureNames.length} features) into ${opts.out}\n`,
      );
    });

  model
    .command("predict")
    .description("predict for every row of a CSV file: margin, and probability / hazard ratio / response")
    .requiredOption("--model <file>", "a carta model (JSON)")
    .requiredOption("--data <file>", "CSV with one column per model feature; empty = missing")
    .option("--json", "print the result as one JSON document")
    .action((opts: PredictOptions) => {
      const r = predictResult(opts);
      emit(io, r, opts.json, () => {
        const margins = r.margin as number[];
        const scaleKey = Object.keys(r).find((k) =>
          ["probability", "hazard_ratio", "prediction"].includes(k),
        )!;
        const values = r[scaleKey] as number[];
        return `row,margin,${scaleKey}\n${margins.map((m, i) => `${i + 1},${m},${values[i]}`).join("\n")}\n`;
      });
    });

  program
    .command("explain")
    .description(
      "exact SHAP values of a tree model for every row of a CSV file (base value + contributions = margin)",
    )
    .requiredOption("--model <file>", "a carta model (JSON)")
    .requiredOption("--data <file>", "CSV with one column per model feature; empty = missing")
    .option("--interactions", "add SHAP interaction values (rows × features × features)")
    .option(
      "--groups <file>",
      "JSON of feature groups (e.g. modalities): each group's exact Shapley value as one player",
    )
    .option("--json", "print the result as one JSON document")
    .action((opts: ExplainOptions) => {
      const r = explainResult(opts);
      emit(io, r, opts.json, () => {
        const names = r.feature_names as string[];
        const rows = r.shap as number[][];
        return `base value ${r.base_value}\nrow,${names.join(",")}\n${rows.map((v, i) => `${i + 1},${v.join(",")}`).join("\n")}\n`;
      });
    });
}
