import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/api/sync';
import { call } from '../../api/client';
import { JoinTeamSection } from './JoinTeam';
import './sync.css';

/**
 * Settings, for the QA lead of a standalone database (decision 66): how to move it, with
 * everyone's work, onto the council's team server, and the form to join it once the IT team has
 * started the server from this database file.
 */
export function MoveToTeamServer({ onJoined }: { onJoined: () => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refresh = useCallback(async () => {
    try {
      setStatus(await call('sync:status', {}));
    } catch {
      setStatus(null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (!status || status.state !== 'not-joined') return null;
  return (
    <section className="card" aria-labelledby="move-heading">
      <h2 id="move-heading">Move to a team server</h2>
      <p>
        This database is standalone: everything in it is on this laptop only. To move it, with everyone&apos;s work, onto your council&apos;s team server, your IT
        team starts a <strong>new</strong> team server from this database file and its key:
      </p>
      <pre className="move-command">
        <code>plumbline team-server init --data DIR --from-db plumbline.db</code>
      </pre>
      <p>
        You stay the same person, with the same passphrase. Then join the server here. Everything recorded on this laptop is sent to it once, and the
        laptop becomes yours alone: each auditor and moderator then joins from their own laptop with the passphrase they use here, and receives what
        they may see.
      </p>
      <JoinTeamSection
        level={3}
        heading="Join the team server"
        intro="Sign in to the team server with your own login and passphrase."
        onDone={() => {
          void refresh();
          onJoined();
        }}
      />
    </section>
  );
}
