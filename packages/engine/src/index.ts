export * from "./config.js";
export * from "./demo/demoModels.js";
export * from "./demo/seedDemo.js";
export * from "./exports/csvExports.js";
export * from "./imports/importIssue.js";
export * from "./imports/observationsCsv.js";
export * from "./store/actors.js";
export * from "./store/audit.js";
export * from "./store/blobs.js";
export * from "./store/centers.js";
export type { Dialect } from "./store/dialect.js";
export * from "./store/observations.js";
export * from "./store/openStore.js";
export * from "./store/patients.js";
export type { Database } from "./store/schema.js";
export * from "./views/patientDetail.js";
export * from "./views/patientList.js";
export * from "./views/summary.js";
export * from "./views/types.js";

/** The engine's clock: ISO-8601 UTC timestamps for versions and audit entries. */
export const systemClock = (): string => new Date().toISOString();
export type { ClaimOptions, JobClaim, RequeueOutcome } from "./jobs/jobClaims.js";
export {
  claimNextJob,
  completeJob,
  failJob,
  JOB_RUNNER_ACTOR,
  releaseJob,
  renewLease,
  reportProgress,
  requeueExpiredLeases,
} from "./jobs/jobClaims.js";
export type { JobFilter, JobRequest } from "./jobs/jobQueue.js";
export {
  cancelJob,
  canEnqueueJobs,
  canReadJob,
  enqueueJob,
  getJob,
  JOB_KIND_PATTERN,
  JobNotFound,
  listJobs,
  MAX_JOB_SPEC_BYTES,
} from "./jobs/jobQueue.js";
export type { JobRunner, JobRunnerOptions } from "./jobs/jobRunner.js";
export { startJobRunner } from "./jobs/jobRunner.js";
export type { JobRecord, JobStatus } from "./jobs/jobTable.js";
export { FINAL_JOB_STATUSES, JOB_STATUSES } from "./jobs/jobTable.js";
export * from "./lab/featureTable.js";
export * from "./lab/globalExplanations.js";
export * from "./lab/models.js";
export type { PerformanceJson, TransportJson, ValidationJson } from "./lab/modelValidation.js";
export * from "./lab/predict.js";
export type { PredictionKit, ValidationSummary } from "./lab/predictionKit.js";
export * from "./lab/predictionLog.js";
