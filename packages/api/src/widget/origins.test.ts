import { describe, expect, it } from "vitest";
import { isOriginAllowed, normalizeOrigin } from "./origins";

describe("origins", () => {
  it("normalises bare origins and wildcards, refuses paths and other schemes", () => {
    expect(normalizeOrigin("https://Shop.COM/")).toBe("https://shop.com");
    expect(normalizeOrigin("http://localhost:8080")).toBe("http://localhost:8080");
    expect(normalizeOrigin("https://*.shop.com")).toBe("https://*.shop.com");
    expect(normalizeOrigin("https://shop.com/cart")).toBeNull();
    expect(normalizeOrigin("ftp://shop.com")).toBeNull();
    expect(normalizeOrigin("shop.com")).toBeNull();
  });

  it("allows listed origins and subdomains of a wildcard, nothing on an empty list", () => {
    const list = ["https://shop.com", "https://*.tea.com"];
    expect(isOriginAllowed("https://shop.com", list, { allowLocalhost: false })).toBe(true);
    expect(isOriginAllowed("http://shop.com", list, { allowLocalhost: false })).toBe(false);
    expect(isOriginAllowed("https://eu.tea.com", list, { allowLocalhost: false })).toBe(true);
    expect(isOriginAllowed("https://tea.com.evil.test", list, { allowLocalhost: false })).toBe(false);
    expect(isOriginAllowed("https://eviltea.com", list, { allowLocalhost: false })).toBe(false);
    expect(isOriginAllowed("https://shop.com", [], { allowLocalhost: false })).toBe(false);
    expect(isOriginAllowed(null, list, { allowLocalhost: true })).toBe(false);
  });

  it("allows localhost only when development allows it", () => {
    expect(isOriginAllowed("http://localhost:5173", [], { allowLocalhost: false })).toBe(false);
    expect(isOriginAllowed("http://localhost:5173", [], { allowLocalhost: true })).toBe(true);
    expect(isOriginAllowed("http://127.0.0.1:3000", [], { allowLocalhost: true })).toBe(true);
  });
});
