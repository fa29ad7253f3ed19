import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";

describe("the dashboard's origins", () => {
  it("are PUBLIC_URL's origin and then TRUSTED_ORIGINS, normalised and without repeats", () => {
    expect(readServerEnv({}).trustedOrigins).toEqual(["http://localhost:3000"]);
    expect(readServerEnv({ PORT: "8080" }).trustedOrigins).toEqual(["http://localhost:8080"]);
    const env = readServerEnv({ PUBLIC_URL: "https://chat.example.com/app/", TRUSTED_ORIGINS: " http://localhost:5173 , https://Admin.Example.com/,https://chat.example.com" });
    expect(env.trustedOrigins).toEqual(["https://chat.example.com", "http://localhost:5173", "https://admin.example.com"]);
  });

  it("refuse to start on an entry that is not an origin, naming it", () => {
    for (const entry of ["*", "https://*.example.com", "example.com", "https://example.com/admin", "ftp://example.com", "https://user:pw@example.com", "null"]) {
      expect(() => readServerEnv({ TRUSTED_ORIGINS: `http://localhost:5173,${entry}` }), entry).toThrow(/TRUSTED_ORIGINS: .* is not an origin/);
    }
  });

  it("ignore an empty TRUSTED_ORIGINS", () => {
    expect(readServerEnv({ TRUSTED_ORIGINS: "  " }).trustedOrigins).toEqual(["http://localhost:3000"]);
  });
});
