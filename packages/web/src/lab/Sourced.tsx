import type { ReactNode } from "react";

/**
 * A number with its provenance: the source (model version, method, run) is the tooltip, and the dotted
 * underline says there is one. Keyboard users reach it with Tab; the sentence is also its accessible
 * description, so a screen reader says where the number came from.
 */
export function Sourced({
  source,
  children,
  testId,
}: {
  source: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the tooltip must be reachable without a mouse
    <span className="sourced" title={source} tabIndex={0} aria-description={source} data-testid={testId}>
      {children}
    </span>
  );
}

/** The caption under a figure or table that says where its numbers come from. */
export function SourceNote({ children }: { children: ReactNode }) {
  return <p className="source-note">{children}</p>;
}

/** Shown in place of a figure an older stored run does not carry. */
export function NotComputed({ what }: { what: string }) {
  return (
    <p className="empty not-computed" data-testid="not-computed">
      {what}: not computed in this run.
    </p>
  );
}

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-label={label}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
