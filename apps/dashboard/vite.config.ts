import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The Fastify server serves dist/ at `/` and the API at `/trpc`. In dev, Vite
// proxies the API to it. The Host header is kept (no changeOrigin) so the
// server's same-origin CSRF check sees the page's own origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      "/trpc": { target: "http://localhost:3000", ws: true },
      // A bot's try page (and the widget script it loads) is the server's.
      "/try/": { target: "http://localhost:3000" },
      "^/widget(\\.[A-Za-z0-9]+)?\\.js$": { target: "http://localhost:3000" },
    },
  },
});
