import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";

describe("mail settings", () => {
  it("without SMTP_URL: emails go to the log, and to the dev mailbox outside production", () => {
    expect(readServerEnv({})).toMatchObject({ smtp: null, hasDevMailbox: true, mailFrom: "Chatwright <no-reply@localhost>" });
    expect(readServerEnv({ NODE_ENV: "production" })).toMatchObject({ smtp: null, hasDevMailbox: false });
  });

  it("SMTP_URL with MAIL_FROM: real email, no dev mailbox", () => {
    const env = readServerEnv({ SMTP_URL: "smtps://user:secret@mail.example:465", MAIL_FROM: "Chatwright <no-reply@shop.example>" });
    expect(env).toMatchObject({ smtp: { url: "smtps://user:secret@mail.example:465", from: "Chatwright <no-reply@shop.example>" }, hasDevMailbox: false });
    expect(readServerEnv({ SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "bot@shop.example" }).smtp).toEqual({ url: "smtp://127.0.0.1:2525", from: "bot@shop.example" });
  });

  it("refuse to start on a wrong SMTP_URL or MAIL_FROM, or SMTP_URL alone, naming the variable", () => {
    expect(() => readServerEnv({ SMTP_URL: "https://mail.example", MAIL_FROM: "a@b.example" })).toThrow(/SMTP_URL: expected smtp:\/\//);
    expect(() => readServerEnv({ SMTP_URL: "smtp://mail.example", MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM: expected an address/);
    expect(() => readServerEnv({ SMTP_URL: "smtp://mail.example" })).toThrow(/MAIL_FROM: required when SMTP_URL is set/);
  });

  it("links in emails use PUBLIC_URL when it is set", () => {
    expect(readServerEnv({}).isPublicUrlSet).toBe(false);
    expect(readServerEnv({ PUBLIC_URL: "https://app.shop.example" })).toMatchObject({ isPublicUrlSet: true, publicUrl: "https://app.shop.example" });
  });
});
