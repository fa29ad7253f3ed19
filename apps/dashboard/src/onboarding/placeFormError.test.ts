import { describe, expect, it } from "vitest";
import { placeFormError } from "./placeFormError";

const fields = ["name", "email", "password", "workspaceName"];

describe("placeFormError", () => {
  it("puts input-check messages next to their fields and nothing above the button", () => {
    const error = { message: "Invalid input — name: Enter your name.; password: Use at least 10 characters for the password.", fieldErrors: { name: ["Enter your name."], password: ["Use at least 10 characters for the password."] }, details: null };
    expect(placeFormError(error, fields)).toEqual({ fieldErrors: { name: ["Enter your name."], password: ["Use at least 10 characters for the password."] }, formMessage: null });
  });

  it("puts a refusal next to the field it names", () => {
    const error = { message: "An account with this email already exists. Sign in instead.", fieldErrors: {}, details: { field: "email" } };
    expect(placeFormError(error, fields)).toEqual({ fieldErrors: { email: ["An account with this email already exists. Sign in instead."] }, formMessage: null });
  });

  it("keeps a message about no field of the form above the button", () => {
    expect(placeFormError({ message: "Chatwright could not be reached.", fieldErrors: {}, details: null }, fields)).toEqual({ fieldErrors: {}, formMessage: "Chatwright could not be reached." });
    expect(placeFormError({ message: "Odd", fieldErrors: { other: ["x"] }, details: { field: "nope" } }, fields)).toEqual({ fieldErrors: {}, formMessage: "Odd" });
    expect(placeFormError(null, fields)).toEqual({ fieldErrors: {}, formMessage: null });
  });
});
