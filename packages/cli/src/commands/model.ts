import { readFileSync, writeFileSync } from "node:fs";
import {
  createTreeShapExplainer,
  type FeatureGroup,
  type GradientBoostingOptions,
  importXgboostModel,
  parseModel,
  predict,
  serializeModel,
  type TreeEnsemble,
  trainGradientBoosting,
  treeShap,
  treeShapInteractions,
} from "@carta/trees";
import { type Command, InvalidArgumentError, Option } from "commander";
import { isMissing, parseNumber, typedColumn } from "../table/columns.js";
import { type CsvTable, place, readCsvTable, TableError } from "../table/csvTable.js";
import {
  binaryLabelVector,
  completeCases,
  eventVector,
  numberVector,
  timeVector,
} from "../table/modelFrame.js";
import { list, type StatsIo } from "./stats/shared.js";

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
  return featureValues(
    table,
    model.featureNames,
    new Set(model.categoricalFeatures ?? []),
    table.rows.map((_, r) => r),
  );
}

/** The named feature columns of the given rows, row-major, NaN where a cell is empty or NA. */
function featureValues(
  table: CsvTable,
  names: readonly string[],
  categorical: ReadonlySet<number>,
  rows: ArrayLike<number>,
): Float64Array {
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
  const x = new Float64Array(rows.length * p);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const row = table.rows[r]!;
    for (let j = 0; j < p; j++) {
      const field = row.fields[index[j]!]!;
      if (isMissing(field)) {
        x[i * p + j] = Number.NaN;
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
      x[i * p + j] = v;
    }
  }
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

type TrainObjective = "binary" | "cox" | "regression";
const OBJECTIVE_NAMES: Record<TrainObjective, GradientBoostingOptions["objective"]> = {
  binary: "binary:logistic",
  cox: "survival:cox",
  regression: "reg:squarederror",
};

interface TrainOptions {
  data: string;
  objective: TrainObjective;
  outcome?: string;
  time?: string;
  event?: string;
  features?: string[];
  exclude?: string[];
  trees: number;
  depth: number;
  eta: number;
  subsample: number;
  colsample: number;
  lambda: number;
  alpha: number;
  minChildWeight: number;
  monotone?: Map<string, number>;
  seed: number;
  validation?: string;
  earlyStopping?: number;
  out: string;
  json?: boolean;
}

function fail(message: string): never {
  throw new InvalidArgumentError(message);
}

/** Outcome, time and event columns, and the feature columns: named, or every other column. */
function trainingColumns(
  table: CsvTable,
  opts: TrainOptions,
): { labelColumns: string[]; features: string[] } {
  const labelColumns =
    opts.objective === "cox"
      ? [
          opts.time ?? fail("--objective cox needs --time and --event"),
          opts.event ?? fail("--objective cox needs --event"),
        ]
      : [opts.outcome ?? fail(`--objective ${opts.objective} needs --outcome`)];
  const excluded = new Set([...labelColumns, ...(opts.exclude ?? [])]);
  const features = opts.features ?? table.columns.filter((c) => !excluded.has(c));
  for (const name of [...labelColumns, ...features, ...(opts.exclude ?? [])]) {
    if (!table.columns.includes(name)) throw new TableError(`${table.file}: no column "${name}"`);
  }
  if (features.length === 0) throw new TableError(`${table.file}: no feature columns left to train on`);
  const overlap = features.filter((f) => labelColumns.includes(f));
  if (overlap.length)
    throw new TableError(`${table.file}: "${overlap[0]}" is the outcome; it cannot be a feature`);
  return { labelColumns, features };
}

/**
 * Labels as XGBoost takes them, for the rows with a known outcome: 0/1, a number, or for Cox the
 * signed survival time (time if the event was observed, −time if censored; a time of 0 is refused).
 */
function trainingLabels(table: CsvTable, opts: TrainOptions, labelColumns: string[]) {
  const columns = labelColumns.map((name, k) =>
    typedColumn(table, name, opts.objective === "cox" ? (k === 0 ? "--time" : "--event") : "--outcome"),
  );
  const frame = completeCases(table, columns);
  let labels: Float64Array;
  if (opts.objective === "binary") labels = Float64Array.from(binaryLabelVector(frame, columns[0]!));
  else if (opts.objective === "regression")
    labels = numberVector(frame, columns[0]!, "expected the outcome, a number");
  else {
    const time = timeVector(frame, columns[0]!);
    const event = eventVector(frame, columns[1]!);
    labels = new Float64Array(time.length);
    for (let i = 0; i < time.length; i++) {
      if (time[i] === 0) {
        throw new TableError(
          `${place(table, columns[0]!.name, frame.rows[i]!)}: time is 0; XGBoost's Cox objective needs times > 0 (the sign carries censoring)`,
        );
      }
      labels[i] = event[i] === 1 ? time[i]! : -time[i]!;
    }
  }
  return { rows: frame.rows, nDropped: frame.nDropped, labels };
}

export function trainResult(opts: TrainOptions): Record<string, unknown> {
  const table = readCsvTable(opts.data);
  const { labelColumns, features } = trainingColumns(table, opts);
  const train = trainingLabels(table, opts, labelColumns);
  const x = featureValues(table, features, new Set(), train.rows);
  let validation: GradientBoostingOptions["validation"];
  if (opts.validation) {
    const vTable = readCsvTable(opts.validation);
    const v = trainingLabels(vTable, opts, labelColumns);
    validation = {
      features: {
        values: featureValues(vTable, features, new Set(), v.rows),
        rows: v.rows.length,
        columns: features.length,
      },
      labels: v.labels,
    };
  } else if (opts.earlyStopping !== undefined) {
    throw new InvalidArgumentError("--early-stopping needs a --validation file");
  }
  const monotone = opts.monotone;
  if (monotone) {
    for (const name of monotone.keys()) {
      if (!features.includes(name)) throw new TableError(`--monotone: "${name}" is not one of the features`);
    }
  }
  const result = trainGradientBoosting({
    objective: OBJECTIVE_NAMES[opts.objective],
    features: { values: x, rows: train.rows.length, columns: features.length },
    labels: train.labels,
    featureNames: features,
    rounds: opts.trees,
    maxDepth: opts.depth,
    learningRate: opts.eta,
    subsample: opts.subsample,
    colsampleByTree: opts.colsample,
    lambda: opts.lambda,
    alpha: opts.alpha,
    minChildWeight: opts.minChildWeight,
    monotoneConstraints: monotone ? features.map((f) => monotone.get(f) ?? 0) : undefined,
    seed: opts.seed,
    validation,
    earlyStoppingRounds: opts.earlyStopping,
  });
  writeFileSync(opts.out, `${JSON.stringify(serializeModel(result.model))}\n`);
  const log = result.evaluationLog;
  return {
    model: opts.out,
    objective: result.model.objective,
    data: table.file,
    n: train.rows.length,
    n_dropped: train.nDropped,
    features,
    trees: result.model.trees.length,
    constant_features: result.constantFeatures.map((j) => features[j]!),
    metric: log.metric,
    validation_metric: log.validation ? log.validation[log.validation.length - 1]! : null,
    best_iteration: log.bestIteration,
    best_score: log.bestScore,
    stopped_early: log.stoppedEarly,
  };
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0)) throw new InvalidArgumentError("expected a number ≥ 0");
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError("expected a fraction in (0, 1]");
  return n;
}

