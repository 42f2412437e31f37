import { normalCdf, normalQuantile } from "@carta/stats";
import { beforeAll, describe, expect, it } from "vitest";
import { recordPatients, simulateStudyTruth } from "../src/generate.js";
import { MARGINALS, MISSINGNESS } from "../src/parameters.js";
import type { Cohort } from "../src/types.js";
import {
  day,
  hematotoxHigh,
  infused,
  kmAt,
  num,
  type PatientView,
  pfsMonths,
  value,
  viewPatient,
} from "./studyView.js";

/**
 * A large simulation — 20 000 apheresed patients per cohort, as four studies of 5 000 + 5 000 with
 * different seeds so that centre random effects are averaged over several draws — checked against
 * the calibration values of §D.5 (±2.5 points), the marginals of §D.2 and the missingness of §D.4.
 * Studies are recorded, summarised and dropped one at a time to keep memory flat.
 */

const SEEDS = [11, 12, 13, 14];
const PER_COHORT = 5000;

interface Tally {
  events: number;
  n: number;
}

class Summary {
  readonly tallies = new Map<string, Tally>();
  readonly samples = new Map<string, number[]>();
  readonly pfsRows = new Map<Cohort, { time: number; event: 0 | 1 }[]>([
    ["3L+", []],
    ["2L", []],
  ]);

  count(key: string, event: boolean | null | undefined): void {
    if (event === null || event === undefined) return;
    const t = this.tallies.get(key) ?? { events: 0, n: 0 };
    t.n++;
    if (event) t.events++;
    this.tallies.set(key, t);
  }

  sample(key: string, x: number | undefined): void {
    if (x === undefined) return;
    const list = this.samples.get(key) ?? [];
    list.push(x);
    this.samples.set(key, list);
  }

  rate(key: string): number {
    const t = this.tallies.get(key);
    if (!t || t.n === 0) throw new Error(`no data for ${key}`);
    return t.events / t.n;
  }

  n(key: string): number {
    return this.tallies.get(key)?.n ?? 0;
  }

  median(key: string): number {
    const list = [...(this.samples.get(key) ?? [])].sort((a, b) => a - b);
    if (list.length === 0) throw new Error(`no data for ${key}`);
    return list[Math.floor(list.length / 2)]!;
  }

  mean(key: string): number {
    const list = this.samples.get(key) ?? [];
    return list.reduce((s, x) => s + x, 0) / list.length;
  }
}

const S = new Summary();

