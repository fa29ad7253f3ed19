import type { Locator } from "@playwright/test";

/**
 * Counts what a person does: every click, every field typed into, every key
 * that sends (Enter), every file chosen. A spec drives the page only through
 * it where the count matters, and reads `count` and `log` at the end.
 */
export function countActions() {
  const log: string[] = [];
  const act = async (what: string, run: () => Promise<void>) => {
    log.push(what);
    await run();
  };
  return {
    click: (target: Locator, what: string) => act(`click ${what}`, () => target.click()),
    type: (target: Locator, text: string, what: string) => act(`type ${what}`, () => target.fill(text)),
    press: (target: Locator, key: string, what: string) => act(`press ${key} in ${what}`, () => target.press(key)),
    upload: (target: Locator, files: string | string[], what: string) => act(`upload ${what}`, () => target.setInputFiles(files)),
    get count() {
      return log.length;
    },
    log,
  };
}
