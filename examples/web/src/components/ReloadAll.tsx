import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { Button } from './Button';

/** Every query on screen at once: after expiry they fail together and share one refresh. */
export function ReloadAll() {
  const client = useApolloClient();
  const [pending, setPending] = useState(false);

  async function reload() {
    setPending(true);
    try {
      await client.refetchQueries({ include: 'active' });
    } catch {
      // Each query shows its own error.
    } finally {
      setPending(false);
    }
  }

  return (
    <Button variant="secondary" pending={pending} onClick={() => void reload()} data-testid="reload-all">
      Reload everything
    </Button>
  );
}
