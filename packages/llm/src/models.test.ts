import { describe, expect, it } from "vitest";
import { costOf } from "./costOf.ts";
import { DEFAULT_MODEL_ID, fallbackModelFor, LlmModelNotAllowedError, MODELS, resolveModel } from "./models.ts";

describe("model registry", () => {
  it("lists the two models with prices and context windows", () => {
    expect(MODELS.map((model) => model.id)).toEqual(["mistralai/mistral-small-3.1-24b-instruct", "openai/gpt-4o-mini"]);
    for (const model of MODELS) {
      expect(model.contextWindowTokens).toBeGreaterThan(0);
      expect(model.pricePerMillionTokens.input).toBeGreaterThan(0);
    }
    expect(MODELS.some((model) => model.id === DEFAULT_MODEL_ID)).toBe(true);
  });

  it("resolves listed ids on any plan and the default for an empty id", () => {
    expect(resolveModel("openai/gpt-4o-mini", { allowAnyModel: false }).label).toBe("GPT-4o mini");
    expect(resolveModel(undefined, { allowAnyModel: false }).id).toBe(DEFAULT_MODEL_ID);
    expect(resolveModel("  ", { allowAnyModel: false }).id).toBe(DEFAULT_MODEL_ID);
  });

  it("allows any well-formed id only when the plan allows any model", () => {
    expect(() => resolveModel("anthropic/claude-3.5-sonnet", { allowAnyModel: false })).toThrow(LlmModelNotAllowedError);
    expect(() => resolveModel("anthropic/claude-3.5-sonnet", { allowAnyModel: false })).toThrow(/not available on this plan/);
    expect(resolveModel("anthropic/claude-3.5-sonnet", { allowAnyModel: true })).toEqual({
      id: "anthropic/claude-3.5-sonnet",
      label: "anthropic/claude-3.5-sonnet",
      contextWindowTokens: null,
      pricePerMillionTokens: null,
      isListed: false,
    });
    expect(resolveModel("meta-llama/llama-3.1-8b-instruct:free", { allowAnyModel: true }).isListed).toBe(false);
    for (const bad of ["not a model", "https://evil.example/x", "noslash", "a/b c"]) {
      expect(() => resolveModel(bad, { allowAnyModel: true }), bad).toThrow(LlmModelNotAllowedError);
    }
  });

  it("falls back to the other listed model, and custom models to the default", () => {
    expect(fallbackModelFor("openai/gpt-4o-mini")).toBe("mistralai/mistral-small-3.1-24b-instruct");
    expect(fallbackModelFor("mistralai/mistral-small-3.1-24b-instruct")).toBe("openai/gpt-4o-mini");
    expect(fallbackModelFor("anthropic/claude-3.5-sonnet")).toBe(DEFAULT_MODEL_ID);
  });
});

describe("costOf", () => {
  it("prices usage at the registry's per-million rates", () => {
    // 1M prompt tokens at $0.15 + 1M completion tokens at $0.60
    expect(costOf("openai/gpt-4o-mini", { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(0.75);
    expect(costOf("openai/gpt-4o-mini", { promptTokens: 1_000, completionTokens: 250 })).toBe(0.0003);
    expect(costOf("mistralai/mistral-small-3.1-24b-instruct", { promptTokens: 2_000, completionTokens: 500 })).toBe(0.00098);
  });

  it("prices embeddings models listed apart from the chat models", () => {
    expect(costOf("openai/text-embedding-3-small", { promptTokens: 1_000_000, completionTokens: 0 })).toBe(0.02);
    expect(MODELS.map((model): string => model.id)).not.toContain("openai/text-embedding-3-small");
  });

  it("is null for a model without a known price", () => {
    expect(costOf("anthropic/claude-3.5-sonnet", { promptTokens: 10, completionTokens: 10 })).toBeNull();
  });
});
