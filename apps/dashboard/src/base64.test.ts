import { describe, expect, it } from "vitest";
import { base64FromArrayBuffer } from "./base64";

describe("base64FromArrayBuffer", () => {
  it("matches Node's encoder for text and binary", () => {
    const text = new TextEncoder().encode("question,answer\nÜber uns?,Wir sind ein Teeladen 🍵\n");
    expect(base64FromArrayBuffer(text.buffer)).toBe(Buffer.from(text).toString("base64"));
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64FromArrayBuffer(binary)).toBe(Buffer.from(binary).toString("base64"));
    expect(base64FromArrayBuffer(new ArrayBuffer(0))).toBe("");
  });

  it("handles files larger than one slice", () => {
    const big = Uint8Array.from({ length: 200_003 }, (_, i) => (i * 31) % 256);
    expect(base64FromArrayBuffer(big)).toBe(Buffer.from(big).toString("base64"));
  });
});
