import { useSession } from '../../app/session';
import { PageHeader } from '../../components/ui';
import { DASHBOARD_CARDS } from './cards';

export function DashboardPage() {
  const user = useSession((s) => s.info?.person);
  return (
    <>
      <PageHeader title="Dashboard" subtitle={user ? `Good to see you, ${user.name.split(' ')[0]}.` : undefined} />
      <div className="dashboard-grid">
        {DASHBOARD_CARDS.map(({ id, Card, wide }) => (
          <div key={id} className={wide ? 'dashboard-cell dashboard-wide' : 'dashboard-cell'}>
            <Card />
          </div>
        ))}
      </div>
    </>
  );
}
