import { readFileSync, writeFileSync } from "node:fs";
import {
  FEATURE_ENDPOINTS,
  type FeatureEndpoint,
  type FeatureSpec,
  FeatureSpecError,
  type FeatureTable,
  featureTableCsv,
  PREDICTION_LANDMARKS,
  type PredictionLandmark,
  readFeatureSpec,
} from "@carta/clinical";
import {
  type Actor,
  type CartaConfig,
  type Cohort,
  configFromEnv,
  featureTableFromStore,
  getModel,
  localOperator,
  ModelNotFound,
  type ModelSpec,
  ModelSpecError,
  type PerformanceJson,
  readModelSpec,
  type Store,
  systemClock,
  trainModel,
  transportModel,
  validateModel,
} from "@carta/engine";
import { studyReportHtml, studyReportInputFromStore, studyReportPdf } from "@carta/reports";
import { type Command, CommanderError, Option } from "commander";
import { withStore } from "../withStore.js";
import { list, processIo, type StatsIo } from "./stats/shared.js";

/**
 * `carta lab features`: a feature table at a landmark from the store (DESIGN.md "Time and leakage"), as
 * CSV (default) or as one JSON document with the column metadata, the rows, the endpoint counted from
 * the landmark and every patient left out with the reason. A spec that uses a variable from after its
 * landmark is refused with the variable's name, and nothing is written.
 */

export interface LabCommandOptions {
  /** The store and local operator to act as; default: read from the environment when the command runs. */
  config?: CartaConfig;
  io?: StatsIo;
}

interface FeaturesOptions {
  landmark?: PredictionLandmark;
  spec?: string;
  variables?: string[];
  modalities?: string[];
  derived?: string[];
  endpoint?: FeatureEndpoint;
  cohort?: Cohort;
  center?: string;
  json?: boolean;
  csv?: boolean;
  out?: string;
}

const USAGE_EXIT_CODE = 2;

function readSpecFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new FeatureSpecError([
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FeatureSpecError([`${file}: not JSON (${(err as Error).message})`]);
  }
}

/** The spec from --spec FILE or from the options; contradictions between the two are usage errors. */
function specFrom(opts: FeaturesOptions, usage: (message: string) => never): FeatureSpec {
  const listed = opts.variables ?? opts.modalities ?? opts.derived;
  if (opts.spec === undefined) {
    if (opts.landmark === undefined) usage("give --landmark (or a --spec file that names one)");
    const spec: FeatureSpec = { landmark: opts.landmark! };
    if (opts.variables) spec.variables = opts.variables;
    if (opts.modalities) spec.modalities = opts.modalities;
    if (opts.derived) spec.derived = opts.derived;
    if (opts.endpoint) spec.endpoint = opts.endpoint;
    return spec;
  }
  if (listed)
    usage("give the features either in --spec or with --variables/--modalities/--derived, not both");
  const file = readFeatureSpec(readSpecFile(opts.spec), opts.spec);
  for (const [field, given] of [
    ["landmark", opts.landmark],
    ["endpoint", opts.endpoint],
  ] as const) {
    const inFile = file[field];
    if (given !== undefined && inFile != null && inFile !== given)
      usage(`--${field} ${given} contradicts ${field} "${inFile}" in ${opts.spec}`);
  }
  const landmark = file.landmark ?? opts.landmark;
  if (landmark === undefined) usage(`${opts.spec} names no landmark: give --landmark`);
  const spec: FeatureSpec = { ...file, landmark: landmark! };
  const endpoint = file.endpoint ?? opts.endpoint;
  if (endpoint != null) spec.endpoint = endpoint;
  return spec;
}

