import { describe, expect, it } from "vitest";
import { formatMonth, formatRecordedAt, formatStudyDay, monthRange } from "../src/format/dates.js";
import {
  formatCountPercent,
  formatMedianIqr,
  formatNumber,
  formatPercent,
  MISSING_TEXT,
} from "../src/format/numbers.js";

describe("formatNumber", () => {
  it("keeps three significant digits with at most two decimals", () => {
    expect(formatNumber(62)).toBe("62");
    expect(formatNumber(62.5)).toBe("62.5");
    expect(formatNumber(62.54)).toBe("62.5");
    expect(formatNumber(345.5)).toBe("346");
    expect(formatNumber(12345.6)).toBe("12346");
    expect(formatNumber(0.853)).toBe("0.85");
    expect(formatNumber(1.2)).toBe("1.2");
    expect(formatNumber(-4.5678)).toBe("-4.57");
  });

  it("never rounds a small real value to zero", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(0.004)).toBe("0.004");
    expect(formatNumber(0.0012)).toBe("0.0012");
  });

  it("shows a dash, not a number, for missing or non-finite values", () => {
    expect(formatNumber(null)).toBe(MISSING_TEXT);
    expect(formatNumber(undefined)).toBe(MISSING_TEXT);
    expect(formatNumber(Number.NaN)).toBe(MISSING_TEXT);
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe(MISSING_TEXT);
  });
});

describe("Table 1 cells", () => {
  it("formats median [Q1–Q3]", () => {
    expect(formatMedianIqr({ median: 62, q1: 55.24, q3: 69 })).toBe("62 [55.2–69]");
    expect(formatMedianIqr({ median: 1.5, q1: 0.75, q3: 2 })).toBe("1.5 [0.75–2]");
  });

  it("falls back to the median alone, or a dash when nobody has a value", () => {
    expect(formatMedianIqr({ median: 7, q1: null, q3: null })).toBe("7");
    expect(formatMedianIqr({ median: null, q1: null, q3: null })).toBe(MISSING_TEXT);
  });

  it("formats percentages (0–100) with one decimal", () => {
    expect(formatPercent(35.2941)).toBe("35.3%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(100)).toBe("100.0%");
    expect(formatPercent(null)).toBe(MISSING_TEXT);
    expect(formatCountPercent(120, 35.2941)).toBe("120 (35.3%)");
  });
});

describe("dates", () => {
  it("signs study days relative to infusion", () => {
    expect(formatStudyDay(0)).toBe("day 0");
    expect(formatStudyDay(28)).toBe("day +28");
    expect(formatStudyDay(-5)).toBe("day −5");
    expect(formatStudyDay(null)).toBe(MISSING_TEXT);
  });

  it("names months", () => {
    expect(formatMonth("2024-03")).toBe("Mar 2024");
    expect(formatMonth("2023-12-01")).toBe("Dec 2023");
    expect(formatMonth("2024-13")).toBe("2024-13");
    expect(formatMonth("Q1 2024")).toBe("Q1 2024");
  });

  it("shows audit times to the minute with their zone", () => {
    expect(formatRecordedAt("2024-03-05T14:22:09.123Z")).toBe("2024-03-05 14:22 UTC");
    expect(formatRecordedAt("2024-03-05T14:22:09+00:00")).toBe("2024-03-05 14:22 UTC");
    expect(formatRecordedAt("2024-03-05T14:22:09+01:00")).toBe("2024-03-05 14:22 +01:00");
    expect(formatRecordedAt("2024-03-05 14:22:09")).toBe("2024-03-05 14:22");
    expect(formatRecordedAt("yesterday")).toBe("yesterday");
  });

  it("lists consecutive months across a year end", () => {
    expect(monthRange("2023-11", "2024-02")).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    expect(monthRange("2024-05", "2024-05")).toEqual(["2024-05"]);
    expect(monthRange("2024-05", "2024-04")).toEqual([]);
    expect(monthRange("spring", "2024-04")).toEqual([]);
  });
});
