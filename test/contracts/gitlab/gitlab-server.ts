/**
 * A contract server for GitLab's pipeline trigger API (`POST /api/v4/projects/:id/trigger/pipeline`):
 * form or JSON bodies with `token`, `ref` and `variables[KEY]`; 201 with the pipeline, 404
 * `{"message":"404 Not Found"}` for a wrong token or project (GitLab hides which), 400 for a
 * missing ref. It records each trigger.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Trigger {
  project: string;
  ref: string;
  variables: Record<string, string>;
}

export async function startGitlabContractServer(options: {
  project: string;
  token: string;
  refs?: string[];
}) {
  const triggers: Trigger[] = [];
  let next = 1000;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      const match = /^\/api\/v4\/projects\/([^/]+)\/trigger\/pipeline$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match?.[1]) return send(404, { error: '404 Not Found' });
      const project = decodeURIComponent(match[1]);
      const params: Record<string, unknown> = String(req.headers['content-type']).includes('json')
        ? (JSON.parse(body) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(body));
      const variables: Record<string, string> = {};
      for (const [key, value] of Object.entries(params)) {
        const name = /^variables\[(.+)\]$/.exec(key)?.[1];
        if (name) variables[name] = String(value);
      }
      if (project !== options.project || params['token'] !== options.token)
        return send(404, { message: '404 Not Found' });
      const ref = params['ref'];
      if (typeof ref !== 'string' || ref === '') return send(400, { error: 'ref is missing' });
      if (!(options.refs ?? ['main']).includes(ref))
        return send(400, { message: { base: ['Reference not found'] } });
      triggers.push({ project, ref, variables });
      const id = ++next;
      send(201, {
        id,
        iid: id - 1000,
        project_id: 42,
        status: 'created',
        ref,
        sha: 'a'.repeat(40),
        web_url: `https://gitlab.example.com/${project}/-/pipelines/${id}`,
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    triggers,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
