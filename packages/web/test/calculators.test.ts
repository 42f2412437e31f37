import { afterEach, describe, expect, it, vi } from "vitest";
import { apiErrorFromResponse } from "../src/api/ApiError.js";
import { postJson } from "../src/api/fetchJson.js";
import { scaleApiPath } from "../src/api/paths.js";
import {
  buildRequest,
  type FormState,
  formItems,
  initialFormState,
  inputSetLabel,
  inputSets,
  visibleFields,
} from "../src/calculators/formModel.js";
import { parseDaySeries, parseNumberList } from "../src/calculators/inputText.js";
import { issueText, mapIssues } from "../src/calculators/issues.js";
import { conversionText, formatOutputValue, outputRows, rangeText } from "../src/calculators/resultView.js";
import type { ScaleDocument, ScaleField } from "../src/calculators/scaleTypes.js";
import { calculatorPagePath, matchRoute } from "../src/router/routes.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

// Excerpts of the documents GET /api/scales serves (clinical package, schemaDocument), enough for each control type.
const crs: ScaleDocument = {
  scale: "crs",
  title: "Cytokine release syndrome, one assessment (ASTCT)",
  citation: "Lee DW et al. Biol Blood Marrow Transplant 2019;25:625",
  fields: [
    {
      name: "temperature_max_c",
      type: "number",
      unit: "°C",
      presence: "required",
      physical_range: { min: 25, max: 45 },
      description: "Highest temperature of the assessment",
    },
    {
      name: "hypotension_present",
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Hypotension attributable to CRS",
    },
    {
      name: "death_attributable_to_crs",
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Death attributable to CRS",
    },
    {
      name: "vasopressors_in_use",
      type: "code_list",
      unit: null,
      presence: "required",
      allowed: ["norepinephrine", "epinephrine", "dopamine"],
      description: "Vasopressors in use",
    },
    {
      name: "oxygen_delivery_device",
      type: "code",
      unit: null,
      presence: "required",
      allowed: ["none", "nasal_cannula"],
      description: "Oxygen delivery device (none = room air)",
    },
  ],
  outputs: [{ name: "crs_grade", type: "integer", unit: null, description: "ASTCT CRS grade 0–5" }],
  rules: [],
  conventions: [],
};

const quantity = (name: string, q: string, unit: string): ScaleField => ({
  name,
  type: "number",
  unit,
  presence: "required",
  quantity: q,
  physical_range: { min: 0, max: 5000 },
  description: `${q} in ${unit}`,
});

const easix: ScaleDocument = {
  scale: "easix",
  title: "EASIX",
  citation: "Luft T et al. Lancet Haematol 2017;4:e414",
  fields: [
    { name: "ldh_u_per_l", type: "number", unit: "U/L", presence: "required", description: "LDH" },
    quantity("creatinine_mg_per_dl", "creatinine", "mg/dL"),
    quantity("creatinine_umol_per_l", "creatinine", "µmol/L"),
    quantity("platelets_10e9_per_l", "platelets", "10^9/L"),
    quantity("platelets_per_uL", "platelets", "cells/µL"),
  ],
  outputs: [
    { name: "easix", type: "number", unit: null, description: "EASIX" },
    { name: "log2_easix", type: "number", unit: null, description: "log2 of EASIX" },
    { name: "creatinine_mg_per_dl", type: "number", unit: "mg/dL", description: "Creatinine as scored" },
  ],
  rules: [],
  conventions: [],
};

const SERIES = "daily_anc_per_uL_by_day_post_infusion";
const SEVERE = "longest_episode_days_anc_le_500_per_uL_day0_to_day30";
const PROFOUND = "longest_episode_days_anc_le_100_per_uL_day0_to_day30";
const NEVER = "anc_never_recovered_above_500_per_uL_by_day30";

