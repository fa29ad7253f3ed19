import { z } from "zod";
import { variableNameSchema } from "../../variables.ts";
import { defineNodeType, nodeLabelSchema, noReads } from "../defineNodeType.ts";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const DOT_PATH_PATTERN = /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/;

export const httpDataSchema = z.object({
  label: nodeLabelSchema,
  method: z.enum(HTTP_METHODS),
  /** Templated; substituted values are URL-encoded. */
  url: z.string().trim().min(1, "enter the address to call").max(2000),
  headers: z.record(z.string().min(1).max(200), z.string().max(2000)),
  /** Templated; when the body is JSON, substituted values are escaped as JSON string content. */
  body: z.string().max(20_000),
  timeoutMs: z.number().int().min(100).max(30_000),
  responseMapping: z
    .array(
      z.object({
        variable: variableNameSchema,
        path: z.string().regex(DOT_PATH_PATTERN, "use a dot path such as order.status"),
      }),
    )
    .max(30),
});
export type HttpData = z.infer<typeof httpDataSchema>;

export const httpDefaults = {
  method: "GET",
  url: "https://example.com/api/orders/{{ order_number }}",
  headers: {},
  body: "",
  timeoutMs: 5000,
  responseMapping: [{ variable: "order_status", path: "status" }],
} as const satisfies HttpData;

export const httpNode = defineNodeType({
  type: "http",
  title: "HTTP request",
  kind: "work",
  dataSchema: httpDataSchema,
  defaults: httpDefaults,
  outputs: () => [
    { handle: "ok", isRequired: true },
    { handle: "error", isRequired: false },
  ],
  writes: (data, handle) => (handle === "ok" ? data.responseMapping.map((mapping) => mapping.variable) : []),
  templates: (data) => [data.url, data.body, ...Object.values(data.headers)],
  reads: noReads,
});
