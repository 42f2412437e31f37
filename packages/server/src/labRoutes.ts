import {
  type Actor,
  DEMO_MODEL_NAMES,
  type DemoTrainingStatus,
  getModel,
  globalExplanations,
  listModelRuns,
  listModels,
  logPrediction,
  ModelNotFound,
  type ModelRunRecord,
  PatientNotFound,
  type PatientPrediction,
  predictPatient,
  type Store,
  systemClock,
  type TransportJson,
  type ValidationJson,
  WhatIfError,
} from "@carta/engine";
import {
  decisionReportInputFromStore,
  decisionReportPdf,
  ReportNotAvailable,
  studyReportHtml,
  studyReportInputFromStore,
  studyReportPdf,
} from "@carta/reports";
import type { FastifyInstance, FastifyReply } from "fastify";
import { errorSchema } from "./schemas.js";

/**
 * The model lab and decision support over HTTP (docs/lab.md "HTTP API"): the registry's models with
 * their newest validation, one model's runs and global explanations, and one patient's prediction
 * with what-if inputs. Every prediction served is logged with its explanation (predictionLog.ts).
 */
export interface LabRouteOptions {
  store: Store;
  /** Shown on reports. */
  studyName: string;
  actorFor: () => Actor;
  demoTraining: () => DemoTrainingStatus;
}

const anyObject = { type: "object", additionalProperties: true } as const;
const modelName = { type: "string", pattern: "^[a-z0-9][a-z0-9._-]{0,79}$" } as const;
const patientId = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$" } as const;

function newest<T extends { kind: string }>(runs: readonly T[], kind: string): T | null {
  return runs.filter((r) => r.kind === kind).at(-1) ?? null;
}

function validationOf(run: ModelRunRecord | null) {
  if (!run?.result.validation) return null;
  const p = (run.result.validation as ValidationJson).nestedCv.performance;
  return {
    runId: run.id,
    createdAt: run.createdAt,
    auc: p.auc,
    aucLower: p.aucLower,
    aucUpper: p.aucUpper,
    calibrationSlope: p.calibrationSlope,
    calibrationIntercept: p.calibrationIntercept,
    brier: p.brier,
    // Time-to-event models: Harrell's C (auc is then the time-dependent AUC at the horizon), and for
    // relapse_vs_nrm Wolbers' C (Harrell's is then null).
    ...(p.survival
      ? { harrellC: p.survival.harrellC, wolbersC: p.survival.competing?.wolbersC ?? null }
      : {}),
  };
}

/** The newest transport analysis: a transport run, or the transport part of a validation run, whichever is newer. */
function transportOf(
  runs: readonly ModelRunRecord[],
): { id: string; createdAt: string; result: TransportJson } | null {
  for (const run of [...runs].reverse()) {
    if (run.kind === "transport" && run.result.transport)
      return { id: run.id, createdAt: run.createdAt, result: run.result.transport as TransportJson };
    if (run.kind === "validate" && (run.result.validation as ValidationJson | undefined)?.transport)
      return {
        id: run.id,
        createdAt: run.createdAt,
        result: (run.result.validation as ValidationJson).transport as TransportJson,
      };
  }
  return null;
}

function sendLabError(reply: FastifyReply, err: unknown) {
  if (err instanceof ModelNotFound || err instanceof PatientNotFound || err instanceof ReportNotAvailable)
    return reply.status(404).send({ error: "not_found", message: err.message });
  if (err instanceof WhatIfError)
    return reply.status(400).send({ error: "invalid_what_if", message: err.message });
  if (err instanceof RangeError)
    return reply.status(422).send({ error: "cannot_predict", message: err.message });
  throw err;
}

