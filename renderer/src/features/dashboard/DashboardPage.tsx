import { PageHeader } from '../../components/ui';
import { useSession } from '../../app/session';

export function DashboardPage() {
  const user = useSession((s) => s.info?.user);
  return (
    <>
      <PageHeader title="Dashboard" subtitle={user ? `Good to see you, ${user.name.split(' ')[0]}.` : undefined} />
      <section className="card">
        <h2>Your work</h2>
        <p>Your audits in progress, submitted and returned appear here.</p>
      </section>
    </>
  );
}
