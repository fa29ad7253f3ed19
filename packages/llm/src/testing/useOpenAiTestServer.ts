import { afterAll, beforeAll, beforeEach } from "vitest";
import { createOpenAiTestServer, type OpenAiTestServer, type OpenAiTestServerOptions } from "./openaiTestServer.ts";

export interface OpenAiTestServerInFile extends Omit<OpenAiTestServer, "start"> {
  /** The running server's `/v1` address (after the file's beforeAll). */
  readonly baseURL: string;
}

/**
 * The local OpenAI-compatible server for one test file: started before its
 * tests, emptied (queue and request log) before each, closed after them.
 */
export function useOpenAiTestServer(options: OpenAiTestServerOptions = {}): OpenAiTestServerInFile {
  const server = createOpenAiTestServer(options);
  let running: { baseURL: string; close(): Promise<void> } | null = null;
  beforeAll(async () => {
    running = await server.start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => server.reset());
  return {
    get baseURL() {
      if (running === null) throw new Error("The OpenAI test server starts in beforeAll: read baseURL inside a test or hook.");
      return running.baseURL;
    },
    get requests() {
      return server.requests;
    },
    enqueue: (...behaviours) => server.enqueue(...behaviours),
    reset: () => server.reset(),
  };
}
