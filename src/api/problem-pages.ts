/**
 * The page of each problem type (docs/problems/<type>.md), served at the type's URI so a problem
 * document's `type` resolves to what it means and what to do.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NotFoundError } from '../core/errors.js';
import { defineRoute } from './define-route.js';
import type { RouteDefinition } from './define-route.js';
import { isProblemType, PROBLEM_TYPES } from './problem-types.js';

// src/api and dist/api both sit two levels below the package root, beside docs/.
const PAGES = new URL('../../docs/problems/', import.meta.url);

export function problemPage(type: string): string {
  if (!isProblemType(type)) {
    throw new NotFoundError('problem type', type, `known types: ${Object.keys(PROBLEM_TYPES).join(', ')}`);
  }
  return readFileSync(new URL(`${type}.md`, PAGES), 'utf8');
}

export function problemPageRoute(): RouteDefinition {
  return defineRoute({
    method: 'GET',
    url: '/problems/:type',
    role: 'public',
    tag: 'meta',
    summary: 'What a problem type means and what to do about it (the page its `type` URI names; Markdown)',
    params: z.object({ type: z.string() }),
    response: z.string(),
    contentType: 'text/markdown',
    handler: ({ params, reply }) => {
      const page = problemPage(params.type);
      void reply.header('content-type', 'text/markdown; charset=utf-8');
      return Promise.resolve(page);
    },
  });
}