export function registerLabRoutes(app: FastifyInstance, options: LabRouteOptions): void {
  const { store, actorFor } = options;

  app.get(
    "/api/lab/models",
    {
      schema: {
        summary:
          "The registry's models (newest version of each) with their newest validation, and the demo training status",
        response: { 200: anyObject },
      },
    },
    async () => {
      const all = await listModels(store);
      const seen = new Set<string>();
      const models = [];
      for (const m of all) {
        if (seen.has(m.name)) continue;
        seen.add(m.name);
        const record = (await getModel(store, m.name, m.version))!;
        const runs = await listModelRuns(store, m.name, m.version);
        models.push({
          name: m.name,
          version: m.version,
          endpoint: record.spec.endpoint,
          event: m.metrics.event,
          landmark: record.spec.landmark,
          cohort: record.spec.cohort,
          learner: record.spec.learner.kind,
          ...(record.spec.horizonMonths !== null ? { horizonMonths: record.spec.horizonMonths } : {}),
          ...(record.spec.cause !== null ? { cause: record.spec.cause } : {}),
          createdAt: m.createdAt,
          n: m.metrics.n,
          nEvents: m.metrics.nEvents,
          apparentAuc: m.metrics.apparent.auc,
          validation: validationOf(newest(runs, "validate")),
          transportRunId: transportOf(runs)?.id ?? null,
        });
      }
      return { models, demoTraining: options.demoTraining() };
    },
  );

  app.get<{ Params: { name: string }; Querystring: { version?: number } }>(
    "/api/lab/models/:name",
    {
      schema: {
        summary:
          "One model version: spec, training metrics, versions, runs, the newest validation and transport analysis, and global SHAP explanations",
        params: { type: "object", properties: { name: modelName } },
        querystring: { type: "object", properties: { version: { type: "integer", minimum: 1 } } },
        response: { 200: anyObject, 404: errorSchema },
      },
    },
    async (req, reply) => {
      const record = await getModel(store, req.params.name, req.query.version);
      if (!record)
        return reply.status(404).send({ error: "not_found", message: `no model "${req.params.name}"` });
      const versions = (await listModels(store, record.name)).map((v) => ({
        version: v.version,
        createdAt: v.createdAt,
      }));
      const runs = await listModelRuns(store, record.name, record.version);
      const validation = newest(runs, "validate");
      let explanations = null;
      try {
        explanations = await globalExplanations(store, actorFor(), record);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
      }
      return {
        model: record,
        versions,
        runs: runs.map((r) => ({ id: r.id, kind: r.kind, createdAt: r.createdAt, jobId: r.jobId })),
        validation: validation
          ? { id: validation.id, createdAt: validation.createdAt, result: validation.result.validation }
          : null,
        transport: transportOf(runs),
        explanations,
      };
    },
  );

  const predictBody = {
    type: "object",
    required: ["patient", "model"],
    additionalProperties: false,
    properties: {
      patient: patientId,
      model: modelName,
      version: { type: "integer", minimum: 1 },
      whatIf: {
        type: "object",
        additionalProperties: { anyOf: [{ type: "number" }, { type: "string" }, { type: "null" }] },
      },
    },
  };

  app.post<{
    Body: {
      patient: string;
      model: string;
      version?: number;
      whatIf?: Record<string, number | string | null>;
    };
  }>(
    "/api/lab/predict",
    {
      schema: {
        summary:
          "One patient's prediction: probability, bootstrap interval, conformal set, SHAP, reasons, modalities, missing inputs, similar patients; `whatIf` replaces inputs",
        body: predictBody,
        response: { 200: anyObject, 400: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (req, reply) => {
      const actor = actorFor();
      try {
        const prediction = await predictPatient(store, actor, req.body.model, req.body.patient, {
          ...(req.body.version !== undefined ? { version: req.body.version } : {}),
          ...(req.body.whatIf ? { whatIf: req.body.whatIf } : {}),
        });
        const logged = await logPrediction(store, actor, systemClock, prediction);
        return { ...prediction, prediction_id: logged.id };
      } catch (err) {
        return sendLabError(reply, err);
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/patients/:id/predictions",
    {
      schema: {
        summary:
          "The patient's predictions from each demo model that exists (cr-day90, pfs-12m, crs-grade3, icans-grade3)",
        params: { type: "object", properties: { id: patientId } },
        response: { 200: anyObject, 404: errorSchema },
      },
    },
    async (req, reply) => {
      const actor = actorFor();
      const predictions: (
        | { model: string; prediction: PatientPrediction & { prediction_id: string } }
        | { model: string; error: string }
      )[] = [];
      for (const name of DEMO_MODEL_NAMES) {
        if (!(await getModel(store, name))) continue;
        try {
          const prediction = await predictPatient(store, actor, name, req.params.id);
          const logged = await logPrediction(store, actor, systemClock, prediction);
          predictions.push({ model: name, prediction: { ...prediction, prediction_id: logged.id } });
        } catch (err) {
          if (err instanceof PatientNotFound)
            return reply.status(404).send({ error: "not_found", message: err.message });
          if (!(err instanceof RangeError)) throw err;
          predictions.push({ model: name, error: err.message });
        }
      }
      return { predictions };
    },
  );

  app.get<{ Params: { id: string; format: "html" | "pdf" } }>(
    "/api/lab/runs/:id/report.:format",
    {
      schema: {
        summary:
          "The TRIPOD+AI study report of a validation run, generated from the stored run (HTML, or PDF made without a browser)",
        params: {
          type: "object",
          properties: {
            id: { type: "string", pattern: "^[0-9a-f-]{36}$" },
            format: { type: "string", enum: ["html", "pdf"] },
          },
        },
        response: { 404: errorSchema },
      },
    },
    async (req, reply) => {
      try {
        const input = await studyReportInputFromStore(store, actorFor(), req.params.id, {
          generatedAt: systemClock(),
          studyName: options.studyName,
        });
        if (req.params.format === "html")
          return reply.type("text/html; charset=utf-8").send(studyReportHtml(input));
        const pdf = await studyReportPdf(input);
        return reply
          .type("application/pdf")
          .header(
            "content-disposition",
            `inline; filename="tripod-ai-${input.model.name}-v${input.model.version}.pdf"`,
          )
          .send(Buffer.from(pdf));
      } catch (err) {
        return sendLabError(reply, err);
      }
    },
  );

  app.get<{ Params: { id: string }; Querystring: { whatIf?: string } }>(
    "/api/patients/:id/decision-report.pdf",
    {
      schema: {
        summary:
          "The one-page decision-support report of a patient (every demo model, with what-if inputs as URL-encoded JSON); each prediction is logged",
        params: { type: "object", properties: { id: patientId } },
        querystring: { type: "object", properties: { whatIf: { type: "string", maxLength: 4000 } } },
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply) => {
      let whatIf: Record<string, unknown> | undefined;
      if (req.query.whatIf) {
        try {
          whatIf = JSON.parse(req.query.whatIf);
        } catch {
          return reply
            .status(400)
            .send({ error: "invalid_what_if", message: "whatIf must be a JSON object" });
        }
        if (whatIf === null || typeof whatIf !== "object" || Array.isArray(whatIf))
          return reply
            .status(400)
            .send({ error: "invalid_what_if", message: "whatIf must be a JSON object" });
      }
      const actor = actorFor();
      try {
        const { input, predictions } = await decisionReportInputFromStore(store, actor, req.params.id, {
          generatedAt: systemClock(),
          ...(whatIf ? { whatIf } : {}),
        });
        for (const p of predictions) await logPrediction(store, actor, systemClock, p);
        const pdf = await decisionReportPdf(input);
        return reply
          .type("application/pdf")
          .header("content-disposition", `inline; filename="decision-${req.params.id}.pdf"`)
          .send(Buffer.from(pdf));
      } catch (err) {
        return sendLabError(reply, err);
      }
    },
  );
}
