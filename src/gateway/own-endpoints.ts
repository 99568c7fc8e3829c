/**
 * The gateway's own endpoints: /healthz, /readyz, /metrics, POST /feedback, GET /shadow/{model},
 * /v2/health/live|ready and /v2; anything else is 404.
 */
import { RIPCORD_VERSION } from '../core/version.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ZodError } from 'zod';

import type { MetricsHandler } from '../telemetry/metrics-handler.js';
import type * as FeedbackSchemas from './feedback.js';
import type { Feedback } from './feedback.js';
import type { FeedbackAuthenticator } from './feedback-auth.js';
import type { GatewayHooks } from './gateway-options.js';
import { sendJson, sendProblem } from './problem.js';
import { rawHeader } from './raw-header.js';
import { readBody } from './read-body.js';
import type { FeedbackResolution, FeedbackTarget } from './record-feedback.js';
import type { RoutingHealthReport } from './routing-health.js';
import type { ShadowReport } from './shadow/shadow-report.js';

type FeedbackModule = typeof FeedbackSchemas;
let feedbackModule: Promise<FeedbackModule> | undefined;
/**
 * The feedback schemas load with the first POST /feedback: zod is about 3 MB of live heap (its
 * code and sources), which a gateway that takes no feedback would otherwise carry through every
 * major GC.
 */
const loadFeedback = (): Promise<FeedbackModule> => (feedbackModule ??= import('./feedback.js'));

export interface OwnEndpointDeps {
  routing: () => RoutingHealthReport;
  metrics: MetricsHandler;
  shadowReport: (model: string) => ShadowReport | undefined;
  resolveFeedback: (feedback: Feedback) => FeedbackResolution;
  recordFeedback: (feedback: Feedback, to: FeedbackTarget) => void;
  feedbackAuth: FeedbackAuthenticator;
  hooks: GatewayHooks;
  maxBodyBytes: number;
}

/** `application/json` or a `+json` type, any parameters: what a browser cannot send cross-site without a preflight. */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

