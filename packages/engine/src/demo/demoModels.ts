import { type ModelSpec, readModelSpec } from "@carta/ml";
import { getJob } from "../jobs/jobQueue.js";
import {
  enqueueModelValidation,
  listModelRuns,
  type ModelRecord,
  recordValidationJob,
  trainedVersionOfOrNull,
  trainModel,
  validateModel,
} from "../lab/models.js";
import type { Actor } from "../store/actors.js";
import type { Store } from "../store/openStore.js";

/**
 * The validated models the demo study ships with (issue 6: `cr-day90`, `pfs-12m`, `crs-grade3`,
 * `icans-grade3`), each at the infusion landmark so that the CAR-T product's phenotype is known,
 * with predictors chosen from clinical-reference.md §C (the published predictors of response,
 * progression and toxicity) rather than everything recorded: a demo model should be one a
 * statistician would defend. All four are fitted on both cohorts and run the 3L+ → 2L transport
 * analysis, which is where §D.6's effect modification (MTV and the product's naive-like CD8
 * fraction) is looked for.
 */

const RESPONSE_PREDICTORS = [
  "age_years",
  "ecog_ps",
  "ann_arbor_stage",
  "extranodal_sites_count",
  "mtv_ml",
  "ldh_u_per_l",
  "crp_mg_l",
  "ferritin_ng_ml",
  "albumin_g_dl",
  "platelets_10e9_l",
  "disease_status_1l",
  "months_1l_end_to_relapse",
  "bridging_response",
  "product",
  "ctdna_log10_hge_per_ml",
  "naive_like_cd8_pct",
  "mmdsc_pct_pbmc",
  "product_naive_like_cd8_pct",
  "product_cd4_cd8_ratio",
  "sig_myeloid_4gene_z",
  "sig_memory_cd8_z",
];

const TOXICITY_PREDICTORS = [
  "age_years",
  "ecog_ps",
  "mtv_ml",
  "ldh_u_per_l",
  "crp_mg_l",
  "ferritin_ng_ml",
  "il6_pg_ml",
  "platelets_10e9_l",
  "albumin_g_dl",
  "bridging_type",
  "product",
  "product_cd4_cd8_ratio",
  "ctdna_log10_hge_per_ml",
];

const INTENDED_USE =
  "Demonstration on the synthetic study only: shows how carta estimates, for a patient about to be infused with CAR-T cells for large B-cell lymphoma, the probability of EVENT, with its uncertainty and reasons. Not for clinical use.";

function demoSpec(
  name: string,
  endpoint: string,
  event: string,
  variables: string[],
  derived: string[],
  quick: boolean,
): ModelSpec {
  return readModelSpec(
    {
      format: "carta.model-spec",
      version: 1,
      name,
      endpoint,
      cohort: "both",
      landmark: "infusion",
      features: { variables, derived },
      learner: {
        kind: "boosted-trees",
        grid: quick
          ? [{ rounds: 40, maxDepth: 2, learningRate: 0.1, seed: 1 }]
          : [
              { rounds: 150, maxDepth: 2, learningRate: 0.05, subsample: 0.8, seed: 1 },
              { rounds: 100, maxDepth: 3, learningRate: 0.05, subsample: 0.8, seed: 1 },
            ],
      },
      validation: quick
        ? {
            outerFolds: 3,
            innerFolds: 2,
            bootstrapReplicates: 10,
            transport: { development: "3L+", target: "2L" },
          }
        : {
            outerFolds: 5,
            innerFolds: 3,
            bootstrapReplicates: 100,
            transport: { development: "3L+", target: "2L" },
          },
      intendedUse: INTENDED_USE.replace("EVENT", event),
    },
    `demo model ${name}`,
  );
}

/** The demo models' specs; `quick` gives small grids and designs for smoke tests. */
export function demoModelSpecs(options: { quick?: boolean } = {}): ModelSpec[] {
  const quick = options.quick ?? false;
  return [
    demoSpec("cr-day90", "cr_day90", "complete response at day 90", RESPONSE_PREDICTORS, ["ipi"], quick),
    demoSpec(
      "pfs-12m",
      "pfs_event_by_12m",
      "progression or death by 12 months",
      RESPONSE_PREDICTORS,
      ["ipi"],
      quick,
    ),
    demoSpec("crs-grade3", "crs_grade3", "grade ≥ 3 CRS", TOXICITY_PREDICTORS, ["easix", "hematotox"], quick),
    demoSpec(
      "icans-grade3",
      "icans_grade3",
      "grade ≥ 3 ICANS",
      TOXICITY_PREDICTORS,
      ["easix", "hematotox"],
      quick,
    ),
  ];
}

export const DEMO_MODEL_NAMES = ["cr-day90", "pfs-12m", "crs-grade3", "icans-grade3"] as const;

export type DemoModelStage = "queued" | "training" | "validating" | "ready" | "failed";

export interface DemoModelStatus {
  name: string;
  stage: DemoModelStage;
  /** 0..1 over training and validation. */
  progress: number;
  message: string;
  error: string | null;
}

export interface DemoTrainingStatus {
  state: "none" | "running" | "ready" | "failed";
  models: DemoModelStatus[];
}

