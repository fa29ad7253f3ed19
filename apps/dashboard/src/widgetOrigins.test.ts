import { describe, expect, it } from "vitest";
import { parseAllowedOrigin, widgetSnippet } from "./widgetOrigins";

describe("parseAllowedOrigin", () => {
  it("accepts bare origins (adding https:// when left out) and subdomain wildcards", () => {
    expect(parseAllowedOrigin(" https://Shop.com/ ")).toEqual({ origin: "https://shop.com" });
    expect(parseAllowedOrigin("shop.com")).toEqual({ origin: "https://shop.com" });
    expect(parseAllowedOrigin("http://localhost:8080")).toEqual({ origin: "http://localhost:8080" });
    expect(parseAllowedOrigin("https://*.shop.com")).toEqual({ origin: "https://*.shop.com" });
  });

  it("explains what is wrong", () => {
    expect(parseAllowedOrigin("https://shop.com/cart")).toEqual({ error: expect.stringContaining("Leave out the page path") });
    expect(parseAllowedOrigin("ftp://shop.com")).toEqual({ error: expect.stringContaining("Only http") });
    expect(parseAllowedOrigin("")).toEqual({ error: expect.stringContaining("Enter your shop's address") });
  });

  it("builds the snippet", () => {
    expect(widgetSnippet("https://app.test", "pk_1")).toBe('<script src="https://app.test/widget.js" data-bot="pk_1" async></script>');
  });
});
