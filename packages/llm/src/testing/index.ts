export {
  createOpenAiTestServer,
  embeddingOf,
  type OpenAiTestServer,
  type OpenAiTestServerOptions,
  type RecordedBody,
  type RecordedRequest,
  type TestServerBehaviour,
} from "./openaiTestServer.ts";
export { embedByTopic } from "./embedByTopic.ts";
export { useOpenAiTestServer, type OpenAiTestServerInFile } from "./useOpenAiTestServer.ts";