const icahtEarly: ScaleDocument = {
  scale: "icaht-early",
  title: "Early ICAHT, day 0 to +30 (EHA/EBMT)",
  citation: "Rejeski K et al. Blood 2023;142:865",
  fields: [
    {
      name: SERIES,
      type: "day_series",
      unit: "cells/µL",
      presence: "required",
      days: { min: 0, max: 30 },
      description: 'Daily ANC by study day, e.g. {"0": 1800, "1": 900}; null or absent days are interpolated',
    },
    {
      name: SEVERE,
      type: "integer",
      unit: "days",
      presence: "required",
      description: "Longest episode with ANC ≤ 500/µL within day 0–30 (episodes joined)",
    },
    { name: PROFOUND, type: "integer", unit: "days", presence: "required", description: "Longest ≤ 100/µL" },
    { name: NEVER, type: "boolean", unit: null, presence: "defaults_false", description: "Never recovered" },
  ],
  outputs: [{ name: "early_icaht_grade", type: "integer", unit: null, description: "Early ICAHT grade 0–4" }],
  rules: [
    {
      rule: "alternative_inputs",
      fields: [SERIES, SEVERE, PROFOUND, NEVER],
      text: "give either the series or the recorded durations, not both",
    },
  ],
  conventions: [],
};

const icahtLate: ScaleDocument = {
  scale: "icaht-late",
  title: "Late ICAHT",
  citation: "Rejeski K et al. Blood 2023;142:865",
  fields: [
    {
      name: "anc_values",
      type: "number_list",
      unit: "cells/µL",
      presence: "required",
      description: "ANC values",
    },
  ],
  outputs: [],
  rules: [],
  conventions: [],
};

function withState(scale: ScaleDocument, patch: Partial<FormState>): FormState {
  return { ...initialFormState(scale), ...patch };
}

describe("parseDaySeries", () => {
  it("reads one 'day: value' per line into the day_series JSON shape", () => {
    expect(parseDaySeries("0: 1800\n1 = 900\n\n 2  450 \r\n3: 12,5")).toEqual({
      ok: true,
      value: { "0": 1800, "1": 900, "2": 450, "3": 12.5 },
    });
    expect(parseDaySeries("")).toEqual({ ok: true, value: {} });
  });

  it("names the line of everything it cannot read, and refuses a day given twice", () => {
    const parsed = parseDaySeries("0: 1800\nday one: 5\n2: lots\n0: 700");
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'line 2: expected "day: value", got "day one: 5"',
        'line 3: "lots" is not a number',
        "line 4: day 0 is given twice",
      ],
    });
  });
});

describe("parseNumberList", () => {
  it("splits on commas, semicolons, spaces and new lines", () => {
    expect(parseNumberList("1200, 800;450\n 90.5  3e2")).toEqual({
      ok: true,
      value: [1200, 800, 450, 90.5, 300],
    });
  });

  it("refuses tokens that are not numbers", () => {
    expect(parseNumberList("1200, n/a, 800")).toEqual({ ok: false, errors: ['"n/a" is not a number'] });
  });
});

describe("alternative input sets", () => {
  it("splits the alternative_inputs rule into the series and the recorded durations", () => {
    expect(inputSets(icahtEarly)).toEqual([[SERIES], [SEVERE, PROFOUND, NEVER]]);
    expect(inputSets(crs)).toBeNull();
  });

  it("prefers explicit groups when the document lists them", () => {
    const explicit = {
      ...icahtEarly,
      alternatives: { rule: "r", text: "t", groups: [[SERIES, NEVER], [SEVERE]] },
    };
    expect(inputSets(explicit)).toEqual([[SERIES, NEVER], [SEVERE]]);
  });

  it("shows only the chosen set's fields, labelled by their short descriptions", () => {
    expect(visibleFields(icahtEarly, 0).map((f) => f.name)).toEqual([SERIES]);
    expect(visibleFields(icahtEarly, 1).map((f) => f.name)).toEqual([SEVERE, PROFOUND, NEVER]);
    expect(visibleFields(crs, 0)).toBe(crs.fields);
    expect(inputSetLabel(icahtEarly, [SERIES])).toBe("Daily ANC by study day");
    expect(inputSetLabel(icahtEarly, [SEVERE, PROFOUND])).toBe(
      "Longest episode with ANC ≤ 500/µL within day 0–30; Longest ≤ 100/µL",
    );
  });
});

