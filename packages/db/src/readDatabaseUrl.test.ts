import { describe, expect, it } from "vitest";
import { readDatabaseUrl } from "./readDatabaseUrl";

describe("readDatabaseUrl", () => {
  it("treats unset, empty and blank alike: the embedded database", () => {
    expect(readDatabaseUrl({})).toBeUndefined();
    expect(readDatabaseUrl({ DATABASE_URL: "" })).toBeUndefined();
    expect(readDatabaseUrl({ DATABASE_URL: "  " })).toBeUndefined();
  });

  it("returns a set URL without surrounding spaces", () => {
    expect(readDatabaseUrl({ DATABASE_URL: " postgresql://postgres@127.0.0.1:5432/test\n" })).toBe("postgresql://postgres@127.0.0.1:5432/test");
  });
});
