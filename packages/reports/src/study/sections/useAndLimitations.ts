import { list, paragraph, type ReportSection } from "../../document/reportDocument.js";
import { causeIncidence } from "../competingWording.js";
import { studyLimitations } from "../limitations.js";
import type { StudyFacts } from "../studyFacts.js";
import type { StudyReportInput } from "../studyReportInput.js";
import { learnerWording, months } from "../studyWording.js";

export function useSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  const missing = learnerWording(facts.learnerKind).missingAtPrediction;
  const next = ["External validation in independent data: every estimate here is internal to this study."];
  const competing = facts.survival?.competing ?? null;
  if (!facts.transport)
    next.push(
      competing
        ? "A 3L+ → 2L transport analysis for competing risks (Aalen–Johansen-based performance in 2L), not run for this model, to see whether the model holds in second line."
        : "A 3L+ → 2L transport analysis, to see whether the model holds in second line.",
    );
  if (Number.isFinite(facts.eventsPerPredictor) && facts.eventsPerPredictor < 10)
    next.push("More events, or fewer candidate predictors, before the model's effects are interpreted.");
  const loco = facts.validation.loco;
  const pooled = facts.survival && !competing ? loco?.pooledHarrellC : loco?.pooledAuc;
  if (pooled && pooled.piLower !== null && pooled.piUpper !== null && pooled.piUpper - pooled.piLower > 0.3) {
    next.push(
      "A look at the centres whose performance departs from the pooled estimate, before use in a new centre.",
    );
  }
  const what = competing
    ? `the ${causeIncidence(competing.cause, facts.survival!.horizonMonths)} with ${competing.cause.competing} competing (from both cause-specific Cox models and their stored Breslow baselines), the features' SHAP contributions to the cause-specific log hazard of ${competing.cause.short} as reasons (the hazard of ${competing.cause.competing} held at the patient's own), a bootstrap interval of the incidence (how much it depends on the training sample) and a split-conformal prediction set for the status at the horizon (the competing event counting as no event)`
    : facts.survival
      ? `the risk of ${input.model.metrics.event} (1 − S(${months(facts.survival.horizonMonths)}) from the linear predictor and the stored Breslow baseline), the features' SHAP contributions to the log relative hazard as reasons, a bootstrap interval of the risk (how much it depends on the training sample) and a split-conformal prediction set for the status at the horizon`
      : `the probability of ${input.model.metrics.event}, the features' SHAP contributions as reasons, a bootstrap interval of the probability (how much it depends on the training sample) and a split-conformal prediction set`;
  return {
    id: "use",
    heading: "Using the model",
    tripod: ["12g", "15", "27a", "27b", "27c"],
    blocks: [
      paragraph(
        `Predictions are computed by carta from the stored version (${input.model.name} v${input.model.version}; "carta predict", or the HTTP API): ${what}.`,
      ),
      paragraph(
        `Input data are read from the study store at the model's landmark, with the user's access scope, so users do not enter or transform values; they may try what-if values, which the patient report lists next to the recorded ones. ${missing}`,
      ),
      paragraph("Next steps:"),
      list(next),
    ],
  };
}

export function limitationsSection(input: StudyReportInput, facts: StudyFacts): ReportSection {
  return {
    id: "limitations",
    heading: "Limitations",
    tripod: ["26"],
    blocks: [paragraph("Written from the facts of this run:"), list(studyLimitations(input, facts))],
  };
}
