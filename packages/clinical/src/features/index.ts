export * from "./derivedScores.js";
export * from "./endpoints.js";
export * from "./landmarks.js";
export * from "./modalities.js";
export * from "./outcome.js";
export * from "./spec.js";
export * from "./table.js";