/** One line for standard error: what the table holds and who was left out. */
function summary(table: FeatureTable): string {
  const left = Object.entries(table.counts.excluded)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${n} ${rule.replaceAll("_", " ")}`);
  const endpoint = table.endpoint
    ? `; endpoint ${table.endpoint.id} counted from day ${table.endpoint.landmarkDay}` +
      (table.counts.endpointMissing ? ` (${table.counts.endpointMissing} not computable)` : "")
    : "";
  return (
    `feature table at landmark "${table.landmark}" (values up to ${table.lastTimePoint}): ` +
    `${table.rows.length} rows × ${table.columns.length} feature${table.columns.length === 1 ? "" : "s"}${endpoint}` +
    (left.length ? `; left out: ${left.join(", ")}` : "")
  );
}

/**
 * The discrimination of a performance in words: the AUC; for a time-to-event model Harrell's C and the
 * AUC at the horizon; for relapse_vs_nrm Wolbers' C and the cause's AUC at the horizon.
 */
function discrimination(p: PerformanceJson): string {
  const auc = `AUC ${fixed(p.auc)} (${fixed(p.aucLower)}–${fixed(p.aucUpper)})`;
  if (!p.survival) return auc;
  const atHorizon = `time-dependent ${auc.replace("AUC", `AUC at ${p.survival.horizonMonths} months`)}`;
  if (p.survival.competing) return `Wolbers' C ${fixed(p.survival.competing.wolbersC)}, ${atHorizon}`;
  const c = p.survival.harrellC;
  return `Harrell's C ${c ? `${fixed(c.estimate)} (${fixed(c.lower)}–${fixed(c.upper)})` : "NA"}, ${atHorizon}`;
}

export function registerLabCommands(program: Command, options: LabCommandOptions = {}): Command {
  const io = options.io ?? processIo;
  const lab = program
    .command("lab")
    .description("the model lab: feature tables at landmarks, model training, validation and transport");

  lab
    .command("features")
    .description(
      "one row per patient with the features known at a landmark and the endpoint counted from it (CSV, or JSON with the column metadata)",
    )
    .addOption(new Option("--landmark <landmark>", "the landmark").choices(PREDICTION_LANDMARKS))
    .option("--spec <file>", 'a feature spec (JSON, format "carta.feature-spec", version 1)')
    .option("--variables <ids>", "dictionary variables (id, or id@time_point), comma-separated", list)
    .option(
      "--modalities <names>",
      "whole modalities (clinical, ctdna, flow_blood, flow_product, transcriptome) or dictionary forms",
      list,
    )
    .option("--derived <scores>", "derived scores: ipi, aaipi, hematotox, easix, m_easix, bulky", list)
    .addOption(
      new Option("--endpoint <endpoint>", "the endpoint, counted from the landmark").choices(
        FEATURE_ENDPOINTS.map((e) => e.id),
      ),
    )
    .addOption(new Option("--cohort <cohort>", "one cohort only").choices(["2L", "3L+"]))
    .option("--center <id>", "one centre only")
    .addOption(
      new Option("--json", "the table as JSON, with column metadata and exclusions").conflicts("csv"),
    )
    .option("--csv", "the table as CSV (the default)")
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (opts: FeaturesOptions) => {
      const usage = (message: string): never => {
        io.err(`carta lab features: ${message}\n`);
        throw new CommanderError(USAGE_EXIT_CODE, "carta.lab.usage", message);
      };
      let table: FeatureTable;
      try {
        const spec = specFrom(opts, usage);
        const config = options.config ?? configFromEnv(process.env);
        table = await withStore(config, async (store) => {
          const actor = await localOperator(store.db, config.localUser, systemClock());
          return featureTableFromStore(store, actor, spec, { cohort: opts.cohort, center: opts.center });
        });
      } catch (err) {
        if (err instanceof FeatureSpecError) for (const e of err.errors) io.err(`carta lab features: ${e}\n`);
        throw err;
      }
      const text = opts.json ? `${JSON.stringify(table, null, 2)}\n` : featureTableCsv(table);
      if (opts.out) writeFileSync(opts.out, text);
      else io.out(text);
      io.err(`${summary(table)}${opts.out ? `; written to ${opts.out}` : ""}\n`);
    });
  registerModelCommands(lab, options, io);
  return lab;
}

