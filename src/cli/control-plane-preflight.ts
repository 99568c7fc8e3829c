/**
 * Before a remote gateway starts serving, one call tells a token the control plane refuses (exit,
 * saying so) from a control plane that is away (start fail-static and keep retrying).
 */
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { UnauthorizedError } from '../core/errors.js';

export type Preflight = { reachable: true } | { reachable: false; reason: string };

export class ControlPlaneRefusedError extends UnauthorizedError {}

export async function preflightControlPlane(
  url: string,
  token: string | undefined,
  dispatcher?: Dispatcher,
): Promise<Preflight> {
  let response;
  try {
    response = await request(`${url.replace(/\/+$/, '')}/api/v1/routing`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      headersTimeout: 5_000,
      bodyTimeout: 10_000,
      ...(dispatcher ? { dispatcher } : {}),
    });
  } catch (error) {
    return { reachable: false, reason: (error as Error).message };
  }
  await response.body.dump();
  if (response.statusCode === 401 || response.statusCode === 403) {
    throw new ControlPlaneRefusedError(
      token
        ? `the control plane at ${url} refused the token (${response.statusCode}); give a token with the viewer ` +
            'role or above (--token, RIPCORD_TOKEN, or `ripcord token create --role viewer`)'
        : `the control plane at ${url} needs a token (401); give --token or RIPCORD_TOKEN ` +
            '(create one with `ripcord token create --role viewer`)',
    );
  }
  if (response.statusCode >= 400) return { reachable: false, reason: `answered ${response.statusCode}` };
  return { reachable: true };
}
