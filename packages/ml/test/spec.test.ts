import { describe, expect, it } from "vitest";
import { featureSpecOf, ModelSpecError, modelSpecJson, readModelSpec } from "../src/spec/modelSpec.js";

const valid = {
  format: "carta.model-spec",
  version: 1,
  name: "cr90-infusion-gbm",
  endpoint: "cr_day90",
  cohort: "both",
  landmark: "infusion",
  features: { variables: ["ldh_u_per_l", "ecog_ps"], derived: ["ipi"] },
  learner: { kind: "boosted-trees", grid: [{ rounds: 20, maxDepth: 2, learningRate: 0.3 }] },
  validation: {
    outerFolds: 3,
    innerFolds: 2,
    bootstrapReplicates: 5,
    transport: { development: "3L+", target: "2L" },
  },
};

function errorsOf(json: unknown): readonly string[] {
  try {
    readModelSpec(json, "spec.json");
  } catch (err) {
    expect(err).toBeInstanceOf(ModelSpecError);
    return (err as ModelSpecError).errors;
  }
  throw new Error("the spec was accepted");
}

describe("readModelSpec", () => {
  it("reads a valid spec and fills in the validation defaults", () => {
    const spec = readModelSpec(valid);
    expect(spec.endpoint).toBe("cr_day90");
    expect(spec.learner).toEqual({
      kind: "boosted-trees",
      grid: [{ rounds: 20, learningRate: 0.3, maxDepth: 2 }],
    });
    expect(spec.validation).toEqual({
      outerFolds: 3,
      innerFolds: 2,
      bootstrapReplicates: 5,
      leaveOneCenterOut: true,
      locoMinEvents: 5,
      transport: { development: "3L+", target: "2L" },
      seed: 1,
    });
  });

  it("gives the feature spec the table is built from", () => {
    expect(featureSpecOf(readModelSpec(valid))).toEqual({
      landmark: "infusion",
      endpoint: "cr_day90",
      variables: ["ldh_u_per_l", "ecog_ps"],
      derived: ["ipi"],
    });
  });

  it("canonical JSON reads back to the same spec, whatever the field order given", () => {
    const reordered = {
      ...valid,
      learner: { grid: [{ learningRate: 0.3, maxDepth: 2, rounds: 20 }], kind: "boosted-trees" },
    };
    const a = modelSpecJson(readModelSpec(valid));
    expect(JSON.stringify(modelSpecJson(readModelSpec(reordered)))).toBe(JSON.stringify(a));
    expect(readModelSpec(a)).toEqual(readModelSpec(valid));
  });

  it("refuses unknown fields at every level by their path", () => {
    const errors = errorsOf({
      ...valid,
      colour: "red",
      features: { variables: [], extra: 1 },
      learner: { kind: "boosted-trees", grid: [{ rounds: 5, eta: 0.1 }] },
      validation: { folds: 3 },
    });
    expect(errors).toEqual([
      'spec.json: unknown field "colour"',
      'spec.json: unknown field "features.extra"',
      'spec.json: unknown field "learner.grid[0].eta"',
      'spec.json: unknown field "validation.folds"',
    ]);
  });

  it("refuses bad values naming the field", () => {
    const errors = errorsOf({
      ...valid,
      version: 2,
      name: "Bad Name",
      endpoint: "efs",
      landmark: "day90",
      learner: { kind: "elastic-net-logistic", grid: [{ lambda: -1 }] },
      validation: { outerFolds: 1, leaveOneCenterOut: "yes" },
    });
    expect(errors.map((e) => e.split(" ")[1])).toEqual([
      "version",
      "name",
      "endpoint",
      "landmark",
      "learner.grid[0].alpha",
      "learner.grid[0].lambda",
      "validation.outerFolds",
      "validation.leaveOneCenterOut",
    ]);
    expect(errors[2]).toContain(
      "cr_day90, crs_grade3, icans_grade3, pfs_event_by_6m, pfs_event_by_12m, pfs, os",
    );
  });

  it("refuses transport other than 3L+ → 2L, and transport within one cohort", () => {
    expect(errorsOf({ ...valid, validation: { transport: { development: "2L", target: "3L+" } } })).toEqual([
      'spec.json: validation.transport.development must be "3L+" (version 1 transports 3L+ → 2L), got "2L"',
      'spec.json: validation.transport.target must be "2L" (version 1 transports 3L+ → 2L), got "3L+"',
    ]);
    expect(errorsOf({ ...valid, cohort: "2L" })).toEqual([
      'spec.json: validation.transport needs cohort "both" (rows of 3L+ and 2L), but cohort is "2L"',
    ]);
  });

  it("refuses a non-object and an empty grid", () => {
    expect(errorsOf([])).toEqual(["spec.json: expected a JSON object"]);
    expect(errorsOf({ ...valid, learner: { kind: "boosted-trees", grid: [] } })).toEqual([
      "spec.json: learner.grid must be a non-empty list of hyperparameter objects",
    ]);
  });
});
