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
  type CartaConfig,
  type Cohort,
  configFromEnv,
  featureTableFromStore,
  localOperator,
  systemClock,
} from "@carta/engine";
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

export function registerLabCommands(program: Command, options: LabCommandOptions = {}): Command {
  const io = options.io ?? processIo;
  const lab = program.command("lab").description("the model lab: feature tables at landmarks");

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
  return lab;
}