/** A model spec file read and checked; its problems go to stderr, each naming its field. */
function modelSpecFrom(file: string, command: string, io: StatsIo): ModelSpec {
  try {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ModelSpecError([
        code ? `${file}: cannot read (${code})` : `${file}: not JSON (${(err as Error).message})`,
      ]);
    }
    return readModelSpec(json, file);
  } catch (err) {
    if (err instanceof ModelSpecError) for (const e of err.errors) io.err(`carta lab ${command}: ${e}\n`);
    throw err;
  }
}

/** Runs one model command against the store as the local operator, reporting refusals on stderr. */
async function withOperator<T>(
  options: LabCommandOptions,
  command: string,
  io: StatsIo,
  run: (store: Store, actor: Actor) => Promise<T>,
): Promise<T> {
  const config = options.config ?? configFromEnv(process.env);
  try {
    return await withStore(config, async (store) =>
      run(store, await localOperator(store.db, config.localUser, systemClock())),
    );
  } catch (err) {
    if (err instanceof FeatureSpecError) for (const e of err.errors) io.err(`carta lab ${command}: ${e}\n`);
    throw err;
  }
}

function emit(io: StatsIo, json: boolean | undefined, document: unknown, text: string): void {
  io.out(json ? `${JSON.stringify(document, null, 2)}\n` : text);
}

function fixed(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "NA" : x.toFixed(digits);
}

/**
 * `carta lab train | validate | transport SPEC.json`: the model registry from the command line
 * (docs/lab.md "Model specs", "Training and validation runs", "Transport"). Validation runs
 * in-process here with its progress on stderr; the server queues the same computation as a job.
 */
