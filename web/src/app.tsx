/** The shell: the token gate, the navigation, and the view the hash names. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api/client';
import type { Whoami } from './api/types';
import { useRoute } from './route';
import { forgetToken, storedToken } from './session';
import { AuditView } from './views/audit';
import { IncidentDetail } from './views/incident-detail';
import { IncidentList } from './views/incident-list';
import { Login } from './views/login';
import { Overview } from './views/overview';
import { RegistryView } from './views/registry';
import { RolloutLive } from './views/rollout-live';

export function App() {
  const [me, setMe] = useState<Whoami | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [checking, setChecking] = useState(() => storedToken() !== undefined);
  const route = useRoute();

  const check = () => {
    if (!storedToken()) return;
    setChecking(true);
    api<Whoami>('/whoami')
      .then((who) => {
        setMe(who);
        setProblem(undefined);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) forgetToken();
        setProblem(error instanceof Error ? error.message : String(error));
        setMe(undefined);
      })
      .finally(() => setChecking(false));
  };
  useEffect(check, []);

  if (!me) return <Login busy={checking} problem={problem} onToken={check} />;
  const signOut = () => {
    forgetToken();
    setMe(undefined);
  };
  const current = route.view;
  const link = (to: string, label: string, active: boolean) => (
    <a href={to} aria-current={active ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <strong class="brand">ripcord</strong>
        <nav aria-label="Sections">
          {link('#/', 'Models', current === 'overview' || current === 'rollout')}
          {link('#/incidents', 'Incidents', current === 'incidents' || current === 'incident')}
          {link('#/registry', 'Registry', current === 'registry')}
          {link('#/audit', 'Audit', current === 'audit')}
        </nav>
        <span class="who" data-testid="whoami">
          {me.name} · {me.role}
        </span>
        <button type="button" class="quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route.view === 'overview' && <Overview />}
        {route.view === 'rollout' && <RolloutLive name={route.name} me={me} />}
        {route.view === 'incidents' && <IncidentList />}
        {route.view === 'incident' && <IncidentDetail id={route.id} />}
        {route.view === 'registry' && <RegistryView model={route.model} />}
        {route.view === 'audit' && <AuditView />}
      </main>
    </>
  );
}
