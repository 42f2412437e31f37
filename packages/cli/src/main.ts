import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { redcapDataDictionary, redcapInstrumentEventMapping, STUDY_DICTIONARY } from "@carta/clinical";
import {
  ANONYMOUS_DEMO_VISITOR,
  type CartaConfig,
  configFromEnv,
  DEFAULT_DEMO_SEED,
  DEMO_MODEL_NAMES,
  DemoModelTrainer,
  exportObservationsCsv,
  exportPatientsCsv,
  formatIssue,
  holdsOnlySyntheticPatients,
  ImportRejected,
  importObservationsCsv,
  localOperator,
  openStore,
  seedDemo,
  startJobRunner,
  systemClock,
  trainDemoModels,
  VALIDATE_HANDLER_URL,
  VALIDATE_JOB_KIND,
  verifyAudit,
  warmPredictionKits,
} from "@carta/engine";
import { buildServer } from "@carta/server";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { registerLabCommands } from "./commands/lab.js";
import { registerModelCommands } from "./commands/model.js";
import { registerPredictCommand } from "./commands/predict.js";
import { registerScoreCommand } from "./commands/score.js";
import { registerStatsCommand } from "./commands/stats.js";
import { emit, emitJson, note } from "./output.js";
import { withStore } from "./withStore.js";

class CliFailure extends Error {}

function seedOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError("the seed must be a non-negative integer");
  return n;
}

function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("the port must be 0–65535");
  return n;
}

