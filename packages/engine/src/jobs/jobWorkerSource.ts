/**
 * What a job's worker thread runs. Kept as source text (started with `eval: true`) rather than a
 * module file so the same runner works from the compiled package and from the TypeScript sources
 * under test, where no compiled worker file exists. It imports the handler module, calls
 * `run(spec, progress)` and posts progress, then exactly one result or error, to the main thread.
 *
 * Handler contract: a module exporting `run(spec, progress)` where `progress(fraction, message?)`
 * reports a fraction in 0–1, and whose (possibly async) return value is JSON-serialisable.
 */
export interface JobHandlerModule {
  run(spec: unknown, progress: (fraction: number, message?: string) => void): unknown;
}

export type WorkerMessage =
  | { type: "progress"; fraction: number; message: string | null }
  | { type: "result"; result: unknown }
  | { type: "error"; message: string };

export const JOB_WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const post = (m) => parentPort.postMessage(m);
(async () => {
  try {
    const handler = await import(workerData.handlerUrl);
    if (typeof handler.run !== "function") {
      throw new Error("job handler " + workerData.handlerUrl + " does not export run(spec, progress)");
    }
    const progress = (fraction, message) => {
      post({ type: "progress", fraction: Number(fraction), message: message == null ? null : String(message) });
    };
    const result = await handler.run(workerData.spec, progress);
    post({ type: "result", result: JSON.parse(JSON.stringify(result === undefined ? null : result)) });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
})();
`;
