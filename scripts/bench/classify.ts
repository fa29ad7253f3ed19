import { createSentenceEncoder } from "@chatwright/encoder";
import { getFlowTemplate } from "@chatwright/flow";
import { classifyIntent, encodeExamples, encodeQuery, trainIntentClassifier, type SentenceEncoder } from "@chatwright/nlp";
import { elapsedMs, emit, round, summarize } from "./stats";
import { VISITOR_TEXTS } from "./turns";

/**
 * One intent node's classification of a visitor message, as a turn does it:
 * words alone, and with the sentence encoder (encoding the message included).
 * Every message is new (a numbered variant), so the encoder's cache never
 * answers. Prints p50/p95/p99, CPU per message (all threads) with the
 * classifications one core does per second, and the event loop's busy time
 * per message (the encoder runs on a worker thread).
 */
export async function benchClassify(messages = 400): Promise<void> {
  const template = getFlowTemplate("greeting-router");
  if (!template) throw new Error("flows/greeting-router.json is missing");
  const intents = template.intents.map((i) => ({ name: i.name, examples: i.examples }));
  const texts = Array.from({ length: messages }, (_, i) => `${VISITOR_TEXTS[i % VISITOR_TEXTS.length] ?? ""} ${i}`);
  const encoders: (SentenceEncoder | null)[] = [null, createSentenceEncoder()];
  for (const encoder of encoders) {
    const trainStart = process.hrtime.bigint();
    const model = trainIntentClassifier({ intents, ...(encoder ? { sentenceVectors: await encodeExamples(encoder, intents) } : {}) });
    const trainMs = elapsedMs(trainStart);
    const classify = async (text: string) => classifyIntent(model, text, await encodeQuery(model, encoder, text));
    for (const text of texts.slice(0, 20)) await classify(`${text} warm-up`);
    const samples: number[] = [];
    const cpuStart = process.cpuUsage();
    const loopStart = performance.eventLoopUtilization();
    for (const text of texts) {
      const start = process.hrtime.bigint();
      await classify(text);
      samples.push(elapsedMs(start));
    }
    const cpu = process.cpuUsage(cpuStart);
    // the event loop's own busy time: what other conversations wait for (the encoder runs on its worker thread)
    const loop = performance.eventLoopUtilization(loopStart);
    const cpuMsEach = (cpu.user + cpu.system) / 1000 / texts.length;
    const { p50, p95, p99 } = summarize(samples);
    emit({
      metric: "intent_classify",
      encoder: encoder?.name ?? "words",
      intents: intents.length,
      messages: texts.length,
      p50_ms: round(p50),
      p95_ms: round(p95),
      p99_ms: round(p99),
      cpu_ms_each: round(cpuMsEach),
      per_core_per_s: Math.round(1000 / cpuMsEach),
      event_loop_ms_each: round(loop.active / texts.length),
      train_ms: round(trainMs),
    });
  }
}
