import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isScoreScaleId,
  SCORE_SCALE_IDS,
  SCORE_SCALES,
  ScoreInputError,
  STUDY_DICTIONARY,
  schemaDocument,
} from "@carta/clinical";
import {
  type Actor,
  ANONYMOUS_DEMO_VISITOR,
  type Cohort,
  type CohortSummary,
  cohortSummary,
  type DemoTrainingStatus,
  listPatients,
  patientDetail,
  type Store,
} from "@carta/engine";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { registerLabRoutes } from "./labRoutes.js";
import {
  cohortSummarySchema,
  dictionarySchema,
  errorSchema,
  patientDetailSchema,
  patientListSchema,
  patientQuerySchema,
} from "./schemas.js";

export interface ServerOptions {
  store: Store;
  /** Who API callers act as; until login exists, the anonymous demo visitor (synthetic patients only). */
  actorFor?: () => Actor;
  /** Folder of the built web UI; defaults to packages/web/dist beside this package. */
  webDir?: string;
  logger?: boolean;
  /** The study's name on reports. */
  studyName?: string;
  /** The demo models' background training (the model-lab page shows it); default: none running. */
  demoTraining?: () => DemoTrainingStatus;
}

export const DEFAULT_WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "web", "dist");

/**
 * The HTTP server: JSON API under /api (OpenAPI at /api/docs, schemas built from the dictionary) and
 * the web UI as static files, with unknown non-API paths answered by the UI's index.html.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const actorFor = options.actorFor ?? (() => ANONYMOUS_DEMO_VISITOR);
  // Request logs carry method, URL and status only: patient ids are pseudonymous, and no body is logged.
  const summaryCache = new Map<string, { seq: number; summary: CohortSummary }>();
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "carta API",
        version: "0.1.0",
        description:
          "CAR-T analytics for the 2L LBCL study. Until login arrives the API serves the synthetic demo study only.",
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error(err);
    reply.status(status).send({
      error: err.validation ? "bad_request" : status >= 500 ? "internal_error" : "error",
      message: status >= 500 ? "internal server error" : err.message,
    });
  });

  app.get(
    "/api/health",
    {
      schema: {
        response: {
          200: { type: "object", properties: { status: { type: "string" }, store: { type: "string" } } },
        },
      },
    },
    async () => ({ status: "ok", store: store.dialect }),
  );

  app.get(
    "/api/dictionary",
    {
      schema: {
        summary: "The study dictionary (every variable, form and time point)",
        response: { 200: dictionarySchema },
      },
    },
    async () => STUDY_DICTIONARY,
  );

  app.get<{ Querystring: { limit?: number; offset?: number; cohort?: Cohort; center?: string } }>(
    "/api/patients",
    {
      schema: {
        summary: "Patients the caller may read, one page at a time",
        querystring: patientQuerySchema,
        response: { 200: patientListSchema, 400: errorSchema },
      },
    },
    async (req) => listPatients(store, actorFor(), req.query),
  );

  app.get<{ Params: { id: string } }>(
    "/api/patients/:id",
    {
      schema: {
        summary: "One patient: baseline, derived scores with reasons, timeline, labs, every current value",
        params: {
          type: "object",
          properties: { id: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$" } },
        },
        response: { 200: patientDetailSchema, 404: errorSchema },
      },
    },
    async (req, reply) => {
      const detail = await patientDetail(store, actorFor(), req.params.id);
      if (!detail)
        return reply.status(404).send({ error: "not_found", message: `no patient ${req.params.id}` });
      return detail;
    },
  );

  app.get(
    "/api/cohort/summary",
    {
      schema: {
        summary: "The study at a glance: patients per centre and cohort, enrolment, table 1 by cohort",
        response: { 200: cohortSummarySchema },
      },
    },
    async () => {
      // Every change to the data is an audited write, so the audit head's sequence number tells
      // whether a cached summary is still current; the summary reads the whole study and is the
      // first page's heaviest call.
      const actor = actorFor();
      const head = await store.db
        .selectFrom("audit_head")
        .select("seq")
        .where("id", "=", 1)
        .executeTakeFirstOrThrow();
      const key = JSON.stringify([actor.memberships, actor.syntheticOnly]);
      const cached = summaryCache.get(key);
      if (cached && cached.seq === head.seq) return cached.summary;
      const summary = await cohortSummary(store, actor);
      summaryCache.set(key, { seq: head.seq, summary });
      return summary;
    },
  );

  // Clinical calculators: the same scales and JSON contract as `carta score` (clinical-reference.md §B).
  app.get(
    "/api/scales",
    {
      schema: {
        summary: "Every clinical scale: accepted fields with units and ranges, outputs, rules and citation",
        response: {
          200: {
            type: "object",
            properties: { scales: { type: "array", items: { type: "object", additionalProperties: true } } },
          },
        },
      },
    },
    async () => ({ scales: SCORE_SCALE_IDS.map((id) => schemaDocument(SCORE_SCALES[id].schema)) }),
  );

  app.post<{ Params: { scale: string }; Body: Record<string, unknown> }>(
    "/api/scales/:scale",
    {
      schema: {
        summary:
          "Score one assessment: the scale's outputs, the reason (which criterion set the grade) and unit conversions",
        params: { type: "object", properties: { scale: { type: "string", enum: [...SCORE_SCALE_IDS] } } },
        body: { type: "object" },
        response: {
          200: { type: "object", additionalProperties: true },
          400: {
            type: "object",
            properties: {
              error: { type: "string" },
              message: { type: "string" },
              issues: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    field: { type: "string" },
                    rule: { type: "string" },
                    message: { type: "string" },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { scale } = req.params;
      if (!isScoreScaleId(scale))
        return reply.status(404).send({ error: "not_found", message: `no scale ${scale}` });
      try {
        return SCORE_SCALES[scale].score(req.body);
      } catch (err) {
        if (err instanceof ScoreInputError) {
          return reply.status(400).send({ error: "invalid_input", message: err.message, issues: err.issues });
        }
        throw err;
      }
    },
  );

  registerLabRoutes(app, {
    store,
    studyName: options.studyName ?? "CAR-T in second-line LBCL (carta demo study)",
    actorFor,
    demoTraining: options.demoTraining ?? (() => ({ state: "none", models: [] })),
  });

  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  if (existsSync(join(webDir, "index.html"))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith("/api/")) {
        return reply.status(404).send({ error: "not_found", message: `no route ${req.method} ${req.url}` });
      }
      return reply.sendFile("index.html");
    });
  } else {
    app.get("/", async (_req, reply) =>
      reply
        .status(503)
        .type("text/plain")
        .send(
          `The web UI is not built (${webDir} has no index.html): run \`npm run build\`. The API is at /api.`,
        ),
    );
  }
  return app;
}
