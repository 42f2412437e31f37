import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, NOT_COMPUTED, percent } from "../../text/format.js";
import type { StudyFacts } from "../studyFacts.js";

const SHOWN = 15;

/** How much the predictors' importance depends on the sample (bootstrap refits; DESIGN.md "global importance with its bootstrap stability"). */
export function stabilitySection(facts: StudyFacts): ReportSection {
  const s = facts.validation.stability ?? null;
  const competing = facts.survival?.competing ?? null;
  const blocks: ReportBlock[] = [];
  if (!s) {
    blocks.push(note(`Stability of the predictors: ${NOT_COMPUTED}.`));
  } else {
    const top = [...s.features]
      .sort((a, b) => a.medianRank - b.medianRank || b.selectedFraction - a.selectedFraction)
      .slice(0, SHOWN);
    blocks.push(
      paragraph(
        `Importance ranks over ${s.replicates} bootstrap refits (${s.method}). A predictor selected in most refits with a narrow rank interval is a stable finding; a wide interval means its place depends on the sample.${competing ? ` The importance is that of the cause-specific model of ${competing.cause.short}, on its log hazard: it does not say how much a predictor moves the cumulative incidence, which also depends on the model of ${competing.cause.competing}.` : ""}`,
      ),
      table(
        ["Predictor", right("Selected"), right("Median rank"), right("Rank interval"), right("In top 5")],
        top.map((f) => [
          facts.labelOf(f.feature),
          percent(f.selectedFraction),
          fixed(f.medianRank, 1),
          `${fixed(f.rankLower, 0)}–${fixed(f.rankUpper, 0)}`,
          percent(f.top5Fraction),
        ]),
        s.features.length > SHOWN
          ? `The ${SHOWN} best-ranked of ${s.features.length} predictors`
          : "Predictors by median rank",
      ),
    );
  }
  return { id: "stability", heading: "Stability of the predictors", tripod: ["12c"], blocks };
}