function summarise(p: PatientView): void {
  const c = p.cohort;
  S.count(`${c} withdrawn`, p.consent === "withdrawn");
  S.count(`${c} infused`, infused(p));
  // ---- marginals (decision / pre-LD truth as recorded) ----
  S.sample(`${c} age`, num(p, "decision", "age_years"));
  S.count(`${c} male`, value(p, "decision", "sex") === "M");
  const histology = value(p, "decision", "histology") as string;
  for (const h of ["DLBCL_NOS", "HGBL_MYC_BCL2", "HGBL_NOS", "tFL", "PMBCL", "THRLBCL", "other_LBCL"]) {
    S.count(`${c} histology ${h}`, histology === h);
  }
  S.count(
    `${c} histology DLBCL group`,
    ["DLBCL_NOS", "HGBL_NOS", "THRLBCL", "other_LBCL"].includes(histology),
  );
  const coo = value(p, "decision", "cell_of_origin");
  if (histology !== "PMBCL") S.count(`${c} COO missing`, coo === undefined);
  if (histology !== "PMBCL" && histology !== "tFL" && (coo === "GCB" || coo === "non_GCB")) {
    S.count(`${c} GCB`, coo === "GCB");
  }
  const status = value(p, "decision", "disease_status_1l");
  S.count(`${c} primary refractory`, status === "primary_refractory");
  const lines = num(p, "decision", "prior_lines_count")!;
  for (const k of [1, 2, 3]) S.count(`${c} prior lines ${k}`, lines === k);
  S.count(`${c} prior lines ≥4`, lines >= 4);
  S.count(`${c} prior ASCT`, value(p, "decision", "prior_asct") === true);
  const bridging = value(p, "bridging", "bridging_type") as string;
  for (const b of ["none", "chemoimmuno", "pola_based", "radiotherapy", "steroids_only"]) {
    S.count(`${c} bridging ${b}`, bridging === b);
  }
  const bridgingResponse = value(p, "bridging", "bridging_response");
  if (bridging !== "none")
    S.count(`${c} bridging response not assessed`, bridgingResponse === "not_assessed");
  if (bridgingResponse !== undefined && bridgingResponse !== "not_assessed") {
    S.count(`${c} bridging PMD`, bridgingResponse === "PMD");
  }
  const product = value(p, "apheresis", "product") as string;
  for (const x of ["axi_cel", "tisa_cel", "liso_cel"]) S.count(`${c} product ${x}`, product === x);
  S.count(`${c} MTV decision missing`, !p.values.has("decision:mtv_ml"));
  if (!infused(p)) return;

  S.sample(`${c} ${product} vein-to-vein`, num(p, "d0", "vein_to_vein_days"));
  const ecog = num(p, "pre_ld", "ecog_ps");
  if (ecog !== undefined) for (const k of [0, 1, 2, 3]) S.count(`${c} ECOG ${k}`, ecog === k);
  S.count(`${c} stage III–IV`, num(p, "pre_ld", "ann_arbor_stage")! >= 3);
  const en = num(p, "pre_ld", "extranodal_sites_count")!;
  for (const k of [0, 1, 2]) S.count(`${c} EN ${k}`, en === k);
  S.count(`${c} EN ≥3`, en >= 3);
  const ldh = num(p, "pre_ld", "ldh_u_per_l");
  if (ldh !== undefined) S.count(`${c} LDH > ULN`, ldh > num(p, "pre_ld", "ldh_uln_u_per_l")!);
  S.sample(`${c} MTV`, num(p, "pre_ld", "mtv_ml"));
  S.sample(`${c} CRP`, num(p, "pre_ld", "crp_mg_l"));
  S.sample(`${c} ferritin`, num(p, "pre_ld", "ferritin_ng_ml"));
  S.sample(`${c} platelets`, num(p, "pre_ld", "platelets_10e9_l"));
  S.sample(`${c} Hb`, num(p, "pre_ld", "hemoglobin_g_dl"));
  S.sample(`${c} ANC`, num(p, "pre_ld", "anc_10e9_l"));
  S.sample(`${c} albumin`, num(p, "pre_ld", "albumin_g_dl"));
  S.sample(`${c} creatinine`, num(p, "pre_ld", "creatinine_mg_dl"));
  S.sample(`${c} IL-6`, num(p, "pre_ld", "il6_pg_ml"));
  S.sample(`${c} product naive-like`, num(p, "d0", "product_naive_like_cd8_pct"));
  S.sample(`${c} M-MDSC`, num(p, "pre_ld", "mmdsc_pct_pbmc"));
  S.sample(`${c} ctDNA detectable value`, num(p, "pre_ld", "ctdna_log10_hge_per_ml"));
  const detectable = value(p, "pre_ld", "ctdna_detectable");
  if (detectable !== undefined) S.count(`${c} ctDNA detectable`, detectable === true);

  // ---- missingness (D.4) at pre-LD and for the biology programme ----
  for (const [variable, label] of [
    ["ldh_u_per_l", "LDH"],
    ["platelets_10e9_l", "platelets"],
    ["hemoglobin_g_dl", "Hb"],
    ["anc_10e9_l", "ANC"],
    ["crp_mg_l", "CRP"],
    ["ferritin_ng_ml", "ferritin"],
    ["il6_pg_ml", "IL-6"],
  ] as const) {
    S.count(`${c} ${label} missing`, !p.values.has(`pre_ld:${variable}`));
  }
  S.count(`${c} ctDNA missing`, detectable === undefined);
  S.count(`${c} flow missing`, !p.values.has("pre_ld:mmdsc_pct_pbmc"));
  S.count(`${c} transcriptome missing`, !p.values.has("apheresis:sig_myeloid_4gene_z"));
  S.count(`${c} product flow missing`, !p.values.has("d0:product_naive_like_cd8_pct"));

  const infusion = day(p, "d0", "infusion_date")!;
  const progression = day(p, "outcome", "progression_date");
  const death = day(p, "outcome", "death_date");
  const lastContact = day(p, "outcome", "last_contact_date")!;
  const eventFree90 =
    lastContact - infusion >= 90 &&
    (progression === undefined || progression - infusion > 89) &&
    (death === undefined || death - infusion >= 90);
  if (eventFree90) S.count(`${c} day-90 PET missing`, !p.values.has("d90:response_d90"));
  if (death !== undefined) S.count(`${c} death cause missing`, !p.values.has("outcome:death_cause"));

  // ---- outcomes ----
  S.pfsRows.get(c)!.push(pfsMonths(p));
  const bor = value(p, "outcome", "best_overall_response");
  if (bor !== undefined) S.count(`${c} best CR`, bor === "CMR");
  const crs = num(p, "outcome", "crs_max_grade");
  const icans = num(p, "outcome", "icans_max_grade");
  S.count(`${c} ${product} CRS ≥3`, crs === undefined ? null : crs >= 3);
  S.count(`${c} ${product} ICANS ≥3`, icans === undefined ? null : icans >= 3);
  S.count(`${c} ${product} CRS any`, crs === undefined ? null : crs >= 1);
  S.count(`${c} HEMATOTOX high`, hematotoxHigh(p));
}

