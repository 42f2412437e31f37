import { note, type ReportBlock, right, table } from "../../document/reportDocument.js";
import { fixed, plural } from "../../text/format.js";
import { competingIndexLabel } from "../competingWording.js";
import type { StudyFacts } from "../studyFacts.js";
import { survivalIndexLabel } from "../studyWording.js";

/** The bootstrap optimism of the run's indexes, named as the model family names them, with the replicates that failed. */

export function optimismRow(facts: StudyFacts, index: string) {
  return facts.validation.optimism.indexes.find((i) => i.index === index) ?? null;
}

function indexLabel(facts: StudyFacts, index: string): string {
  const s = facts.survival;
  if (!s) return index;
  const name = s.competing
    ? competingIndexLabel(index, s.competing.cause, s.horizonMonths)
    : survivalIndexLabel(index, s.horizonMonths);
  return `${name} [${index}]`;
}

export function optimismTable(facts: StudyFacts): ReportBlock {
  const o = facts.validation.optimism;
  return table(
    ["Index", right("Apparent"), right("Optimism"), right("Corrected"), right("Replicates used")],
    o.indexes.map((i) => [
      indexLabel(facts, i.index),
      fixed(i.apparent, 3),
      fixed(i.optimism, 3),
      fixed(i.corrected, 3),
      String(i.n),
    ]),
    `Bootstrap optimism correction (${o.fitted} of ${o.replicates} replicates fitted)`,
  );
}

export function failuresNote(facts: StudyFacts): ReportBlock[] {
  const o = facts.validation.optimism;
  if (o.failures.length === 0) return [];
  return [
    note(
      `${plural(o.failures.length, "replicate")} could not be fitted: ${o.failures
        .slice(0, 5)
        .map((f) => `#${f.replicate} ${f.reason}`)
        .join("; ")}${o.failures.length > 5 ? "; …" : ""}.`,
    ),
  ];
}
