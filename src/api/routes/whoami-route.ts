/** `GET /whoami`: the calling token's name and role (never its secret), so a client can show what it may do. */
import { z } from 'zod';
import { ROLES } from '../../registry/schemas.js';
import { defineRoute } from '../define-route.js';
import type { RouteDefinition } from '../define-route.js';

export function whoamiRoute(): RouteDefinition {
  return defineRoute({
    method: 'GET',
    url: '/whoami',
    role: 'viewer',
    tag: 'meta',
    summary: "The calling token's name and role (the dashboard shows only the actions the role allows)",
    response: z.object({ name: z.string(), role: z.enum(ROLES) }),
    handler: ({ principal }) => Promise.resolve({ name: principal.name, role: principal.role }),
  });
}
