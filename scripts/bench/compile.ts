import { compileFlow } from "@chatwright/flow";
import { generateFlow, BENCH_INTENTS } from "./generateFlow";
import { elapsedMs, emit, round, summarize } from "./stats";

/** compileFlow (validate + compile) on generated flows: median (and p95) of several runs after a warm-up. */
export function benchCompile(sizes: readonly number[] = [50, 500, 2000]): void {
  for (const size of sizes) {
    const graph = generateFlow(size);
    const options = { intents: [...BENCH_INTENTS] };
    const first = compileFlow(graph, options);
    if (!first.ok) throw new Error(`generated ${size}-node flow does not compile: ${first.errors.map((e) => e.message).join("; ")}`);
    const runs = size >= 2000 ? 15 : 30;
    for (let i = 0; i < 3; i++) compileFlow(graph, options);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      compileFlow(graph, options);
      samples.push(elapsedMs(start));
    }
    const { p50, p95 } = summarize(samples);
    emit({ metric: "compile", nodes: graph.nodes.length, ms: round(p50), p95_ms: round(p95), runs, warnings: first.warnings.length });
  }
}
