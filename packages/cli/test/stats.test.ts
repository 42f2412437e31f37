import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import survivalReference from "../../stats/test/fixtures/competing-cli.json";
import validationReference from "../../stats/test/fixtures/validation-cli.json";
import { registerStatsCommand } from "../src/commands/stats.js";

/**
 * `carta stats` run in-process on CSV files written by tools/r/competing-fixtures.R and
 * tools/r/validation-cli-fixtures.R from R's data sets, its JSON compared with what survfit /
 * survdiff / coxph / cox.zph / cuminc / crr (fixtures/competing-cli.json) and concordance / Score /
 * pROC / glm / glmnet (fixtures/validation-cli.json) give on the same CSV text read back by R.
 */

// Kaplan–Meier and cumulative-incidence figures, and the metrics that are sums over patients (AUC,
// Brier, log loss, net benefit, concordance), to 1e-9; model coefficients, test statistics and
// everything that comes out of an iterative fit to 1e-6 relative (the tolerances; carta's
// numerics agree far more closely, see packages/stats).
const ESTIMATE_TOL = 1e-9;
const MODEL_TOL = 1e-6;
const ESTIMATES = new Set(["km", "cif", "concordance", "td-auc", "auc", "brier", "logloss", "dca"]);

interface CliCase {
  name: string;
  file: string;
  args: string[];
  expected: Expected;
}
type Expected = null | boolean | number | string | Expected[] | { [key: string]: Expected };

const cases = [...survivalReference.cases, ...validationReference.cases] as unknown as CliCase[];
const files = { ...survivalReference.files, ...validationReference.files } as Record<string, string>;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "carta-stats-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function carta(args: string[]): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const program = new Command("carta").exitOverride();
  registerStatsCommand(program, { out: (t) => (out += t), err: (t) => (err += t) });
  await program.parseAsync(["stats", ...args], { from: "user" });
  return { out, err };
}

async function cartaJson(args: string[]): Promise<Record<string, unknown>> {
  return JSON.parse((await carta([...args, "--json"])).out);
}

