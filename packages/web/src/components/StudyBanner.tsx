/** The warning that must never be missed while the data shown are the synthetic demo study. */
export function StudyBanner({ detail }: { detail?: string }) {
  return (
    <div className="study-banner" role="note" data-testid="study-banner">
      <strong>Synthetic demo data — not real patients</strong>
      {detail === undefined ? null : <span className="study-banner-detail">{detail}</span>}
    </div>
  );
}
