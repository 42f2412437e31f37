export * from "./csv/csv.js";
export * from "./dictionary/index.js";
export * from "./endpoints/index.js";
export * from "./features/index.js";
export * from "./scales/index.js";
export * from "./units/index.js";