/** Every field of R's expectation is in the CLI's JSON with the same value; R's NA is null. */
function compare(
  actual: unknown,
  expected: Expected,
  path: string,
  tol: number,
  problems: string[],
  absolute = false,
): void {
  if (expected === "NA" || expected === "NaN") {
    if (actual !== null) problems.push(`${path}: got ${JSON.stringify(actual)}, R gives NA (null)`);
  } else if (typeof expected === "number") {
    const ok =
      typeof actual === "number" &&
      (absolute
        ? Math.abs(actual - expected) <= tol
        : expected === 0
          ? actual === 0
          : Math.abs(actual - expected) <= tol * Math.abs(expected));
    if (!ok) problems.push(`${path}: got ${JSON.stringify(actual)}, R gives ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      problems.push(
        `${path}: got ${JSON.stringify(actual)?.slice(0, 80)}, R gives ${expected.length} values`,
      );
      return;
    }
    expected.forEach((e, i) => {
      compare(actual[i], e, `${path}[${i}]`, tol, problems, absolute);
    });
  } else if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") {
      problems.push(`${path}: got ${JSON.stringify(actual)}, R gives an object`);
      return;
    }
    for (const [key, e] of Object.entries(expected)) {
      if (!(key in actual)) problems.push(`${path}.${key}: missing`);
      else compare((actual as Record<string, unknown>)[key], e, `${path}.${key}`, tol, problems, absolute);
    }
  } else if (actual !== expected) {
    problems.push(`${path}: got ${JSON.stringify(actual)}, R gives ${JSON.stringify(expected)}`);
  }
}

describe("carta stats against R on R's data sets written as CSV", () => {
  it("covers every command", () => {
    expect(new Set(cases.map((c) => c.args[0]))).toEqual(
      new Set([
        ...["km", "logrank", "cox", "cox-zph", "cif", "finegray"],
        ...["concordance", "td-auc", "auc", "brier", "logloss", "calibration", "dca", "logistic", "glmnet"],
      ]),
    );
    expect(cases.some((c) => (c.expected as { n_dropped: number }).n_dropped > 0)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: carta stats ${c.args.join(" ")}`, async () => {
      const actual = await cartaJson([...c.args, "--data", join(dir, c.file)]);
      const tol = ESTIMATES.has(c.args[0]!) ? ESTIMATE_TOL : MODEL_TOL;
      const problems: string[] = [];
      // Elastic-net coefficients (many near 0) to 1e-6 absolute, the tolerance for glmnet.
      compare(actual, c.expected, c.name, tol, problems, c.args[0] === "glmnet");
      expect(problems.slice(0, 10)).toEqual([]);
    });
  }

  it("names the dummies of a categorical covariate as R does, against its first sorted level", async () => {
    const r = await cartaJson([
      "cox",
      "--data",
      join(dir, "veteran.csv"),
      "--time",
      "time",
      "--event",
      "status",
      "--covariates",
      "celltype,trt",
      "--categorical",
      "trt",
    ]);
    expect((r.coefficients as { name: string }[]).map((k) => k.name)).toEqual([
      "celltypelarge",
      "celltypesmallcell",
      "celltypesquamous",
      "trt2",
    ]);
  });

  it("prints R's NA as null and never NaN", async () => {
    const args = ["km", "--data", join(dir, "lung.csv"), "--time", "time", "--event", "status"];
    const { out } = await carta([...args, "--group", "ph.ecog", "--json"]);
    expect(out).not.toMatch(/NaN|Infinity/);
    const ecog3 = (
      JSON.parse(out).groups as { group: string; lower: unknown[]; median_upper: unknown }[]
    ).find((g) => g.group === "3")!;
    expect(ecog3.lower).toEqual([null]);
    expect(ecog3.median_upper).toBeNull();
  });

  it("prints a readable summary without --json", async () => {
    const base = ["--data", join(dir, "lung.csv"), "--time", "time", "--event", "status"];
    const km = await carta(["km", ...base, "--group", "sex"]);
    expect(km.out).toMatch(/^Kaplan–Meier/);
    expect(km.out).toMatch(/\n\s+1\s+138\s+112\s+270\s+212\s+310\n/);
    const logrank = await carta(["logrank", ...base, "--group", "sex"]);
    expect(logrank.out).toMatch(/Log-rank test: chisq = 10\.33 on 1 df, p = 0\.001311/);
    const cox = await carta(["cox", ...base, "--covariates", "age,sex"]);
    expect(cox.out).toMatch(/Likelihood ratio test: chisq = 14\.12 on 2 df/);
    const cif = await carta([
      "cif",
      "--data",
      join(dir, "mgus2.csv"),
      "--time",
      "etime",
      "--status",
      "event",
    ]);
    expect(cif.out).toMatch(/Cumulative incidence \(Aalen–Johansen\); n = 1384/);
    const melanoma = ["--data", join(dir, "melanoma.csv"), "--time", "time", "--status", "status"];
    const fg = await carta(["finegray", ...melanoma, "--cause", "1", "--covariates", "ulcer"]);
    expect(fg.out).toMatch(
      /^Fine–Gray subdistribution hazards for cause 1 \(pseudo-likelihood\); n = 205, 57 events/,
    );
  });

  it("prints readable summaries of the validation and elastic-net commands", async () => {
    const pima = ["--data", join(dir, "pima-risk.csv"), "--label", "diabetes", "--score", "risk"];
    expect((await carta(["auc", ...pima, "--compare", "glu"])).out).toMatch(
      /^AUC = 0\.8634 \(95% CI 0\.8233–0\.9035, DeLong\); n = 329 \(3 rows with missing values dropped\), \d+ events\nvs glu: AUC 0\.\d+, difference/,
    );
    expect((await carta(["calibration", ...pima])).out).toMatch(/calibration slope = 0\.9472/);
    expect((await carta(["dca", ...pima])).out).toMatch(
      /threshold\s+model\s+treat all\s+treat none\n\s+0\.05\s+0\.2966/,
    );
    const lung = ["--data", join(dir, "lung-scores.csv"), "--time", "time", "--event", "status"];
    expect(
      (await carta(["concordance", ...lung, "--score", "lp", "--method", "uno", "--horizon", "365"])).out,
    ).toMatch(/^Uno's C up to 365; n = 227/);
    expect((await carta(["td-auc", ...lung, "--score", "lp", "--horizon", "365"])).err).toMatch(
      /warning: --score "lp" is not a probability/,
    );
    const bw = ["--data", join(dir, "birthwt.csv"), "--family", "binomial", "--outcome", "low"];
    const glmnet = await carta(["glmnet", ...bw, "--covariates", "age,lwt,smoke", "--folds", "5"]);
    expect(glmnet.out).toMatch(/^Elastic net \(binomial, alpha 1\); n = 189, \d+ lambdas/);
    expect(glmnet.out).toMatch(/cross-validated deviance \(5 folds\): lambda\.min/);
  });
});

