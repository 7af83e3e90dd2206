import './demo-banner.css';

/** Shown on every page of a demo database; it cannot be closed. */
export function DemoBanner({ demo }: { demo: boolean }) {
  if (!demo) return null;
  return (
    <div className="demo-banner" role="status">
      Demo data — not real children’s records
    </div>
  );
}
