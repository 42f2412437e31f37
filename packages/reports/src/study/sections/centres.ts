import { SMALL_CENTRES } from "@carta/ml";
import { forestPlot, pooledForestRow } from "../../charts/forestPlot.js";
import {
  note,
  paragraph,
  type ReportBlock,
  type ReportSection,
  right,
  table,
} from "../../document/reportDocument.js";
import { fixed, plural, range, withCi } from "../../text/format.js";
import type { StudyFacts } from "../studyFacts.js";
import type { StoredLoco } from "../studyReportInput.js";
import { HARRELL_C, months, timeDependentAuc } from "../studyWording.js";
import { competingCentresBlocks } from "./competingSections.js";

type Pooled = NonNullable<StoredLoco["pooledAuc"]>;

function pooledText(name: string, p: Pooled | null, digits = 2): string {
  if (!p) return `${name}: not estimable (fewer than two groups with a value)`;
  const pi =
    p.piLower !== null && p.piUpper !== null
      ? `; 95% prediction interval ${range(p.piLower, p.piUpper, digits)}`
      : "; no prediction interval (fewer than 3 groups)";
  return `${name} ${withCi(p.estimate, p.ciLower, p.ciUpper, digits)}${pi}; τ = ${fixed(p.tau, 3)}, I² = ${fixed(p.i2, 0)}%, ${plural(p.k, "group")}`;
}

const HEADING = "Heterogeneity across centres (leave-one-centre-out)";
const TRIPOD = ["12d", "23b"];

/** The small-centres and left-out paragraphs both model families share. */
function poolingNotes(facts: StudyFacts, loco: StoredLoco): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  if (facts.smallCentres.length > 0) {
    const group = loco.groups.find((g) => g.label === SMALL_CENTRES);
    blocks.push(
      paragraph(
        `Centres below that minimum are not held out alone: ${facts.smallCentres.join(", ")} were pooled into one held-out group, labelled "${SMALL_CENTRES}"${group ? ` (${group.n} patients, ${plural(group.nEvents, "event")})` : ""}, and it is reported as one row below.`,
      ),
    );
  }
  if (loco.leftOut) {
    blocks.push(
      note(
        `Left out of this analysis: ${loco.leftOut.centers.join(", ")} (${loco.leftOut.n} patients, ${plural(loco.leftOut.nEvents, "event")}): ${loco.leftOut.reason}.`,
      ),
    );
  }
  return blocks;
}

/**
 * A time-to-event model's leave-one-centre-out: each held-out group's Harrell's C, pooled on the logit
 * scale with its prediction interval in the forest plot (van Klaveren et al., Stat Med 2014;33:2341;
 * Debray et al., BMJ 2023;380:e071018), with Uno's C, the time-dependent AUC at the horizon and the
 * calibration at the horizon in the table.
 */
function survivalCentresSection(facts: StudyFacts, loco: StoredLoco, horizon: number): ReportSection {
  const h = months(horizon);
  const blocks: ReportBlock[] = [
    paragraph(
      `Each centre with at least ${loco.minEvents} events is held out in turn; the model (first grid entry) is fitted on the other centres and scored on it. Centre C statistics are pooled by random-effects meta-analysis on the logit scale, calibration slopes as they are (Debray et al., BMJ 2023;380:e071018); the prediction interval is where ${HARRELL_C} in a new centre is expected to fall.`,
    ),
    ...poolingNotes(facts, loco),
    table(
      [
        "Held out",
        "Centres",
        right("Patients"),
        right("Events"),
        right(`${HARRELL_C} (95% CI)`),
        right(`AUC at ${h}`),
        right("Slope"),
        right(`log(O/E) at ${h}`),
      ],
      loco.groups.map((g) => {
        const c = g.performance?.survival?.harrellC;
        return [
          g.label + (g.belowMinimum ? " (below minimum, not pooled)" : ""),
          g.centers.join(", "),
          String(g.n),
          String(g.nEvents),
          c ? withCi(c.estimate, c.lower, c.upper, 2, "") : "n/a (not estimable)",
          fixed(g.performance?.auc),
          fixed(g.performance?.calibrationSlope),
          fixed(g.performance?.calibrationIntercept),
        ];
      }),
      "Leave-one-centre-out",
    ),
  ];
  const rows = loco.groups.flatMap((g) => {
    const c = g.performance?.survival?.harrellC;
    return c && Number.isFinite(c.estimate)
      ? [{ label: `${g.label} (${g.n}/${g.nEvents})`, estimate: c.estimate, lower: c.lower, upper: c.upper }]
      : [];
  });
  const p = loco.pooledHarrellC ?? null;
  if (rows.length > 0) {
    blocks.push({
      kind: "chart",
      caption: `${HARRELL_C} of each held-out group (patients/events) with 95% CI; the diamond is the random-effects pooled ${HARRELL_C} with its 95% CI, the dashed line its 95% prediction interval; the vertical line is C = 0.5 (no discrimination).${facts.smallCentres.length > 0 ? ` "${SMALL_CENTRES}" pools ${facts.smallCentres.join(", ")}.` : ""}`,
      chart: forestPlot(rows, pooledForestRow(p), { id: "loco-forest", axisName: HARRELL_C, reference: 0.5 }),
    });
  }
  blocks.push(
    paragraph(
      [
        pooledText(`Pooled ${HARRELL_C}`, p),
        pooledText(`Pooled Uno's C (truncated at ${h})`, loco.pooledUnoC ?? null),
        pooledText("Pooled calibration slope (Cox)", loco.pooledSlope),
      ].join(". ") + ".",
    ),
    note(
      `The ${timeDependentAuc(horizon)} and the calibration-in-the-large at ${h}, log(observed / mean predicted risk), are shown per group but not pooled.`,
    ),
  );
  return { id: "centres", heading: HEADING, tripod: TRIPOD, blocks };
}

