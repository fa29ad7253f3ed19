import type { FastifyInstance } from "fastify";
import { INPUT_TOO_DEEP_MESSAGE, isNestedDeeperThan, MAX_INPUT_DEPTH } from "@chatwright/api";

/**
 * JSON bodies (the workflow API's and any route's registered after this)
 * are parsed by Fastify's own parser — it keeps refusing `__proto__` and
 * `constructor` keys — and refused with 400 when they nest deeper than
 * MAX_INPUT_DEPTH, before a route's zod schema walks them recursively. tRPC
 * parses its own bodies; its procedures check the same depth.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? "error", app.initialConfig.onConstructorPoisoning ?? "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    parseJson(req, typeof body === "string" ? body : body.toString("utf8"), (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (isNestedDeeperThan(value, MAX_INPUT_DEPTH)) return done(Object.assign(new Error(INPUT_TOO_DEEP_MESSAGE), { statusCode: 400 }), undefined);
      done(null, value);
    });
  });
}
