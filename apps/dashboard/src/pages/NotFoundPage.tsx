import { PlainLayout } from "../components/PlainLayout";
import { PageHeading } from "../components/PageHeading";
import { Link } from "../components/Link";

export function NotFoundPage({ title = "Page not found", detail }: { title?: string; detail?: string }) {
  return (
    <PlainLayout>
      <div className="card narrow">
        <PageHeading>{title}</PageHeading>
        <p>{detail ?? "This address does not match any page of the dashboard. It may have been mistyped or the link may be old."}</p>
        <p>
          <Link href="/">Go to your bots</Link>
        </p>
      </div>
    </PlainLayout>
  );
}