/**
 * Leave-one-centre-out as internal–external validation (TRIPOD+AI 12d, 23b; Debray et al., BMJ
 * 2023;380:e071018 for the pooling): each centre, or the pooled small centres, held out in turn.
 */
export function centresSection(facts: StudyFacts): ReportSection {
  const loco = facts.validation.loco;
  if (!loco) {
    return {
      id: "centres",
      heading: HEADING,
      tripod: TRIPOD,
      blocks: [
        note(
          "Leave-one-centre-out was not run for this model (the spec turns it off): heterogeneity across centres is not available.",
        ),
      ],
    };
  }
  if (facts.survival?.competing) {
    const blocks = competingCentresBlocks(
      facts,
      loco,
      facts.survival.horizonMonths,
      facts.survival.competing,
      poolingNotes(facts, loco),
    );
    return { id: "centres", heading: HEADING, tripod: TRIPOD, blocks };
  }
  if (facts.survival) return survivalCentresSection(facts, loco, facts.survival.horizonMonths);
  const blocks: ReportBlock[] = [
    paragraph(
      `Each centre with at least ${loco.minEvents} events and ${loco.minEvents} non-events is held out in turn; the model (first grid entry) is fitted on the other centres and scored on it. Centre AUCs are pooled by random-effects meta-analysis on the logit scale, calibration slopes and intercepts as they are (Debray et al., BMJ 2023;380:e071018); the prediction interval is where the AUC in a new centre is expected to fall.`,
    ),
    ...poolingNotes(facts, loco),
  ];
  blocks.push(
    table(
      [
        "Held out",
        "Centres",
        right("Patients"),
        right("Events"),
        right("AUC (95% CI)"),
        right("Slope"),
        right("Intercept"),
      ],
      loco.groups.map((g) => [
        g.label + (g.belowMinimum ? " (below minimum, not pooled)" : ""),
        g.centers.join(", "),
        String(g.n),
        String(g.nEvents),
        g.performance
          ? withCi(g.performance.auc, g.performance.aucLower, g.performance.aucUpper, 2, "")
          : "n/a (one outcome class)",
        fixed(g.performance?.calibrationSlope),
        fixed(g.performance?.calibrationIntercept),
      ]),
      "Leave-one-centre-out",
    ),
  );
  const rows = loco.groups
    .filter((g) => g.performance !== null && Number.isFinite(g.performance.auc))
    .map((g) => ({
      label: `${g.label} (${g.n}/${g.nEvents})`,
      estimate: g.performance!.auc,
      lower: g.performance!.aucLower,
      upper: g.performance!.aucUpper,
    }));
  if (rows.length > 0) {
    const p = loco.pooledAuc;
    blocks.push({
      kind: "chart",
      caption: `AUC of each held-out group (patients/events) with 95% CI; the diamond is the random-effects pooled AUC with its 95% CI, the dashed line its 95% prediction interval; the vertical line is AUC 0.5.${facts.smallCentres.length > 0 ? ` "${SMALL_CENTRES}" pools ${facts.smallCentres.join(", ")}.` : ""}`,
      chart: forestPlot(rows, pooledForestRow(p), { id: "loco-forest", axisName: "AUC", reference: 0.5 }),
    });
  }
  blocks.push(
    paragraph(
      [
        pooledText("Pooled AUC", loco.pooledAuc),
        pooledText("Pooled calibration slope", loco.pooledSlope),
        pooledText("Pooled calibration intercept", loco.pooledIntercept),
      ].join(". ") + ".",
    ),
  );
  return { id: "centres", heading: HEADING, tripod: TRIPOD, blocks };
}
