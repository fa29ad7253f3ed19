export { createTestBrowser, createTestServices } from "./caller";
export type { TestBrowser } from "./caller";
