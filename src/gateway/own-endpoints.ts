/**
 * The gateway's own endpoints: /healthz, /readyz, /metrics, POST /feedback, GET /shadow/{model},
 * /v2/health/live|ready and /v2; anything else is 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { MetricsHandler } from '../telemetry/metrics-handler.js';
import { FeedbackSchema, type Feedback } from './feedback.js';
import type { GatewayHooks } from './gateway-options.js';
import { sendJson, sendProblem } from './problem.js';
import { readBody } from './read-body.js';
import type { RoutingTable } from './routing-table.js';
import type { ShadowReport } from './shadow/shadow-report.js';

export interface OwnEndpointDeps {
  table: () => RoutingTable | undefined;
  metrics: MetricsHandler;
  shadowReport: (model: string) => ShadowReport | undefined;
  feedback: (feedback: Feedback) => boolean;
  hooks: GatewayHooks;
  maxBodyBytes: number;
  feedbackCapacity: number;
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

  function feedback(req: IncomingMessage, res: ServerResponse): void {
    readBody(req, deps.maxBodyBytes, (result) => {
      if (!result.ok) {
        if (result.tooLarge)
          sendProblem(res, {
            status: 413,
            title: 'Payload too large',
            detail: 'feedback body too large',
            close: true,
          });
        return;
      }
      let input: unknown;
      try {
        input = JSON.parse(result.body.toString('utf8'));
      } catch (error) {
        return sendProblem(res, { status: 400, title: 'Malformed JSON', detail: (error as Error).message });
      }
      const parsed = FeedbackSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return sendProblem(res, {
          status: 400,
          title: 'Invalid feedback',
          detail: `${issue.path.join('.') || 'body'}: ${issue.message}`,
        });
      }
      if (deps.feedback(parsed.data)) return sendJson(res, 202, { accepted: true });
      if (parsed.data.requestId !== undefined && parsed.data.release === undefined && hooks.unknownRequest) {
        hooks.unknownRequest(parsed.data);
        return sendJson(res, 202, { accepted: true, forwarded: true });
      }
      sendProblem(res, {
        status: 404,
        title: 'Unknown request',
        detail:
          parsed.data.release !== undefined
            ? `release "${parsed.data.release}" is not in the routing table`
            : `request "${parsed.data.requestId}" is not among the last ${deps.feedbackCapacity} requests; give "release" instead`,
      });
    });
  }

  return (req, res, path, method) => {
    if (path === '/healthz' || path === '/v2/health/live') return sendJson(res, 200, { status: 'live' });
    if (path === '/readyz' || path === '/v2/health/ready') {
      const table = deps.table();
      return table
        ? sendJson(res, 200, { status: 'ready', revision: table.revision })
        : sendJson(res, 503, { status: 'not-ready', reason: 'no routing table yet' });
    }
    if (path === '/metrics' && method === 'GET') return metrics(res);
    if (path.startsWith('/shadow/') && method === 'GET')
      return shadow(res, decodeURIComponent(path.slice('/shadow/'.length)));
    if (path === '/feedback' && method === 'POST') return feedback(req, res);
    if (path === '/v2' && method === 'GET') return sendJson(res, 200, { name: 'ripcord', extensions: [] });
    sendProblem(res, { status: 404, title: 'Not found', detail: `no route for ${method} ${path}` });
  };
}
