// npm run eval -- intents|retrieval --data FILE
// Formats: ../shared/eval/README.md. Prints one JSON object of metrics, then
// a last line the harness can grep (accuracy=..., or p@1=... mrr=...).
import { readFileSync } from "node:fs";
import { evaluateIntents, type IntentEvalSet } from "@chatwright/nlp";

type Subcommand = (file: string) => { metrics: object; lastLine: string };

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const parseIntentEvalSet = (data: unknown): IntentEvalSet => {
  if (!isRecord(data) || !isRecord(data.intents) || !Array.isArray(data.test)) {
    throw new Error('Not an intent eval set: expected { "name", "intents": { "<intent>": ["example", ...] }, "test": [{ "text", "intent" }] }.');
  }
  const intents: Record<string, string[]> = {};
  for (const [name, examples] of Object.entries(data.intents)) {
    if (!Array.isArray(examples) || !examples.every((e) => typeof e === "string")) throw new Error(`Intent "${name}": examples must be an array of strings.`);
    intents[name] = examples;
  }
  const test = data.test.map((item: unknown, i) => {
    if (!isRecord(item) || typeof item.text !== "string" || !(item.intent === null || typeof item.intent === "string")) {
      throw new Error(`test[${i}]: expected { "text": string, "intent": string | null }.`);
    }
    return { text: item.text, intent: item.intent };
  });
  return { name: typeof data.name === "string" ? data.name : "unnamed", intents, test };
};

const evalIntents: Subcommand = (file) => {
  const metrics = evaluateIntents(parseIntentEvalSet(readJson(file)));
  return { metrics, lastLine: `accuracy=${metrics.accuracy}` };
};

const evalRetrieval: Subcommand = () => {
  throw new Error("retrieval eval needs the knowledge package (issue 4), not built yet");
};

const subcommands: Record<string, Subcommand> = { intents: evalIntents, retrieval: evalRetrieval };

const main = (): void => {
  const [name, ...rest] = process.argv.slice(2);
  const dataIndex = rest.indexOf("--data");
  const file = dataIndex >= 0 ? rest[dataIndex + 1] : undefined;
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (subcommand === undefined || file === undefined) {
    console.error(`usage: npm run eval -- ${Object.keys(subcommands).join("|")} --data FILE`);
    process.exit(2);
  }
  const { metrics, lastLine } = subcommand(file);
  console.log(JSON.stringify(metrics));
  console.log(lastLine);
};

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
