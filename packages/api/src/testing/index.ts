export { createTestBrowser, createTestServices } from "./caller";
export type { TestBrowser } from "./caller";
export { createTestMail } from "./testMail";
