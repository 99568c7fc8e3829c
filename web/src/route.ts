/** Hash routes (`#/rollouts/r1`): the page is one static file, and a link is shareable without the token. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'overview' }
  | { view: 'rollout'; name: string }
  | { view: 'incidents' }
  | { view: 'incident'; id: string }
  | { view: 'registry'; model?: string | undefined }
  | { view: 'audit' };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, '').split('/').map(decodeURIComponent);
  switch (first) {
    case 'rollouts':
      return second ? { view: 'rollout', name: second } : { view: 'overview' };
    case 'incidents':
      return second ? { view: 'incident', id: second } : { view: 'incidents' };
    case 'registry':
      return { view: 'registry', model: second || undefined };
    case 'audit':
      return { view: 'audit' };
    default:
      return { view: 'overview' };
  }
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