beforeAll(() => {
  for (const seed of SEEDS) {
    const truth = simulateStudyTruth({ seed, nThirdLinePlus: PER_COHORT, nSecondLine: PER_COHORT });
    recordPatients(truth, (patient, observations) => summarise(viewPatient(patient, observations)));
  }
}, 120_000);

/** Mean of N(mean, sd²) truncated to [min, max]. */
function truncatedNormalMean(t: { mean: number; sd: number; min: number; max: number }): number {
  const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const a = (t.min - t.mean) / t.sd;
  const b = (t.max - t.mean) / t.sd;
  return t.mean + (t.sd * (density(a) - density(b))) / (normalCdf(b) - normalCdf(a));
}

const within = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(
    tolerance,
  );
const POINTS = 0.025;

describe("large simulation: calibration values of §D.5 within ±2.5 points", () => {
  it.each([
    ["3L+", 12, 0.45],
    ["3L+", 24, 0.41],
    ["2L", 12, 0.58],
    ["2L", 24, 0.54],
  ] as const)("%s %i-month PFS ≈ %f", (cohort, months, target) => {
    const rows = S.pfsRows.get(cohort)!;
    expect(rows.length).toBeGreaterThan(19_000);
    within(kmAt(rows, months).survival, target, POINTS);
  });

  it.each([
    ["3L+ best CR", 0.58],
    ["2L best CR", 0.71],
    ["3L+ axi_cel CRS ≥3", 0.07],
    ["3L+ axi_cel ICANS ≥3", 0.25],
    ["2L axi_cel CRS ≥3", 0.054],
    ["2L axi_cel ICANS ≥3", 0.22],
    ["2L liso_cel CRS ≥3", 0.015],
    ["2L liso_cel ICANS ≥3", 0.068],
    ["3L+ HEMATOTOX high", 0.43],
  ] as const)("%s ≈ %f", (key, target) => {
    expect(S.n(key)).toBeGreaterThan(3000);
    within(S.rate(key), target, POINTS);
  });

  it("any-grade CRS by product: axi ≈ 90 %, tisa 60–80 %, liso ≈ 45 %", () => {
    within(S.rate("3L+ axi_cel CRS any"), 0.9, POINTS);
    expect(S.rate("3L+ tisa_cel CRS any")).toBeGreaterThan(0.6);
    expect(S.rate("3L+ tisa_cel CRS any")).toBeLessThan(0.8);
    within(S.rate("2L liso_cel CRS any"), 0.45, POINTS);
  });
});

