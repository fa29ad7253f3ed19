export { appRouter } from "./routers";
export type { AppRouter } from "./routers";
export { createCallerFactory } from "./trpc";
export type { Context, ApiServices, RequestInfo, SessionCookieJar } from "./context";
export { createLoginThrottle } from "./auth/throttle";
export type { LoginThrottle } from "./auth/throttle";
export { setWorkspacePlan, PLANS } from "./workspaces/workspaces";
export { DomainError } from "./errors";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
