import { useQuery } from "@tanstack/react-query";
import "../account/account.css";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { linkifyText } from "../account/linkifyText";
import { PageHeading } from "../components/PageHeading";
import { PlainLayout } from "../components/PlainLayout";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * `/dev/mailbox`: outside production without SMTP_URL, the emails the server
 * would have sent (password resets, invitations…), newest first, with their
 * links, so those flows can be tried on a laptop.
 */
export function DevMailboxPage() {
  const trpc = useTRPC();
  const mails = useQuery({ ...trpc.devMailbox.messages.queryOptions(), refetchInterval: 3_000, retry: false });

  return (
    <PlainLayout>
      <div className="card mailbox">
        <PageHeading>Dev mailbox</PageHeading>
        <p className="lede">
          This server sends no real email (SMTP_URL is not set), so its emails land here and in the log. The newest comes first; the page refreshes on its own.
        </p>
        {mails.isPending ? (
          <p role="status">Loading…</p>
        ) : mails.isError ? (
          <p role="alert" className="form-error">
            {describeError(mails.error).message}
          </p>
        ) : mails.data.length === 0 ? (
          <p className="notice">No emails yet. Ask for a password reset or invite someone, and it appears here.</p>
        ) : (
          <ul className="mailbox-list" aria-label="Emails">
            {mails.data.map((mail, index) => (
              <li key={mail.id}>
                <details className="mailbox-item" open={index === 0}>
                  <summary>
                    <span className="mailbox-subject">{mail.subject}</span>
                    <time className="mailbox-time" dateTime={new Date(mail.sentAt).toISOString()}>
                      {timeFormat.format(new Date(mail.sentAt))}
                    </time>
                    <span className="mailbox-meta">
                      To {mail.to} · from {mail.from}
                    </span>
                  </summary>
                  <p className="mailbox-body">
                    {linkifyText(mail.text).map((part, partIndex) =>
                      part.kind === "link" ? (
                        <a key={partIndex} href={part.url}>
                          {part.url}
                        </a>
                      ) : (
                        part.text
                      ),
                    )}
                  </p>
                </details>
              </li>
            ))}
          </ul>
        )}
      </div>
    </PlainLayout>
  );
}
