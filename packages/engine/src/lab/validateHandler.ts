import { readModelSpec } from "@carta/ml";
import type { ValidateJobSpec } from "./models.js";
import { runModelValidationParallel, type ValidationJson } from "./modelValidation.js";

/**
 * The worker-thread handler of "lab.validate" jobs (jobs/jobWorkerSource.ts contract: run(spec,
 * progress)). It computes only: the main thread built the learning data into the job spec
 * (enqueueModelValidation) and stores the result as a model run (recordValidationJob). The stages
 * run on worker threads of their own (runModelValidationParallel), nested in the job's worker.
 */
export function run(
  spec: unknown,
  progress: (fraction: number, message?: string) => void,
): Promise<ValidationJson> {
  const job = spec as ValidateJobSpec;
  const modelSpec = readModelSpec(job.spec, `job spec of ${job.model.name} v${job.model.version}`);
  return runModelValidationParallel(modelSpec, job.data, progress);
}