export function buildProgram(config: CartaConfig): Command {
  const program = new Command("carta")
    .description("carta — CAR-T analytics for the second-line LBCL study")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("init")
    .description("create the data folder and the database (migrations), and register the local operator")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      await withStore(config, async (store) => {
        const actor = await localOperator(store.db, config.localUser, systemClock());
        const result = { store: store.dialect, location: store.location, operator: actor.userId };
        if (opts.json) emitJson(result);
        else note(`carta store ready: ${store.dialect} at ${store.location}; acting as ${actor.userId}`);
      });
    });

  program
    .command("demo")
    .description("seed the synthetic demo study (clinical-reference.md §D) into an empty store")
    .option("--seed <n>", "random seed (same seed, same study)", seedOption, DEFAULT_DEMO_SEED)
    .option(
      "--with-models",
      "then train and validate the demo models cr-day90, pfs-12m, crs-grade3 and icans-grade3 (progress on stderr)",
    )
    .option(
      "--quick-models",
      "with --with-models: small grids and validation designs (a smoke test, not the shipped models)",
    )
    .option("--json", "print the result as JSON")
    .action(async (opts: { seed: number; json?: boolean; withModels?: boolean; quickModels?: boolean }) => {
      await withStore(config, async (store) => {
        const actor = await localOperator(store.db, config.localUser, systemClock());
        const summary = await seedDemo(store, actor, systemClock, { seed: opts.seed });
        if (!opts.json)
          note(
            `seeded synthetic demo study (seed ${summary.seed}): ${summary.patients} patients in ${summary.centers} centres, ` +
              `${summary.observations} values; audit entry ${summary.auditSeq}`,
          );
        let models: Awaited<ReturnType<typeof trainDemoModels>> | undefined;
        if (opts.withModels) {
          let last = "";
          models = await trainDemoModels(
            store,
            actor,
            systemClock,
            (model, fraction, message) => {
              const line = `${model}: ${Math.round(fraction * 100)}% ${message}`;
              if (line !== last) note(line);
              last = line;
            },
            { quick: opts.quickModels ?? false },
          );
        }
        if (opts.json) emitJson(models ? { ...summary, models } : summary);
      });
    });

  program
    .command("serve")
    .description("start the web server (UI and API)")
    .addOption(new Option("--port <port>", "port to listen on (env PORT)").argParser(portOption))
    .option("--host <host>", "address to listen on (env HOST)")
    .option("--seed-demo-if-empty", "seed the synthetic demo study first when the store has no patients")
    .option(
      "--no-demo-models",
      "do not train the demo models in the background (by default a demo store without them trains them on start)",
    )
    .action(
      async (opts: { port?: number; host?: string; seedDemoIfEmpty?: boolean; demoModels: boolean }) => {
        const store = await openStore({
          dataDir: config.dataDir,
          databaseUrl: config.databaseUrl,
          now: systemClock,
        });
        try {
          if (opts.seedDemoIfEmpty) {
            const n = await store.db
              .selectFrom("patients")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow();
            if (Number(n.n) === 0) {
              note(`empty store at ${store.location}: seeding the synthetic demo study…`);
              const actor = await localOperator(store.db, config.localUser, systemClock());
              const s = await seedDemo(store, actor, systemClock);
              note(`seeded ${s.patients} synthetic patients in ${s.centers} centres (seed ${s.seed})`);
            }
          }
          // Background jobs run in worker threads of this process (the embedded deployment needs no
          // second server); the demo models are trained and validated on a first start.
          const runner = startJobRunner(store, { handlers: { [VALIDATE_JOB_KIND]: VALIDATE_HANDLER_URL } });
          let demoTrainer: DemoModelTrainer | null = null;
          if (opts.demoModels && (await holdsOnlySyntheticPatients(store))) {
            const operator = await localOperator(store.db, config.localUser, systemClock());
            demoTrainer = new DemoModelTrainer(store, operator, systemClock);
            demoTrainer.start().then(
              async () => {
                const s = demoTrainer!.status();
                note(
                  `demo models: ${s.models.map((m) => `${m.name} ${m.stage}${m.error ? ` (${m.error})` : ""}`).join(", ")}`,
                );
                // The first prediction of a model fits its bootstrap refits; do that before a visitor asks.
                await warmPredictionKits(store, ANONYMOUS_DEMO_VISITOR, DEMO_MODEL_NAMES);
              },
              (err: Error) => note(`demo models failed: ${err.message}`),
            );
          }
          const app = await buildServer({
            store,
            demoTraining: () => demoTrainer?.status() ?? { state: "none", models: [] },
          });
          const address = await app.listen({
            port: opts.port ?? config.port,
            host: opts.host ?? config.host,
          });
          note(`carta is serving ${store.dialect} data from ${store.location}`);
          process.stdout.write(`carta listening on ${address.replace("127.0.0.1", "localhost")}\n`);
          const stop = async () => {
            await app.close();
            await runner.stop();
            await store.close();
            process.exit(0);
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        } catch (err) {
          await store.close();
          throw err;
        }
      },
    );

  const dictionary = program.command("dictionary").description("the study dictionary");
  dictionary
    .command("export")
    .description(
      "export the dictionary: REDCap data dictionary CSV, REDCap instrument–event mapping, or JSON",
    )
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["redcap", "redcap-mapping", "json"])
        .default("redcap"),
    )
    .option("--out <file>", "write to a file instead of standard output")
    .action((opts: { format: string; out?: string }) => {
      if (opts.format === "json") emitJson(STUDY_DICTIONARY, opts.out);
      else if (opts.format === "redcap-mapping")
        emit(redcapInstrumentEventMapping(STUDY_DICTIONARY), opts.out);
      else emit(redcapDataDictionary(STUDY_DICTIONARY), opts.out);
    });

  const importCmd = program.command("import").description("import data files (all or nothing)");
  importCmd
    .command("observations")
    .description("import a wide CSV of study variables (patient_id, time_point, then dictionary ids)")
    .requiredOption("--csv <file>", "the CSV file")
    .option("--reason <text>", "reason for change recorded with every new version")
    .option("--json", "print the result as JSON")
    .action(async (opts: { csv: string; reason?: string; json?: boolean }) => {
      const path = resolve(opts.csv);
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (err) {
        throw new CliFailure(
          `${opts.csv}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        );
      }
      await withStore(config, async (store) => {
        const actor = await localOperator(store.db, config.localUser, systemClock());
        try {
          const summary = await importObservationsCsv(store, actor, systemClock, {
            fileName: opts.csv,
            text,
            reason: opts.reason ?? null,
          });
          if (opts.json) emitJson(summary);
          else
            note(
              `${opts.csv}: ${summary.rows} rows, ${summary.values} values: ${summary.newVersions} new versions, ` +
                `${summary.unchanged} unchanged, ${summary.patientsEnrolled} patients enrolled` +
                (summary.auditSeq ? `; audit entry ${summary.auditSeq}` : ""),
            );
        } catch (err) {
          if (err instanceof ImportRejected) {
            for (const i of err.issues) note(formatIssue(i));
            if (opts.json) emitJson({ file: err.file, stored: false, errors: err.issues });
            throw new CliFailure(err.message);
          }
          throw err;
        }
      });
    });

  const exportCmd = program
    .command("export")
    .description("export data (consent-withdrawn patients leave observation exports)");
  exportCmd
    .command("observations")
    .description("current values as a wide CSV (the import format)")
    .option("--csv", "CSV format (the default and only format)", true)
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (opts: { out?: string }) => {
      await withStore(config, async (store) => {
        const actor = await localOperator(store.db, config.localUser, systemClock());
        const result = await exportObservationsCsv(store, actor);
        emit(result.csv, opts.out);
        note(
          `exported ${result.rows} rows for ${result.patients} patients` +
            (result.withdrawnExcluded
              ? `; ${result.withdrawnExcluded} consent-withdrawn patients left out`
              : ""),
        );
      });
    });
  exportCmd
    .command("patients")
    .description("patients as CSV: id, center, cohort, consent, synthetic")
    .option("--csv", "CSV format (the default and only format)", true)
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (opts: { out?: string }) => {
      await withStore(config, async (store) => {
        const actor = await localOperator(store.db, config.localUser, systemClock());
        emit(await exportPatientsCsv(store, actor), opts.out);
      });
    });

  program
    .command("audit")
    .description("the audit trail")
    .command("verify")
    .description("recompute the hash chain and every entry's rows; fail at the first bad entry")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      await withStore(config, async (store) => {
        const result = await verifyAudit(store.db);
        if (opts.json) emitJson(result);
        if (!result.ok) {
          throw new CliFailure(
            `audit chain broken at entry ${result.firstBad!.seq}: ${result.firstBad!.problem}`,
          );
        }
        if (!opts.json)
          note(`audit chain verified: ${result.entries} entries, head ${result.headHash.slice(0, 16)}…`);
      });
    });

  registerScoreCommand(program);
  registerStatsCommand(program);
  registerModelCommands(program);
  registerLabCommands(program, { config });
  registerPredictCommand(program, { config });
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: CartaConfig;
  try {
    config = configFromEnv(env);
  } catch (err) {
    note(`carta: ${(err as Error).message}`);
    return 2;
  }
  try {
    await buildProgram(config).parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    note(`carta: ${(err as Error).message}`);
    return 1;
  }
}
