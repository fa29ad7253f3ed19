import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";

/** Ask for Enterprise (advanced models, white-label, API keys): the request is stored and the Chatwright team is told. */
export function EnterpriseRequestForm({ workspaceId, ownerName, ownerEmail, lastRequest }: { workspaceId: string; ownerName: string; ownerEmail: string; lastRequest: { createdAt: string; email: string } | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [contactName, setContactName] = useState(ownerName);
  const [email, setEmail] = useState(ownerEmail);
  const [phone, setPhone] = useState("");
  const [message, setMessage] = useState("");
  const send = useMutation(trpc.billing.requestEnterprise.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.billing.status.pathFilter()) }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({ workspaceId, contactName, email, message, ...(phone.trim() ? { phone } : {}) });
  };

  return (
    <section aria-labelledby="enterprise-heading" className="panel enterprise-request">
      <h2 id="enterprise-heading">Enterprise</h2>
      <p>Any AI model (advanced models), a white-label widget without “Powered by Chatwright”, and the workflow API with API keys. Priced by contract.</p>
      {lastRequest ? (
        <p className="success" role="status" data-testid="enterprise-requested">
          We have your request from {new Date(lastRequest.createdAt).toLocaleDateString("en-GB", { day: "numeric", month: "long" })} and will answer at {lastRequest.email}.
        </p>
      ) : (
        <form onSubmit={onSubmit} aria-label="Ask for Enterprise">
          <div className="enterprise-fields">
            <div className="field">
              <label htmlFor="enterprise-name">Your name</label>
              <input id="enterprise-name" value={contactName} maxLength={200} required onChange={(event) => setContactName(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="enterprise-email">Email</label>
              <input id="enterprise-email" type="email" value={email} maxLength={320} required onChange={(event) => setEmail(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="enterprise-phone">Phone (optional)</label>
              <input id="enterprise-phone" type="tel" value={phone} maxLength={50} onChange={(event) => setPhone(event.target.value)} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="enterprise-message">What do you need?</label>
            <textarea
              id="enterprise-message"
              rows={3}
              value={message}
              maxLength={4000}
              required
              placeholder="For example: 12 shops, our own AI model, the widget in our brand."
              onChange={(event) => setMessage(event.target.value)}
            />
          </div>
          {send.isError ? (
            <p className="form-error" role="alert">
              {describeError(send.error).message}
            </p>
          ) : null}
          <button type="submit" disabled={send.isPending}>
            {send.isPending ? "Sending…" : "Ask for Enterprise"}
          </button>
        </form>
      )}
    </section>
  );
}
