import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { describeError, errorCode, httpStatus, isUnauthorized } from "./errors";

function apiError(message: string, data: Record<string, unknown>) {
  return new TRPCClientError(message, { result: { error: { code: -32600, message, data } } });
}

describe("describeError", () => {
  it("keeps the API's message and field errors", () => {
    const error = apiError("Invalid input — email: Enter a valid email address.", {
      code: "BAD_REQUEST",
      fieldErrors: { email: ["Enter a valid email address."], password: "not a list" },
    });
    expect(describeError(error)).toEqual({
      message: "Invalid input — email: Enter a valid email address.",
      fieldErrors: { email: ["Enter a valid email address."] },
    });
    expect(errorCode(error)).toBe("BAD_REQUEST");
  });

  it("recognises a signed-out user", () => {
    expect(isUnauthorized(apiError("Sign in again.", { code: "UNAUTHORIZED", fieldErrors: null }))).toBe(true);
    expect(isUnauthorized(new Error("x"))).toBe(false);
  });

  it("explains network failures and server bugs in plain words", () => {
    expect(describeError(new TRPCClientError("Failed to fetch")).message).toMatch(/could not be reached/);
    expect(describeError(apiError("TypeError: x is undefined", { code: "INTERNAL_SERVER_ERROR" })).message).toMatch(/went wrong on our side/);
    expect(describeError("boom").fieldErrors).toEqual({});
  });

  it("says an upload was too large when the web server refused it (413)", () => {
    const refused = new TRPCClientError("Unable to transform response from server", { meta: { response: { status: 413 } } });
    expect(httpStatus(refused)).toBe(413);
    expect(describeError(refused).message).toMatch(/larger than the server accepts/);
    expect(httpStatus(new TRPCClientError("x", { meta: { response: "odd" } }))).toBeNull();
    expect(httpStatus(new Error("x"))).toBeNull();
  });
});