/** "a:1,b:-1" → feature → direction. */
function monotoneList(value: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of value.split(",")) {
    const m = /^\s*([^:]+?)\s*:\s*(-1|0|1)\s*$/.exec(item);
    if (!m)
      throw new InvalidArgumentError(`"${item}": expected feature:1 (increasing) or feature:-1 (decreasing)`);
    out.set(m[1]!, Number(m[2]));
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
  const model = program
    .command("model")
    .description("tree-ensemble models: train, import from XGBoost, predict");

  model
    .command("train")
    .description("train gradient-boosted trees (XGBoost's hist algorithm) on a CSV file and write the model")
    .requiredOption(
      "--data <file>",
      "training CSV; every column but the outcome is a feature unless --features",
    )
    .addOption(
      new Option("--objective <objective>", "what the model predicts")
        .choices(["binary", "cox", "regression"])
        .makeOptionMandatory(),
    )
    .option("--outcome <column>", "binary (0/1) or numeric outcome")
    .option("--time <column>", "follow-up time, for --objective cox")
    .option("--event <column>", "event indicator, for --objective cox")
    .option("--features <columns>", "the feature columns (default: all other columns)", list)
    .option("--exclude <columns>", "columns that are not features (e.g. patient_id)", list)
    .option("--trees <n>", "boosting rounds", positiveInteger, 100)
    .option("--depth <d>", "maximum tree depth", positiveInteger, 6)
    .option("--eta <e>", "learning rate", nonNegative, 0.3)
    .option("--subsample <s>", "fraction of rows per tree", fraction, 1)
    .option("--colsample <s>", "fraction of features per tree", fraction, 1)
    .option("--lambda <l>", "L2 penalty on leaf values", nonNegative, 1)
    .option("--alpha <a>", "L1 penalty on leaf values", nonNegative, 0)
    .option("--min-child-weight <w>", "minimum hessian sum in a leaf", nonNegative, 1)
    .option("--monotone <list>", "monotone constraints, e.g. ldh:1,albumin:-1", monotoneList)
    .option("--seed <n>", "seed of the subsampling", (v) => Number.parseInt(v, 10), 1)
    .option("--validation <file>", "held-out CSV evaluated after every round")
    .option(
      "--early-stopping <rounds>",
      "stop when the validation metric has not improved for this many rounds",
      positiveInteger,
    )
    .requiredOption("--out <file>", "where to write the model (carta's JSON)")
    .option("--json", "print the training summary as JSON")
    .action((opts: TrainOptions) => {
      const r = trainResult(opts);
      emit(
        io,
        r,
        opts.json,
        () =>
          `trained ${r.trees} trees (${r.objective}) on ${r.n} rows × ${(r.features as string[]).length} features into ${r.model}` +
          (r.validation_metric === null ? "" : `; validation ${r.metric} ${r.validation_metric}`) +
          (r.stopped_early ? ` (early stopping: best round ${(r.best_iteration as number) + 1})` : "") +
          "\n",
      );
    });

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
