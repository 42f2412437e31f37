import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiErrorFromResponse } from "../src/api/ApiError.js";
import { fetchJson } from "../src/api/fetchJson.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(status: number, body: string, statusText = ""): Response {
  return new Response(body, { status, statusText, headers: { "content-type": "application/json" } });
}

describe("apiErrorFromResponse", () => {
  it("keeps the API's own error code and message", () => {
    const error = apiErrorFromResponse(404, "Not Found", {
      error: "not_found",
      message: "No patient C01-9999.",
    });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message, error.isNotFound]).toEqual([
      404,
      "not_found",
      "No patient C01-9999.",
      true,
    ]);
  });

  it("still says something useful for a body in another shape", () => {
    const error = apiErrorFromResponse(502, "Bad Gateway", "<html>proxy</html>");
    expect([error.code, error.message, error.isNotFound]).toEqual([
      "http_502",
      "The server answered 502 (Bad Gateway).",
      false,
    ]);
  });
});

describe("fetchJson", () => {
  it("returns the parsed body of a 2xx answer", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => answer(200, '{"total":1}')),
    );
    await expect(fetchJson<{ total: number }>("/api/patients")).resolves.toEqual({ total: 1 });
  });

  it("throws the API's error for a 4xx answer", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => answer(400, '{"error":"bad_request","message":"limit must be ≤ 500"}')),
    );
    await expect(fetchJson("/api/patients?limit=9999")).rejects.toMatchObject({
      status: 400,
      code: "bad_request",
      message: "limit must be ≤ 500",
    });
  });

  it("throws for a 2xx answer that is not JSON", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => answer(200, "<!doctype html>")),
    );
    await expect(fetchJson("/api/cohort/summary")).rejects.toMatchObject({ code: "bad_json" });
  });

  it("reports an unreachable server as status 0", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("fetch failed");
      }),
    );
    await expect(fetchJson("/api/dictionary")).rejects.toMatchObject({ status: 0, code: "network" });
  });
});
