import { PageHeader } from '../components/ui';

/** A page the signed-in person's role may not open: say so plainly, never a broken page. */
export function NoAccess() {
  return (
    <>
      <PageHeader title="You do not have access to this page" />
      <div className="card" role="status">
        <p>Your role cannot open this part of Plumbline. If you need it for your work, ask your QA lead.</p>
        <p><a href="#/">Go to the dashboard</a></p>
      </div>
    </>
  );
}
