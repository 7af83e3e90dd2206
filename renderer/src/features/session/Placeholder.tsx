import { EmptyState, PageHeader } from '../../components/ui';

export function Placeholder({ path }: { path: string }) {
  return (
    <>
      <PageHeader title="Coming soon" />
      <EmptyState title={`This part of Plumbline (${path}) is being built.`} />
    </>
  );
}
