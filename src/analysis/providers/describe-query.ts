import type { SeriesQuery, WindowQuery } from './metric-provider.js';

/** A query in words for errors: model, release, span (and step), never anything secret. */
export function describeQuery(query: WindowQuery | SeriesQuery): string {
  const step = 'stepMs' in query ? ` every ${query.stepMs} ms` : '';
  const region = query.region === undefined ? '' : ` in ${query.region}`;
  return `${query.model}/${query.release}${region} over [${query.from}, ${query.to})${step}`;
}
