import { useEffect, useState } from "react";
import { ApiError } from "../api/ApiError.js";
import { postJson } from "../api/fetchJson.js";
import type { PatientPrediction, PredictRequest } from "../lab/labApiTypes.js";
import { LAB_PREDICT_API_PATH } from "../lab/labPaths.js";
import { whatIfForModel, whatIfFromKey } from "../lab/whatIf.js";

/** Typing pauses this long before the models are asked again (JOURNEYS.md §1.5: under a second in all). */
export const WHAT_IF_DEBOUNCE_MS = 300;

export interface WhatIfResult {
  state: "computing" | "ok" | "error";
  /** The latest what-if prediction received (kept while a newer one is computed). */
  prediction: PatientPrediction | null;
  message: string | null;
}

function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Recomputes each model's prediction under the what-if overrides (`key` from whatIfKey), debounced;
 * a model is sent only the overrides of its own features and is left out when it has none. A newer
 * key aborts the requests of the older one, so a slow answer never overwrites a newer one.
 */
export function useWhatIfPredictions(
  patientId: string,
  bases: readonly PatientPrediction[],
  key: string,
  delayMs = WHAT_IF_DEBOUNCE_MS,
): Record<string, WhatIfResult> {
  const [results, setResults] = useState<Record<string, WhatIfResult>>({});

  useEffect(() => {
    const whatIf = whatIfFromKey(key);
    const requests = bases
      .map((base) => ({
        base,
        own: whatIfForModel(
          whatIf,
          base.shap.map((s) => s.feature),
        ),
      }))
      .filter((r) => Object.keys(r.own).length > 0);
    const asked = new Set(requests.map((r) => r.base.model.name));
    setResults((previous) => {
      const next: Record<string, WhatIfResult> = {};
      for (const name of asked)
        next[name] = { state: "computing", prediction: previous[name]?.prediction ?? null, message: null };
      return next;
    });
    if (requests.length === 0) return;

    const controller = new AbortController();
    const timer = setTimeout(() => {
      for (const { base, own } of requests) {
        const body: PredictRequest = {
          patient: patientId,
          model: base.model.name,
          version: base.model.version,
          whatIf: own,
        };
        const name = base.model.name;
        postJson<PatientPrediction>(LAB_PREDICT_API_PATH, body, controller.signal).then(
          (prediction) => setResults((r) => ({ ...r, [name]: { state: "ok", prediction, message: null } })),
          (error: unknown) => {
            if (controller.signal.aborted) return;
            setResults((r) => ({
              ...r,
              // The last answer no longer matches the inputs: the recorded-values prediction is shown instead.
              [name]: { state: "error", prediction: null, message: errorMessage(error) },
            }));
          },
        );
      }
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [patientId, bases, key, delayMs]);

  return results;
}
