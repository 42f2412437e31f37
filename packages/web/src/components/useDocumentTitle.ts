import { useEffect } from "react";

/** Sets the tab title, so that several open patients can be told apart. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title.length > 0 ? `${title} · carta` : "carta";
  }, [title]);
}