describe("formItems", () => {
  it("puts the units of one quantity on one row, in schema order", () => {
    expect(
      formItems(easix.fields).map((item) =>
        item.kind === "field"
          ? item.field.name
          : `${item.quantity}:${item.fields.map((f) => f.unit).join("|")}`,
      ),
    ).toEqual(["ldh_u_per_l", "creatinine:mg/dL|µmol/L", "platelets:10^9/L|cells/µL"]);
  });

  it("starts each quantity in the first unit listed", () => {
    expect(initialFormState(easix).unitField).toEqual({
      creatinine: "creatinine_mg_per_dl",
      platelets: "platelets_10e9_per_l",
    });
  });
});

describe("buildRequest", () => {
  it("sends typed numbers, ticked findings, chosen codes and ticked codes in the allowed order", () => {
    const state = withState(crs, {
      text: { temperature_max_c: " 38,5 ", oxygen_delivery_device: "nasal_cannula" },
      checked: { hypotension_present: true, death_attributable_to_crs: false },
      codes: { vasopressors_in_use: ["dopamine", "norepinephrine"] },
    });
    expect(buildRequest(crs, state)).toEqual({
      ok: true,
      body: {
        temperature_max_c: 38.5,
        hypotension_present: true,
        vasopressors_in_use: ["norepinephrine", "dopamine"],
        oxygen_delivery_device: "nasal_cannula",
      },
    });
  });

  it("leaves empty fields absent, an untouched code list as none", () => {
    expect(buildRequest(crs, initialFormState(crs))).toEqual({ ok: true, body: { vasopressors_in_use: [] } });
  });

  it("refuses text that is not a number, naming the field", () => {
    expect(buildRequest(crs, withState(crs, { text: { temperature_max_c: "39°" } }))).toEqual({
      ok: false,
      issues: [{ field: "temperature_max_c", rule: "type", message: '"39°" is not a number' }],
    });
  });

  it("sends a quantity only in the unit chosen", () => {
    const state = withState(easix, {
      text: {
        ldh_u_per_l: "300",
        creatinine_umol_per_l: "88.4",
        creatinine_mg_per_dl: "1",
        platelets_per_uL: "100000",
      },
      unitField: { creatinine: "creatinine_umol_per_l", platelets: "platelets_per_uL" },
    });
    expect(buildRequest(easix, state)).toEqual({
      ok: true,
      body: { ldh_u_per_l: 300, creatinine_umol_per_l: 88.4, platelets_per_uL: 100000 },
    });
  });

  it("sends only the chosen set of alternative inputs", () => {
    const text = { [SERIES]: "0: 1800\n1: 400", [SEVERE]: "8", [PROFOUND]: "2" };
    expect(buildRequest(icahtEarly, withState(icahtEarly, { text, checked: { [NEVER]: true } }))).toEqual({
      ok: true,
      body: { [SERIES]: { "0": 1800, "1": 400 } },
    });
    expect(buildRequest(icahtEarly, withState(icahtEarly, { text, inputSet: 1 }))).toEqual({
      ok: true,
      body: { [SEVERE]: 8, [PROFOUND]: 2 },
    });
  });

  it("reports each unreadable line of a series or list against its field", () => {
    const built = buildRequest(icahtEarly, withState(icahtEarly, { text: { [SERIES]: "0: 1800\n1: ?" } }));
    expect(built).toEqual({
      ok: false,
      issues: [{ field: SERIES, rule: "type", message: 'line 2: "?" is not a number' }],
    });
    expect(buildRequest(icahtLate, withState(icahtLate, { text: { anc_values: "400\n300, 2000" } }))).toEqual(
      {
        ok: true,
        body: { anc_values: [400, 300, 2000] },
      },
    );
  });
});

