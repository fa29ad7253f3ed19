import { z } from "zod";
import { DomainError } from "../errors";
import { publicProcedure, router } from "../trpc";

const mailSchema = z.object({ id: z.number(), from: z.string(), to: z.string(), subject: z.string(), text: z.string(), sentAt: z.date() });

/**
 * The dev mailbox (/dev/mailbox): the emails this process would have sent,
 * newest first. Only outside production and without SMTP_URL; anywhere else
 * it does not exist.
 */
export const devMailboxRouter = router({
  messages: publicProcedure.output(z.array(mailSchema)).query(({ ctx }) => {
    const mailbox = ctx.mail?.devMailbox;
    if (!mailbox) throw new DomainError("NOT_FOUND", "There is no dev mailbox on this server: it sends real email (SMTP_URL), or runs in production.");
    return mailbox.list().map(({ id, from, to, subject, text, sentAt }) => ({ id, from, to, subject, text, sentAt }));
  }),
});
