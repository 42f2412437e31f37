export * from "./config.js";
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
export * from "./lab/featureTable.js";
