import { useDocumentTitle } from "../components/useDocumentTitle.js";
import { Link } from "../router/Link.js";

export function NotFoundPage({ path }: { path: string }) {
  useDocumentTitle("Page not found");
  return (
    <div className="status status-error not-found" role="alert" data-testid="page-not-found">
      <h1 className="page-title">Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. Go to the <Link href="/">study at a glance</Link>.
      </p>
    </div>
  );
}