describe("mapIssues", () => {
  const issues = [
    {
      field: "temperature_max_c",
      rule: "physical_range",
      message: "99 is outside the physical range 25–45 °C",
    },
    { field: "vasopressors_in_use[0]", rule: "allowed_values", message: 'must be one of …, got "x"' },
    { field: `${SERIES}.31`, rule: "days", message: "day 31 is after day 30" },
    { field: "foo", rule: "unknown_field", message: "is not a crs input" },
  ];

  it("puts each issue beside its field, and issues of no field on the form in the general list", () => {
    const mapped = mapIssues(issues, ["temperature_max_c", "vasopressors_in_use", SERIES]);
    expect(Object.keys(mapped.byField)).toEqual(["temperature_max_c", "vasopressors_in_use", SERIES]);
    expect(mapped.byField["vasopressors_in_use"]).toEqual([issues[1]]);
    expect(mapped.general).toEqual([issues[3]]);
  });

  it("keeps the position inside a field in the text", () => {
    expect(issues.map(issueText)).toEqual([
      "99 is outside the physical range 25–45 °C",
      '[0]: must be one of …, got "x"',
      "day 31: day 31 is after day 30",
      "is not a crs input",
    ]);
  });
});

describe("result view", () => {
  it("lists the declared outputs in order, an undecided one as not determined without a unit", () => {
    const rows = outputRows(easix, {
      easix: 2.9993214204931014,
      log2_easix: null,
      creatinine_mg_per_dl: 0.9997738068310338,
      reason: "EASIX 2.999",
    });
    expect(rows.map((r) => [r.name, r.value, r.unit, r.undetermined])).toEqual([
      ["easix", "3", null, false],
      ["log2_easix", "not determined", null, true],
      ["creatinine_mg_per_dl", "1", "mg/dL", false],
    ]);
  });

  it("formats values of every output type", () => {
    expect([true, false, "low_intermediate", 0, undefined].map(formatOutputValue)).toEqual([
      "yes",
      "no",
      "low intermediate",
      "0",
      "not determined",
    ]);
  });

  it("says ranges and conversions in words", () => {
    expect(rangeText({ unit: "°C", physical_range: { min: 25, max: 45 } })).toBe("25–45 °C");
    expect(rangeText({ unit: "U/L", physical_range: { min: 0, max: 5000, exclusive_min: true } })).toBe(
      "> 0 to 5000 U/L",
    );
    expect(rangeText({ unit: null })).toBeNull();
    expect(conversionText({ value: 100000, from: "cells/µL", converted_value: 100, to: "10^9/L" })).toBe(
      "100000 cells/µL → 100 10^9/L",
    );
  });
});

describe("scale API", () => {
  it("keeps a 400's issues on the error and drops malformed ones", () => {
    const error = apiErrorFromResponse(400, "Bad Request", {
      error: "invalid_input",
      message: "crs input refused",
      issues: [{ field: "foo", rule: "unknown_field", message: "is not a crs input" }, { field: 3 }, null],
    });
    expect([error.code, error.issues]).toEqual([
      "invalid_input",
      [{ field: "foo", rule: "unknown_field", message: "is not a crs input" }],
    ]);
    expect(apiErrorFromResponse(404, "", { error: "not_found", message: "no scale x" }).issues).toEqual([]);
  });

  it("posts the body as JSON and rejects a 400 with its issues", async () => {
    const fetchMock = vi.fn(
      async (_path: string, _init?: RequestInit) =>
        new Response(
          JSON.stringify({
            error: "invalid_input",
            message: "refused",
            issues: [{ field: "x", rule: "type", message: "must be a number" }],
          }),
          { status: 400 },
        ),
    );
    vi.stubGlobal("fetch", fetchMock);
    await expect(postJson(scaleApiPath("icaht-early"), { a: 1 })).rejects.toMatchObject({
      status: 400,
      issues: [{ field: "x", rule: "type", message: "must be a number" }],
    });
    const [path, init] = fetchMock.mock.calls[0]!;
    expect([path, init?.method, init?.body]).toEqual(["/api/scales/icaht-early", "POST", '{"a":1}']);
  });
});

describe("calculator routes", () => {
  it("matches the list and each scale, and builds paths back", () => {
    expect(matchRoute("/calculators")).toEqual({ page: "calculators" });
    expect(matchRoute("/calculators/")).toEqual({ page: "calculators" });
    expect(matchRoute("/calculators/m-easix")).toEqual({ page: "calculator", scale: "m-easix" });
    expect(matchRoute(calculatorPagePath("icaht-early"))).toEqual({
      page: "calculator",
      scale: "icaht-early",
    });
    expect(matchRoute("/calculators/crs/x")).toEqual({ page: "notFound", path: "/calculators/crs/x" });
  });
});
