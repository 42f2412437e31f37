import { readModelSpec } from "@carta/ml";
import type { ValidateJobSpec } from "./models.js";
import { runModelValidation, type ValidationJson } from "./modelValidation.js";

/**
 * The worker-thread handler of "lab.validate" jobs (jobs/jobWorkerSource.ts contract: run(spec,
 * progress)). It computes only: the main thread built the learning data into the job spec
 * (enqueueModelValidation) and stores the result as a model run (recordValidationJob).
 */
export function run(spec: unknown, progress: (fraction: number, message?: string) => void): ValidationJson {
  const job = spec as ValidateJobSpec;
  const modelSpec = readModelSpec(job.spec, `job spec of ${job.model.name} v${job.model.version}`);
  return runModelValidation(modelSpec, job.data, progress);
}
