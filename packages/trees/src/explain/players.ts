/**
 * Who receives attributions: each feature on its own, or groups of features treated as one player
 * (e.g. carta's modalities — clinical, ctDNA, blood immune cells, CAR-T product, transcriptome).
 * A group's Shapley value is computed with the group as a single player of the game, which is not
 * the sum of its members' Shapley values when the model has interactions across groups.
 */
export interface FeatureGroup {
  readonly name: string;
  /** Members, by index in the model's features or by feature name. */
  readonly features: readonly (number | string)[];
}

export interface Players {
  readonly names: readonly string[];
  /** The player of each feature. */
  readonly playerOf: Int32Array;
  readonly kind: "feature" | "group";
}

/** Groups that are not a partition of the model's features. */
export class FeatureGroupError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "FeatureGroupError";
  }
}

export function featurePlayers(featureNames: readonly string[]): Players {
  return {
    names: featureNames,
    playerOf: Int32Array.from(featureNames, (_, j) => j),
    kind: "feature",
  };
}

/** Players from groups that must partition the features: every feature in exactly one group. */
export function groupPlayers(featureNames: readonly string[], groups: readonly FeatureGroup[]): Players {
  if (groups.length === 0) throw new FeatureGroupError("groups: expected at least one group");
  const playerOf = new Int32Array(featureNames.length).fill(-1);
  const names = new Set<string>();
  groups.forEach((group, g) => {
    if (names.has(group.name))
      throw new FeatureGroupError(`groups[${g}].name: duplicate group "${group.name}"`);
    names.add(group.name);
    if (group.features.length === 0)
      throw new FeatureGroupError(`groups[${g}].features: group "${group.name}" is empty`);
    group.features.forEach((member, k) => {
      const field = `groups[${g}].features[${k}]`;
      const j = typeof member === "number" ? member : featureNames.indexOf(member);
      if (!Number.isInteger(j) || j < 0 || j >= featureNames.length) {
        throw new FeatureGroupError(
          typeof member === "number"
            ? `${field}: ${member} is not a feature index (the model has ${featureNames.length})`
            : `${field}: the model has no feature "${member}"`,
        );
      }
      if (playerOf[j] !== -1) {
        throw new FeatureGroupError(
          `${field}: feature "${featureNames[j]}" is already in group "${groups[playerOf[j]!]!.name}"`,
        );
      }
      playerOf[j] = g;
    });
  });
  const missing = featureNames.filter((_, j) => playerOf[j] === -1);
  if (missing.length > 0) {
    throw new FeatureGroupError(
      `groups: feature${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} in no group`,
    );
  }
  return { names: groups.map((g) => g.name), playerOf, kind: "group" };
}
