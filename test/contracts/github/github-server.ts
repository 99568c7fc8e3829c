/**
 * A contract server for GitHub's Actions REST API, the two calls an emergency retrain makes:
 * - `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches` with `ref`, `inputs`
 *   and `return_run_details`: 204 with no body, or (a server that knows `return_run_details`)
 *   200 `{workflow_run_id, run_url, html_url}`; 401 `Bad credentials`; 404 `Not Found` for an
 *   unknown repository or workflow (GitHub hides which); 422 for a ref it cannot find, inputs
 *   the workflow does not declare, a required input left out, or more than 25 inputs; every
 *   error body `{message, documentation_url, status}` as GitHub writes it.
 * - `GET .../workflows/{workflow_id}/runs?event=&branch=&created=>=ISO`: `{total_count,
 *   workflow_runs}`; a new run is listed only after `listDelay` list calls, as on GitHub where
 *   the run appears a moment after the dispatch.
 * It records each dispatch, with the Authorization scheme it came with.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Dispatch {
  repository: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

interface Run {
  id: number;
  workflow: string;
  head_branch: string;
  event: 'workflow_dispatch';
  status: 'queued';
  html_url: string;
  url: string;
  created_at: string;
  listedAfter: number;
}

const DOCS = 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event';

export async function startGithubContractServer(options: {
  repository: string;
  workflow: string;
  token: string;
  refs?: string[];
  /** The inputs the workflow's `on.workflow_dispatch.inputs` declares, and whether each is required. */
  inputs: Record<string, { required: boolean }>;
  /** Answer 200 with the run when asked (`return_run_details`), as github.com does; else 204. */
  runDetails?: boolean;
  /** List calls before a new run shows. @default 0 */
  listDelay?: number;
}) {
  const dispatches: Dispatch[] = [];
  const runs: Run[] = [];
  let nextRun = 7000;
  let lists = 0;
  let refuseNext: string | undefined;
  const html = `https://github.com/${options.repository}`;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, payload?: unknown) => {
        if (payload === undefined) return res.writeHead(status).end();
        res
          .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify(payload));
      };
      const fail = (status: number, message: string) =>
        send(status, { message, documentation_url: DOCS, status: String(status) });
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`)
        return fail(401, 'Bad credentials');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/repos\/([^/]+\/[^/]+)\/actions\/workflows\/([^/]+)\/(dispatches|runs)$/.exec(
        url.pathname,
      );
      if (!match || decodeURIComponent(match[1]!) !== options.repository) return fail(404, 'Not Found');
      if (decodeURIComponent(match[2]!) !== options.workflow) return fail(404, 'Not Found');
      if (match[3] === 'runs' && req.method === 'GET') {
        lists += 1;
        const created = url.searchParams.get('created')?.replace(/^>=/, '');
        const listed = runs.filter(
          (r) =>
            r.listedAfter <= lists &&
            (!url.searchParams.get('event') || url.searchParams.get('event') === r.event) &&
            (!url.searchParams.get('branch') || url.searchParams.get('branch') === r.head_branch) &&
            (!created || r.created_at >= created),
        );
        return send(200, {
          total_count: listed.length,
          workflow_runs: listed.map(({ listedAfter: _l, workflow: _w, ...run }) => run).reverse(),
        });
      }
      if (match[3] !== 'dispatches' || req.method !== 'POST') return fail(404, 'Not Found');
      if (refuseNext !== undefined) {
        const message = refuseNext;
        refuseNext = undefined;
        return fail(422, message);
      }
      let params: { ref?: unknown; inputs?: Record<string, unknown>; return_run_details?: unknown };
      try {
        params = JSON.parse(body) as typeof params;
      } catch {
        return fail(400, 'Problems parsing JSON');
      }
      if (typeof params.ref !== 'string') return fail(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
      const ref = params.ref.replace(/^refs\/(heads|tags)\//, '');
      if (!(options.refs ?? ['main']).includes(ref)) return fail(422, `No ref found for: ${params.ref}`);
      const inputs = params.inputs ?? {};
      if (Object.keys(inputs).length > 25)
        return fail(422, 'you may only define up to 25 `inputs` for a workflow_dispatch event');
      const unexpected = Object.keys(inputs).filter((k) => !(k in options.inputs));
      if (unexpected.length > 0)
        return fail(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
      const missing = Object.entries(options.inputs).find(([k, d]) => d.required && !(k in inputs));
      if (missing) return fail(422, `Required input '${missing[0]}' not provided`);
      dispatches.push({ repository: options.repository, workflow: options.workflow, ref, inputs });
      const id = ++nextRun;
      runs.push({
        id,
        workflow: options.workflow,
        head_branch: ref,
        event: 'workflow_dispatch',
        status: 'queued',
        html_url: `${html}/actions/runs/${id}`,
        url: `https://api.github.com/repos/${options.repository}/actions/runs/${id}`,
        created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        listedAfter: lists + (options.listDelay ?? 0),
      });
      if (options.runDetails && params.return_run_details === true)
        return send(200, {
          workflow_run_id: id,
          run_url: `https://api.github.com/repos/${options.repository}/actions/runs/${id}`,
          html_url: `${html}/actions/runs/${id}`,
        });
      send(204);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dispatches,
    /** The next dispatch gets a 422 with this message (e.g. a workflow disabled meanwhile). */
    refuseNext: (message: string) => {
      refuseNext = message;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
