export * from "./app.js";
export * from "./schemas.js";