export function ownEndpoints(
  deps: OwnEndpointDeps,
): (req: IncomingMessage, res: ServerResponse, path: string, method: string) => void {
  const { hooks } = deps;
  const renderMetrics =
    hooks.metrics ??
    (async () => ({ contentType: deps.metrics.contentType, body: await deps.metrics.body() }));
  const shadowReport = hooks.shadowReport ?? (async (m: string) => deps.shadowReport(m));

  function metrics(res: ServerResponse): void {
    renderMetrics().then(
      (m) => {
        res.writeHead(200, [
          'content-type',
          m.contentType,
          'content-length',
          String(Buffer.byteLength(m.body)),
        ]);
        res.end(m.body);
      },
      (error: Error) =>
        sendProblem(res, { status: 503, title: 'Metrics unavailable', detail: error.message }),
    );
  }

  function shadow(res: ServerResponse, model: string): void {
    shadowReport(model).then(
      (report) =>
        report
          ? sendJson(res, 200, report)
          : sendProblem(res, {
              status: 404,
              title: 'No shadow report',
              detail: `model "${model}" has mirrored nothing yet; set mirror in its traffic policy`,
            }),
      (error: Error) =>
        sendProblem(res, { status: 503, title: 'Shadow report unavailable', detail: error.message }),
    );
  }

  function invalidFeedback(res: ServerResponse, error: ZodError, schemas: FeedbackModule): void {
    const issue = error.issues[0]!;
    sendProblem(res, {
      status: 400,
      title: 'Invalid feedback',
      detail: `${schemas.feedbackIssuePath(issue.path)}: ${issue.message}`,
    });
  }

  const TITLES = {
    400: 'Invalid feedback',
    404: 'Unknown request',
    409: 'Wrong attribution',
    422: 'Unknown KPI',
  };

  function feedbackOne(res: ServerResponse, input: unknown, schemas: FeedbackModule): void {
    const parsed = schemas.FeedbackSchema.safeParse(input);
    if (!parsed.success) return invalidFeedback(res, parsed.error, schemas);
    const r = deps.resolveFeedback(parsed.data);
    if (r.ok) {
      deps.recordFeedback(parsed.data, r.to);
      return sendJson(res, 202, { accepted: true });
    }
    if (r.forwardable && hooks.unknownRequest) {
      hooks.unknownRequest(parsed.data);
      return sendJson(res, 202, { accepted: true, forwarded: true });
    }
    sendProblem(res, { status: r.status, title: TITLES[r.status], detail: r.detail });
  }

  /**
   * A batch is all or nothing: every event must resolve (or, in a cluster, be forwardable by
   * request id) before any is recorded, so a client can retry a refused batch without counting twice.
   */
  function feedbackBatch(res: ServerResponse, input: unknown[], schemas: FeedbackModule): void {
    const parsed = schemas.FeedbackBatchSchema.safeParse(input);
    if (!parsed.success) return invalidFeedback(res, parsed.error, schemas);
    const resolved: [Feedback, FeedbackTarget][] = [];
    const forwarded: Feedback[] = [];
    for (const [i, f] of parsed.data.entries()) {
      const r = deps.resolveFeedback(f);
      if (r.ok) resolved.push([f, r.to]);
      else if (r.forwardable && hooks.unknownRequest) forwarded.push(f);
      else
        return sendProblem(res, {
          status: r.status,
          title: TITLES[r.status],
          detail: `[${i}]: ${r.detail}; nothing of this batch was recorded`,
        });
    }
    for (const [f, to] of resolved) deps.recordFeedback(f, to);
    for (const f of forwarded) hooks.unknownRequest!(f);
    sendJson(res, 202, { accepted: resolved.length + forwarded.length, forwarded: forwarded.length });
  }

  /**
   * Refusals that need no body come first (the body is then left unread and the connection
   * closed): a non-JSON content type (so no web page can post cross-site without a CORS
   * preflight, which the gateway never grants), then the caller's credentials.
   */
  function feedback(req: IncomingMessage, res: ServerResponse): void {
    if (!isJsonContentType(rawHeader(req.rawHeaders, 'content-type')))
      return sendProblem(res, {
        status: 415,
        title: 'Unsupported media type',
        detail: 'feedback is JSON: send "content-type: application/json"',
        close: true,
      });
    const early = deps.feedbackAuth.beforeBody(req.rawHeaders);
    if (early) return refuseCaller(res, early);
    readBody(req, deps.maxBodyBytes, (result) => {
      if (!result.ok) {
        if (result.tooLarge)
          sendProblem(res, {
            status: 413,
            title: 'Payload too large',
            detail: `feedback body exceeds ${deps.maxBodyBytes} bytes (limits.maxBodyBytes); send smaller batches`,
            close: true,
          });
        return;
      }
      const late = deps.feedbackAuth.afterBody(req.rawHeaders, result.body);
      if (late) return refuseCaller(res, late);
      let input: unknown;
      try {
        input = JSON.parse(result.body.toString('utf8'));
      } catch (error) {
        return sendProblem(res, { status: 400, title: 'Malformed JSON', detail: (error as Error).message });
      }
      loadFeedback().then(
        (schemas) =>
          Array.isArray(input) ? feedbackBatch(res, input, schemas) : feedbackOne(res, input, schemas),
        (error: Error) =>
          sendProblem(res, { status: 500, title: 'Feedback unavailable', detail: error.message }),
      );
    });
  }

  function refuseCaller(res: ServerResponse, refusal: { status: 401 | 403; detail: string }): void {
    sendProblem(res, {
      status: refusal.status,
      title: refusal.status === 401 ? 'Unauthorized' : 'Feedback disabled',
      detail: refusal.detail,
      close: true,
      ...(refusal.status === 401 ? { headers: ['www-authenticate', 'Bearer realm="ripcord-feedback"'] } : {}),
    });
  }

  return (req, res, path, method) => {
    if (path === '/healthz' || path === '/v2/health/live') return sendJson(res, 200, { status: 'live' });
    if (path === '/readyz' || path === '/v2/health/ready') {
      // Not ready while a model serves an older entry than the control plane asks for: the
      // operator sees which model, why, and since which revision.
      const { policies: _p, ...report } = deps.routing();
      if (report.status === 'ready') return sendJson(res, 200, report);
      return sendJson(res, 503, {
        ...report,
        reason:
          report.status === 'not-ready'
            ? 'no routing table yet'
            : `routing for ${report.failures.map((f) => f.model).join(', ')} refused; see failures`,
      });
    }
    if (path === '/metrics' && method === 'GET') return metrics(res);
    if (path.startsWith('/shadow/') && method === 'GET') {
      let model: string;
      try {
        model = decodeURIComponent(path.slice('/shadow/'.length));
      } catch {
        return sendProblem(res, {
          status: 400,
          title: 'Bad path',
          detail: `"${path}" is not URL-encoded text`,
        });
      }
      return shadow(res, model);
    }
    if (path === '/feedback' && method === 'POST') return feedback(req, res);
    // The Open Inference Protocol's server metadata: name, version and extensions are all required.
    if (path === '/v2' && method === 'GET')
      return sendJson(res, 200, { name: 'ripcord', version: RIPCORD_VERSION, extensions: [] });
    sendProblem(res, { status: 404, title: 'Not found', detail: `no route for ${method} ${path}` });
  };
}