function registerModelCommands(lab: Command, options: LabCommandOptions, io: StatsIo): void {
  lab
    .command("train")
    .description("train a model spec on the store's data and save it as the next version of its name")
    .argument("<spec>", 'a model spec (JSON, format "carta.model-spec", version 1)')
    .option("--json", "the saved model version as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const spec = modelSpecFrom(file, "train", io);
      const model = await withOperator(options, "train", io, (store, actor) =>
        trainModel(store, actor, systemClock, spec),
      );
      const m = model.metrics;
      emit(
        io,
        opts.json,
        model,
        `${model.name} v${model.version}: ${spec.learner.kind} for ${m.endpoint} (${m.event}) at ${m.landmark}, ` +
          `${m.n} rows, ${m.nEvents} events; apparent ${discrimination(m.apparent)} (optimistic: validate it)\n`,
      );
      io.err(
        `saved ${model.name} v${model.version} (data snapshot ${model.dataSnapshotHash.slice(0, 12)})\n`,
      );
    });

  lab
    .command("validate")
    .description(
      "nested cross-validation, bootstrap optimism, leave-one-centre-out (and transport when the spec asks) of the newest version trained from the spec; stored as a model run",
    )
    .argument("<spec>", "the model spec the version was trained from")
    .option("--json", "the stored run as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const spec = modelSpecFrom(file, "validate", io);
      const run = await withOperator(options, "validate", io, (store, actor) =>
        validateModel(store, actor, systemClock, spec, (fraction, message) =>
          io.err(`carta lab validate: ${Math.round(fraction * 100)}% ${message}\n`),
        ),
      );
      const v = run.result.validation!;
      // The headline: a binary model's AUC, a survival model's Harrell's C; relapse_vs_nrm's
      // Wolbers' C has no standard error to pool, so its centres pool the cause's AUC.
      const survival = v.nestedCv.performance.survival;
      const competing = survival?.competing !== undefined;
      const index = !survival ? "AUC" : competing ? "WolbersC" : "HarrellC";
      const corrected = v.optimism.indexes.find((i) => i.index === index)?.corrected;
      const pooled = survival && !competing ? v.loco?.pooledHarrellC : v.loco?.pooledAuc;
      const name = !survival ? "AUC" : competing ? "Wolbers' C" : "Harrell's C";
      const pooledName = survival && !competing ? "Harrell's C" : "AUC";
      emit(
        io,
        opts.json,
        run,
        `${run.modelName} v${run.modelVersion} (${v.n} rows, ${v.nEvents} events): nested-CV ${discrimination(v.nestedCv.performance)}; ` +
          `optimism-corrected ${name} ${fixed(corrected)}` +
          (v.loco
            ? `; leave-one-centre-out pooled ${pooledName} ${pooled ? fixed(pooled.estimate) : "NA (fewer than 2 centres)"}`
            : "") +
          `\nrun ${run.id}\n`,
      );
    });

  lab
    .command("transport")
    .description(
      "fit in 3L+, validate in 2L: per-predictor effects in each cohort with interaction tests, covariate shift, 2L performance; stored as a model run",
    )
    .argument("[spec]", 'the model spec the version was trained from (cohort "both")')
    .option(
      "--model <name>",
      "instead of a spec file: the registry model whose newest version (or --version) to analyse",
    )
    .option("--version <v>", "with --model: the version", (v) => Number.parseInt(v, 10))
    .option("--json", "the transport analysis as JSON")
    .action(async (file: string | undefined, opts: { json?: boolean; model?: string; version?: number }) => {
      if ((file === undefined) === (opts.model === undefined)) {
        throw new CommanderError(
          2,
          "carta.usage",
          "carta lab transport: give a spec file or --model NAME (one of them)",
        );
      }
      const run = await withOperator(options, "transport", io, async (store, actor) => {
        let spec: ModelSpec;
        if (opts.model !== undefined) {
          const record = await getModel(store, opts.model, opts.version);
          if (!record)
            throw new ModelNotFound(`no model "${opts.model}"${opts.version ? ` v${opts.version}` : ""}`);
          spec = record.spec;
        } else spec = modelSpecFrom(file!, "transport", io);
        return transportModel(store, actor, systemClock, spec);
      });
      const tr = run.result.transport!;
      const lines = tr.predictors.map(
        (p) =>
          `  ${p.name} (${p.scale}): 3L+ ${fixed(p.effect_3l.estimate, 2)} [${fixed(p.effect_3l.lower, 2)}, ${fixed(p.effect_3l.upper, 2)}], ` +
          `2L ${fixed(p.effect_2l.estimate, 2)} [${fixed(p.effect_2l.lower, 2)}, ${fixed(p.effect_2l.upper, 2)}], interaction p ${fixed(p.interaction_p)}`,
      );
      emit(
        io,
        opts.json,
        { model: { name: run.modelName, version: run.modelVersion }, run: run.id, ...tr },
        `${tr.headline}\nlog-odds effects (95% CI):\n${lines.join("\n")}\nrun ${run.id}\n`,
      );
    });

  lab
    .command("report")
    .description(
      "the TRIPOD+AI study report of a validation run, generated from the stored run: HTML (default) or PDF, made without a browser",
    )
    .argument("<run>", "the id of a validation run (carta lab validate prints it)")
    .option("--pdf", "a PDF instead of HTML")
    .option("--out <file>", "write to a file instead of standard output")
    .option("--study-name <name>", "the study's name on the report", "CAR-T in second-line LBCL")
    .action(async (runId: string, opts: { pdf?: boolean; out?: string; studyName: string }) => {
      const bytes = await withOperator(options, "report", io, async (store, actor) => {
        const input = await studyReportInputFromStore(store, actor, runId, {
          generatedAt: systemClock(),
          studyName: opts.studyName,
        });
        return opts.pdf
          ? Buffer.from(await studyReportPdf(input))
          : Buffer.from(studyReportHtml(input), "utf8");
      });
      if (opts.out) {
        writeFileSync(opts.out, bytes);
        io.err(
          `carta lab report: ${opts.pdf ? "PDF" : "HTML"} report of run ${runId} written to ${opts.out}\n`,
        );
      } else if (opts.pdf) {
        process.stdout.write(bytes);
      } else io.out(bytes.toString("utf8"));
    });
}
