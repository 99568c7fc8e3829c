/** Asks for the API token once; it stays in this tab's sessionStorage and is sent only as a header. */
import { useState } from 'preact/hooks';
import { storeToken } from '../session';

export function Login({
  busy,
  problem,
  onToken,
}: {
  busy: boolean;
  problem?: string | undefined;
  onToken(): void;
}) {
  const [token, setToken] = useState('');
  return (
    <main class="login" id="main">
      <h1>ripcord</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!token.trim()) return;
          storeToken(token);
          setToken('');
          onToken();
        }}
      >
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-describedby="token-help"
        />
        <p id="token-help" class="muted">
          Kept in this tab only (sessionStorage) and sent as the Authorization header. `ripcord up` prints one
          and writes it to .ripcord/credentials; `ripcord token create --name NAME --role viewer` makes
          another.
        </p>
        {problem && (
          <p role="alert" class="error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
