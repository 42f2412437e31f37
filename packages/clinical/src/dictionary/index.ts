export * from "./dailyGrades.js";
export * from "./derive.js";
export * from "./dictionary.js";
export * from "./petResponses.js";
export * from "./redcap.js";
export * from "./timePoints.js";
export * from "./types.js";
export * from "./values.js";
