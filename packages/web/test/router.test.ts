import { describe, expect, it } from "vitest";
import { isInPlaceNavigation, type LinkClick } from "../src/router/clicks.js";
import {
  decisionPagePath,
  matchRoute,
  modelPagePath,
  parseVersion,
  patientPagePath,
  transportPagePath,
} from "../src/router/routes.js";

describe("matchRoute", () => {
  it("maps the root to the study page", () => {
    expect(matchRoute("/")).toEqual({ page: "study" });
    expect(matchRoute("/index.html")).toEqual({ page: "study" });
  });

  it("extracts and decodes a patient id, with or without a trailing slash", () => {
    expect(matchRoute("/patients/C01-0007")).toEqual({ page: "patient", patientId: "C01-0007" });
    expect(matchRoute("/patients/C01-0007/")).toEqual({ page: "patient", patientId: "C01-0007" });
    expect(matchRoute("/patients/BO%2F12%20A")).toEqual({ page: "patient", patientId: "BO/12 A" });
  });

  it("sends everything else to not-found", () => {
    expect(matchRoute("/patients")).toEqual({ page: "notFound", path: "/patients" });
    expect(matchRoute("/patients/")).toEqual({ page: "notFound", path: "/patients/" });
    expect(matchRoute("/patients/a/b")).toEqual({ page: "notFound", path: "/patients/a/b" });
    expect(matchRoute("/patients/%E0%A4%A")).toEqual({ page: "notFound", path: "/patients/%E0%A4%A" });
    expect(matchRoute("/api/patients")).toEqual({ page: "notFound", path: "/api/patients" });
  });

  it("builds patient paths that match back to the same id", () => {
    for (const id of ["P-001", "BO/12 A", "3L+7", "ü-ö"]) {
      const path = patientPagePath(id);
      expect(path.startsWith("/patients/")).toBe(true);
      expect(matchRoute(path)).toEqual({ page: "patient", patientId: id });
    }
    expect(patientPagePath("BO/12")).toBe("/patients/BO%2F12");
  });
});

describe("model lab and decision routes", () => {
  it("maps the lab, a model, its transport page and a patient's decision page", () => {
    expect(matchRoute("/lab")).toEqual({ page: "lab" });
    expect(matchRoute("/lab/")).toEqual({ page: "lab" });
    expect(matchRoute("/lab/models/cr-day90")).toEqual({ page: "model", name: "cr-day90" });
    expect(matchRoute("/lab/models/cr-day90/transport")).toEqual({ page: "transport", name: "cr-day90" });
    expect(matchRoute("/patients/C01-0007/decision")).toEqual({ page: "decision", patientId: "C01-0007" });
    expect(matchRoute("/patients/C01-0007/decision/")).toEqual({ page: "decision", patientId: "C01-0007" });
  });

  it("sends malformed lab paths to not-found", () => {
    expect(matchRoute("/lab/models")).toEqual({ page: "notFound", path: "/lab/models" });
    expect(matchRoute("/lab/models/a/b")).toEqual({ page: "notFound", path: "/lab/models/a/b" });
    expect(matchRoute("/lab/models/%E0%A4%A")).toEqual({ page: "notFound", path: "/lab/models/%E0%A4%A" });
    expect(matchRoute("/patients/a/decisions")).toEqual({ page: "notFound", path: "/patients/a/decisions" });
  });

  it("builds paths that match back to the same model or patient", () => {
    for (const name of ["cr-day90", "a b", "x/y"]) {
      expect(matchRoute(modelPagePath(name))).toEqual({ page: "model", name });
      expect(matchRoute(transportPagePath(name))).toEqual({ page: "transport", name });
    }
    expect(matchRoute(decisionPagePath("BO/12 A"))).toEqual({ page: "decision", patientId: "BO/12 A" });
    expect(modelPagePath("pfs-12m", 3)).toBe("/lab/models/pfs-12m?version=3");
  });

  it("reads a version from the query, anything but a positive integer meaning the newest", () => {
    expect(parseVersion("?version=3")).toBe(3);
    expect(parseVersion("")).toBeNull();
    expect(parseVersion("?version=0")).toBeNull();
    expect(parseVersion("?version=2.5")).toBeNull();
    expect(parseVersion("?version=abc")).toBeNull();
  });
});

describe("isInPlaceNavigation", () => {
  const plain: LinkClick = {
    button: 0,
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    defaultPrevented: false,
  };

  it("takes over a plain left click on a same-window link", () => {
    expect(isInPlaceNavigation(plain, null)).toBe(true);
    expect(isInPlaceNavigation(plain, "_self")).toBe(true);
  });

  it("leaves new-tab gestures and other targets to the browser", () => {
    expect(isInPlaceNavigation({ ...plain, ctrlKey: true }, null)).toBe(false);
    expect(isInPlaceNavigation({ ...plain, metaKey: true }, null)).toBe(false);
    expect(isInPlaceNavigation({ ...plain, shiftKey: true }, null)).toBe(false);
    expect(isInPlaceNavigation({ ...plain, altKey: true }, null)).toBe(false);
    expect(isInPlaceNavigation({ ...plain, button: 1 }, null)).toBe(false);
    expect(isInPlaceNavigation({ ...plain, defaultPrevented: true }, null)).toBe(false);
    expect(isInPlaceNavigation(plain, "_blank")).toBe(false);
  });
});