describe("carta stats on bad input", () => {
  function csv(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it("names an unknown column and lists the columns there are", async () => {
    const data = join(dir, "lung.csv");
    await expect(cartaJson(["km", "--data", data, "--time", "tme", "--event", "status"])).rejects.toThrow(
      /lung\.csv: no column "tme" \(--time\); the columns are "inst", "time", "status"/,
    );
    await expect(
      cartaJson(["cox", "--data", data, "--time", "time", "--event", "status", "--covariates", "age,wt"]),
    ).rejects.toThrow(/no column "wt" \(--covariates\)/);
  });

  it("refuses a non-numeric or negative time with the file, column and row", async () => {
    const text = csv("text-time.csv", "time,status,arm\n5,1,a\n7,0,b\nsoon,1,a\n9,1,b\n");
    await expect(cartaJson(["km", "--data", text, "--time", "time", "--event", "status"])).rejects.toThrow(
      /text-time\.csv, column "time", row 3 \(line 4\): "soon" is not a number; expected a follow-up time/,
    );
    const negative = csv("negative-time.csv", "time,status,arm\n5,1,a\n-7,0,b\n3,1,a\n9,1,b\n");
    await expect(
      cartaJson(["logrank", "--data", negative, "--time", "time", "--event", "status", "--group", "arm"]),
    ).rejects.toThrow(
      /negative-time\.csv, column "time", row 2 \(line 3\): time is -7; expected a follow-up time/,
    );
  });

  it("refuses data without events, and a log-rank test of a single group", async () => {
    const none = csv("no-events.csv", "time,status,arm,age\n5,0,a,50\n7,0,b,60\n3,0,a,70\n");
    for (const command of [
      ["logrank", "--event", "status", "--group", "arm"],
      ["cox", "--event", "status", "--covariates", "age"],
      ["cif", "--status", "status"],
    ]) {
      await expect(cartaJson([...command, "--data", none, "--time", "time"])).rejects.toThrow(
        /no-events\.csv, column "status": no events among the 3 rows used/,
      );
    }
    const single = csv("single-group.csv", "time,status,arm\n5,1,a\n7,0,a\n3,1,a\n4,1,\n");
    await expect(
      cartaJson(["logrank", "--data", single, "--time", "time", "--event", "status", "--group", "arm"]),
    ).rejects.toThrow(/single-group\.csv, column "arm": a single group \("a"\) among the rows used/);
  });

  it("refuses an event code that is not 0/1, 1/2 or TRUE/FALSE", async () => {
    const bad = csv("bad-event.csv", "time,status\n5,1\n7,0\n3,3\n");
    await expect(cartaJson(["km", "--data", bad, "--time", "time", "--event", "status"])).rejects.toThrow(
      /bad-event\.csv, column "status", row 3 \(line 4\): event is 3; expected 0 \(censored\) or 1 \(event\)/,
    );
    const logical = csv("logical-event.csv", "time,dead\n5,TRUE\n7,FALSE\n3,TRUE\n");
    const r = await cartaJson(["km", "--data", logical, "--time", "time", "--event", "dead"]);
    expect(r.n_event).toBe(2);
  });

  it("refuses a categorical covariate with a single level, and a bad cause code", async () => {
    const oneLevel = csv("one-level.csv", "time,status,arm\n5,1,a\n7,0,a\n3,1,a\n");
    await expect(
      cartaJson(["cox", "--data", oneLevel, "--time", "time", "--event", "status", "--covariates", "arm"]),
    ).rejects.toThrow(/one-level\.csv, column "arm": every row has the same value "a"/);
    const badCause = csv("bad-cause.csv", "time,status\n5,1\n7,2\n3,1.5\n");
    await expect(
      cartaJson(["cif", "--data", badCause, "--time", "time", "--status", "status"]),
    ).rejects.toThrow(
      /bad-cause\.csv, column "status", row 3 \(line 4\): status is 1\.5; expected 0 \(censored\) or a positive integer/,
    );
  });

  it("reports a constant covariate as not estimable (null), never NaN", async () => {
    const constant = csv(
      "constant.csv",
      "time,status,age,site\n5,1,50,1\n7,0,60,1\n3,1,70,1\n9,1,55,1\n4,0,65,1\n8,1,52,1\n",
    );
    const { out, err } = await carta([
      "cox",
      "--data",
      constant,
      "--time",
      "time",
      "--event",
      "status",
      "--covariates",
      "age,site",
      "--json",
    ]);
    expect(out).not.toMatch(/NaN|Infinity/);
    const site = (JSON.parse(out).coefficients as { name: string; coef: unknown }[]).find(
      (c) => c.name === "site",
    )!;
    expect(site.coef).toBeNull();
    expect(err).toMatch(/warning: X matrix deemed to be singular; variable 2 \(site\)/);
  });

  it("keeps a level seen only in dropped rows as an all-zero, aliased dummy, as R's coxph does", async () => {
    // R: coxph(Surv(time, status) ~ arm + x, read.csv(...)) gives armb -2.5488560, armc NA, x 0.7214704.
    const gaps = csv(
      "unused-level.csv",
      "time,status,arm,x\n5,1,a,1\n7,0,b,2\n3,1,c,\n9,1,b,3\n4,0,a,4\n6,1,b,5\n8,1,a,2\n",
    );
    const args = [
      "cox",
      "--data",
      gaps,
      "--time",
      "time",
      "--event",
      "status",
      "--covariates",
      "arm,x",
      "--json",
    ];
    const { out, err } = await carta(args);
    const r = JSON.parse(out) as { n_dropped: number; coefficients: { name: string; coef: number | null }[] };
    expect(r.n_dropped).toBe(1);
    expect(r.coefficients.map((c) => c.name)).toEqual(["armb", "armc", "x"]);
    expect(r.coefficients[0]!.coef).toBeCloseTo(-2.548856, 6);
    expect(r.coefficients[1]!.coef).toBeNull();
    expect(r.coefficients[2]!.coef).toBeCloseTo(0.7214704, 6);
    expect(err).toMatch(/column "arm": level "c" occurs only in rows dropped for missing values/);
  });

  it("refuses a cause that is not a positive integer or has no events", async () => {
    const melanoma = ["--data", join(dir, "melanoma.csv"), "--time", "time", "--status", "status"];
    await expect(cartaJson(["finegray", ...melanoma, "--cause", "0", "--covariates", "age"])).rejects.toThrow(
      /the cause must be a positive integer status code/,
    );
    await expect(cartaJson(["finegray", ...melanoma, "--cause", "3", "--covariates", "age"])).rejects.toThrow(
      /melanoma\.csv, column "status": no events of cause 3 among the 205 rows used/,
    );
  });

  it("names the file it cannot read, and a ragged CSV row", async () => {
    await expect(
      cartaJson(["km", "--data", join(dir, "missing.csv"), "--time", "t", "--event", "e"]),
    ).rejects.toThrow(/missing\.csv: cannot read \(ENOENT\)/);
    const ragged = csv("ragged.csv", "time,status\n5,1\n7,0,9\n");
    await expect(cartaJson(["km", "--data", ragged, "--time", "time", "--event", "status"])).rejects.toThrow(
      /ragged\.csv, line 3: 3 fields, but the header has 2/,
    );
  });

  it("counts and drops the rows with a missing value in a used column only", async () => {
    const gaps = csv("gaps.csv", "time,status,arm,note\n5,1,a,\n7,NA,b,x\n3,1,,y\n9,1,b,\n4,0,a,\n6,1,b,z\n");
    const r = await cartaJson([
      "logrank",
      "--data",
      gaps,
      "--time",
      "time",
      "--event",
      "status",
      "--group",
      "arm",
    ]);
    expect(r.n).toBe(4);
    expect(r.n_dropped).toBe(2);
  });
});