describe("large simulation: recorded marginals match §D.2", () => {
  const shares = (
    cohort: Cohort,
    prefix: string,
    keys: readonly (string | number)[],
    expected: readonly number[],
  ) => {
    keys.forEach((k, i) => {
      within(S.rate(`${cohort} ${prefix} ${k}`), expected[i]!, 0.02);
    });
  };

  it.each(["3L+", "2L"] as const)("%s demographics, ECOG, histology, stage, extranodal sites", (c) => {
    const m = MARGINALS[c];
    within(S.mean(`${c} age`), truncatedNormalMean(m.ageYears), 0.3);
    within(S.rate(`${c} male`), m.maleProbability, 0.02);
    shares(c, "ECOG", [0, 1, 2, 3], m.ecogPreLd);
    within(S.rate(`${c} histology DLBCL group`), c === "3L+" ? 0.68 : 0.7, 0.02);
    shares(
      c,
      "histology",
      ["HGBL_MYC_BCL2", "tFL", "PMBCL"],
      [m.histology.HGBL_MYC_BCL2, m.histology.tFL, m.histology.PMBCL],
    );
    within(S.rate(`${c} GCB`), m.gcbProbability, 0.03);
    within(S.rate(`${c} stage III–IV`), c === "3L+" ? 0.78 : 0.75, 0.02);
    shares(c, "EN", [0, 1, 2, "≥3"], m.extranodalSites);
  });

  it.each(["3L+", "2L"] as const)("%s disease history, bridging and product", (c) => {
    const m = MARGINALS[c];
    within(S.rate(`${c} primary refractory`), m.diseaseStatus1l.primary_refractory, 0.02);
    if (c === "3L+") {
      shares(c, "prior lines", [2, 3, "≥4"], [0.55, 0.27, 0.18]);
      within(S.rate(`${c} prior ASCT`), 0.2, 0.02);
    } else {
      within(S.rate(`${c} prior lines 1`), 1, 0);
    }
    shares(
      c,
      "bridging",
      ["none", "chemoimmuno", "pola_based", "radiotherapy", "steroids_only"],
      [
        m.bridging.none,
        m.bridging.chemoimmuno,
        m.bridging.pola_based,
        m.bridging.radiotherapy,
        m.bridging.steroids_only,
      ],
    );
    within(S.rate(`${c} bridging PMD`), m.bridgingPmdAmongBridged, 0.025);
    shares(
      c,
      "product",
      ["axi_cel", "tisa_cel", "liso_cel"],
      [m.product.axi_cel, m.product.tisa_cel, m.product.liso_cel],
    );
    for (const [product, median] of [
      ["axi_cel", 28],
      ["tisa_cel", 45],
      ["liso_cel", 35],
    ] as const) {
      if (m.product[product] > 0) within(S.median(`${c} ${product} vein-to-vein`), median, 2);
    }
    within(S.rate(`${c} withdrawn`), 0.01, 0.005);
    within(S.rate(`${c} infused`), 0.97, 0.01);
  });

  it.each(["3L+", "2L"] as const)("%s tumour burden and laboratory values at pre-LD", (c) => {
    const m = MARGINALS[c];
    const relative = (key: string, expected: number, tolerance = 0.07) =>
      within(S.median(`${c} ${key}`) / expected, 1, tolerance);
    // LDH/ULN lognormal: P(> 1) = Φ(ln(median)/σ).
    within(S.rate(`${c} LDH > ULN`), normalCdf(Math.log(m.ldhUlnRatio.median) / m.ldhUlnRatio.sdLog), 0.02);
    relative("MTV", m.mtvMl.median, 0.1);
    relative("CRP", 10 * m.crpMgDl.median);
    relative("ferritin", m.ferritinNgMl.median);
    relative("platelets", m.plateletsE9L.median);
    within(S.mean(`${c} Hb`), m.hemoglobinGDl.mean, 0.1);
    relative("ANC", m.ancE9L.median);
    within(S.mean(`${c} albumin`), m.albuminGDl.mean, 0.05);
    relative("creatinine", m.creatinineMgDl.median);
    relative("IL-6", m.il6PgMl.median, 0.12);
    relative("product naive-like", 100 * m.productNaiveLikeCd8.median, 0.1);
    relative("M-MDSC", m.mmdscPctPbmc.median, 0.1);
    // Only detectable ctDNA has a value: compare with the median of N(μ, σ) above the LoD of 0.5.
    const { mean, sd } = m.ctdnaLog10HgePerMl;
    const pAbove = 1 - normalCdf((0.5 - mean) / sd);
    within(S.rate(`${c} ctDNA detectable`), pAbove, 0.025);
    within(S.median(`${c} ctDNA detectable value`), mean + sd * normalQuantile(1 - pAbove / 2), 0.1);
  });
});

describe("large simulation: recorded missingness matches §D.4", () => {
  it.each(["3L+", "2L"] as const)("%s", (c) => {
    const m = MISSINGNESS[c];
    for (const lab of ["LDH", "platelets", "Hb", "ANC"])
      within(S.rate(`${c} ${lab} missing`), m.ldhPlateletsHbAnc, 0.01);
    within(S.rate(`${c} CRP missing`), m.crp, 0.015);
    within(S.rate(`${c} ferritin missing`), m.ferritin, 0.025);
    within(S.rate(`${c} IL-6 missing`), m.il6, 0.025);
    within(S.rate(`${c} MTV decision missing`), m.mtv, 0.025);
    within(S.rate(`${c} COO missing`), m.cellOfOrigin, 0.02);
    within(S.rate(`${c} ctDNA missing`), c === "3L+" ? 0.95 : 0.08, 0.015);
    within(S.rate(`${c} flow missing`), c === "3L+" ? 0.9 : 0.15, 0.015);
    within(S.rate(`${c} transcriptome missing`), c === "3L+" ? 0.9 : 0.2, 0.015);
    const product = S.rate(`${c} product flow missing`);
    if (c === "3L+") within(product, 0.9, 0.02);
    else within(product, 0.17, 0.015);
    within(S.rate(`${c} bridging response not assessed`), m.bridgingResponse, 0.02);
    within(S.rate(`${c} day-90 PET missing`), m.responsePet, 0.02);
    within(S.rate(`${c} death cause missing`), m.deathCause, 0.025);
  });
});