/** The spec's newest trained version (or null) and whether it already has a validation run. */
async function trainedState(
  store: Store,
  spec: ModelSpec,
): Promise<{ model: ModelRecord | null; validated: boolean }> {
  const model = await trainedVersionOfOrNull(store, spec);
  if (!model) return { model, validated: false };
  const runs = await listModelRuns(store, model.name, model.version);
  return { model, validated: runs.some((r) => r.kind === "validate") };
}

/**
 * `carta demo --with-models`: trains and validates each demo model in this process, one after the
 * other, reporting progress; a model already trained and validated from the same spec is kept.
 */
export async function trainDemoModels(
  store: Store,
  actor: Actor,
  now: () => string,
  progress: (model: string, fraction: number, message: string) => void,
  options: { quick?: boolean } = {},
): Promise<{ name: string; version: number; validationRunId: string | null }[]> {
  const out: { name: string; version: number; validationRunId: string | null }[] = [];
  for (const spec of demoModelSpecs(options)) {
    const state = await trainedState(store, spec);
    if (state.model && state.validated) {
      progress(spec.name, 1, `v${state.model.version} already trained and validated`);
      out.push({ name: spec.name, version: state.model.version, validationRunId: null });
      continue;
    }
    progress(spec.name, 0, "training");
    const model = state.model ?? (await trainModel(store, actor, now, spec));
    progress(spec.name, 0.1, `v${model.version} trained; validating`);
    const run = await validateModel(store, actor, now, spec, (f, m) => progress(spec.name, 0.1 + 0.9 * f, m));
    progress(spec.name, 1, `validated (run ${run.id})`);
    out.push({ name: spec.name, version: model.version, validationRunId: run.id });
  }
  return out;
}

/**
 * The server's first start: trains each demo model in the main thread (a fit of the demo's size
 * takes a fraction of a second) and queues its validation as a background job for the job runner's
 * worker threads, then records the finished job as the model's validation run. The server answers
 * throughout; `status()` is what the model-lab page shows while this runs.
 */
export class DemoModelTrainer {
  private readonly models = new Map<string, DemoModelStatus>();
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly actor: Actor,
    private readonly now: () => string,
    private readonly options: { pollMs?: number; quick?: boolean } = {},
  ) {}

  status(): DemoTrainingStatus {
    const models = [...this.models.values()].map((m) => ({ ...m }));
    if (models.length === 0) return { state: "none", models };
    const state = models.some((m) => m.stage === "failed")
      ? "failed"
      : models.every((m) => m.stage === "ready")
        ? "ready"
        : "running";
    return { state, models };
  }

  /** Starts the work in the background; resolves when every model is ready or failed. */
  start(): Promise<void> {
    if (this.running) return this.done;
    this.running = true;
    const specs = demoModelSpecs({ quick: this.options.quick ?? false });
    for (const spec of specs) {
      this.models.set(spec.name, {
        name: spec.name,
        stage: "queued",
        progress: 0,
        message: "waiting",
        error: null,
      });
    }
    this.done = (async () => {
      for (const spec of specs) {
        try {
          await this.trainAndValidate(spec);
        } catch (err) {
          this.set(spec.name, { stage: "failed", message: "failed", error: (err as Error).message });
        }
      }
    })();
    return this.done;
  }

  private set(name: string, change: Partial<DemoModelStatus>): void {
    this.models.set(name, { ...this.models.get(name)!, ...change });
  }

  private async trainAndValidate(spec: ModelSpec): Promise<void> {
    const state = await trainedState(this.store, spec);
    if (state.validated) {
      this.set(spec.name, { stage: "ready", progress: 1, message: "trained and validated" });
      return;
    }
    this.set(spec.name, { stage: "training", progress: 0.02, message: "training" });
    const model = state.model ?? (await trainModel(this.store, this.actor, this.now, spec));
    this.set(spec.name, {
      stage: "validating",
      progress: 0.1,
      message: `v${model.version} trained; validation queued`,
    });
    const job = await enqueueModelValidation(this.store, this.actor, this.now, spec);
    const pollMs = this.options.pollMs ?? 500;
    for (;;) {
      await new Promise((r) => setTimeout(r, pollMs));
      const current = await getJob(this.store, this.actor, job.id);
      if (current.status === "succeeded") break;
      if (current.status === "failed" || current.status === "cancelled") {
        throw new Error(`validation job ${job.id} ${current.status}: ${current.error ?? ""}`);
      }
      this.set(spec.name, {
        progress: 0.1 + 0.9 * (current.progress ?? 0),
        message: current.progressMessage ?? current.status,
      });
    }
    await recordValidationJob(this.store, this.actor, this.now, job.id);
    this.set(spec.name, { stage: "ready", progress: 1, message: `v${model.version} validated` });
  }
}

/** A store with patients, every one synthetic: the demo study, where training demo models is wanted. */
export async function holdsOnlySyntheticPatients(store: Store): Promise<boolean> {
  const counts = await store.db
    .selectFrom("patients")
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.sum<number>("synthetic").as("synthetic")])
    .executeTakeFirstOrThrow();
  return Number(counts.all) > 0 && Number(counts.synthetic) === Number(counts.all);
}
