/** Marks one synthetic patient wherever it is listed or shown. */
export function SyntheticBadge() {
  return (
    <span className="badge badge-synthetic" title="Generated for the demo study; not a real patient">
      synthetic
    </span>
  );
}
