import { STUDY_DICTIONARY, type VariableDef } from "@carta/clinical";

/**
 * JSON schemas for the API, built from the study dictionary so that the documented and validated
 * shapes cannot drift from the variables they carry.
 */
export function valueSchemaOf(v: VariableDef): Record<string, unknown> {
  switch (v.type) {
    case "number":
      return { type: "number", ...(v.range ? { minimum: v.range.min, maximum: v.range.max } : {}) };
    case "integer":
      return { type: "integer", ...(v.range ? { minimum: v.range.min, maximum: v.range.max } : {}) };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "code":
      return { type: "string", enum: v.codes!.map((c) => c.code) };
    case "text":
      return { type: "string" };
  }
}

const variableIds = STUDY_DICTIONARY.variables.map((v) => v.id);
const timePointIds = STUDY_DICTIONARY.timePoints.map((t) => t.id);
const cohort = { type: "string", enum: ["2L", "3L+"] };
const consent = { type: "string", enum: ["consented", "withdrawn"] };
const nullableString = { type: ["string", "null"] };
const nullableNumber = { type: ["number", "null"] };

/** One observation: `value` must match its variable's declared type (a oneOf over the dictionary). */
export const observationSchema = {
  type: "object",
  required: ["variable", "label", "timePoint", "value", "display", "version", "recordedAt", "recordedBy"],
  properties: {
    variable: { type: "string", enum: variableIds },
    label: { type: "string" },
    timePoint: { type: "string", enum: timePointIds },
    value: { type: ["number", "string", "boolean"] },
    display: { type: "string" },
    unit: nullableString,
    form: { type: "string" },
    version: { type: "integer", minimum: 1 },
    recordedAt: { type: "string" },
    recordedBy: { type: "string" },
  },
};

export const patientListItemSchema = {
  type: "object",
  required: ["id", "center", "cohort", "synthetic", "consent"],
  properties: {
    id: { type: "string" },
    center: { type: "string" },
    centerName: { type: "string" },
    cohort,
    consent,
    synthetic: { type: "boolean" },
    enrolledOn: nullableString,
    product: nullableString,
    ageYears: nullableNumber,
  },
};

export const patientListSchema = {
  type: "object",
  required: ["total", "patients"],
  properties: {
    total: { type: "integer" },
    limit: { type: "integer" },
    offset: { type: "integer" },
    patients: { type: "array", items: patientListItemSchema },
  },
};

export const patientQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
    offset: { type: "integer", minimum: 0, default: 0 },
    cohort,
    center: { type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" },
  },
};

const derivedSchema = {
  type: "object",
  properties: {
    variable: { type: "string" },
    label: { type: "string" },
    timePoint: { type: "string" },
    value: { type: ["number", "string", "boolean", "null"] },
    display: { type: "string" },
    reason: { type: "string" },
    entered: {
      type: "object",
      description: "What the site entered for the same variable and time point, and whether it agrees",
      properties: { display: { type: "string" }, agrees: { type: "boolean" } },
    },
  },
};

export const patientDetailSchema = {
  type: "object",
  required: ["id", "center", "cohort", "synthetic", "sections", "derived", "timeline", "labs"],
  properties: {
    id: { type: "string" },
    center: { type: "string" },
    centerName: { type: "string" },
    cohort,
    consent,
    synthetic: { type: "boolean" },
    enrolledOn: nullableString,
    sections: {
      type: "array",
      items: {
        type: "object",
        properties: {
          form: { type: "string" },
          label: { type: "string" },
          observations: { type: "array", items: observationSchema },
        },
      },
    },
    derived: { type: "array", items: derivedSchema },
    timeline: {
      type: "array",
      items: {
        type: "object",
        properties: {
          date: { type: "string" },
          studyDay: { type: ["integer", "null"] },
          event: { type: "string" },
          label: { type: "string" },
          detail: nullableString,
        },
      },
    },
    labs: {
      type: "array",
      items: {
        type: "object",
        properties: {
          variable: { type: "string" },
          label: { type: "string" },
          unit: nullableString,
          range: {
            type: ["object", "null"],
            properties: { min: { type: "number" }, max: { type: "number" } },
          },
          points: {
            type: "array",
            items: {
              type: "object",
              properties: {
                timePoint: { type: "string" },
                studyDay: { type: "number" },
                value: { type: "number" },
              },
            },
          },
        },
      },
    },
  },
};

const perCohort = (schema: Record<string, unknown>) => ({
  type: "object",
  properties: { "2L": schema, "3L+": schema },
});

export const cohortSummarySchema = {
  type: "object",
  required: ["centers", "cohorts"],
  properties: {
    centers: { type: "integer" },
    allSynthetic: { type: "boolean" },
    syntheticPatients: { type: "integer" },
    cohorts: perCohort({
      type: "object",
      properties: {
        patients: { type: "integer" },
        infused: { type: "integer" },
        consentWithdrawn: { type: "integer" },
        centers: { type: "integer" },
      },
    }),
    byCenter: {
      type: "array",
      items: {
        type: "object",
        properties: {
          center: { type: "string" },
          name: { type: "string" },
          counts: perCohort({ type: "integer" }),
        },
      },
    },
    enrolment: {
      type: "array",
      items: {
        type: "object",
        properties: { month: { type: "string" }, counts: perCohort({ type: "integer" }) },
      },
    },
    table1: { type: "array", items: { type: "object", additionalProperties: true } },
  },
};

export const dictionarySchema = {
  type: "object",
  properties: {
    format: { type: "string" },
    version: { type: "integer" },
    study: { type: "string" },
    timePoints: { type: "array", items: { type: "object", additionalProperties: true } },
    forms: { type: "array", items: { type: "object", additionalProperties: true } },
    variables: { type: "array", items: { type: "object", additionalProperties: true } },
    dateOrder: { type: "array", items: { type: "object", additionalProperties: true } },
  },
};

export const errorSchema = {
  type: "object",
  properties: { error: { type: "string" }, message: { type: "string" } },
};
