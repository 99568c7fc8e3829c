/**
 * prom-client's Registry, Counter and Gauge, loaded from their own files. The package's index
 * also loads the default process metrics and through them @opentelemetry/api: about a hundred
 * modules and 0.9 MB of live heap that the gateway never uses but would mark on every major GC.
 * These are the very classes the index exports (same files, same module instances).
 */
import { createRequire } from 'node:module';

import type * as Prom from 'prom-client';

const require = createRequire(import.meta.url);

export const Registry = require('prom-client/lib/registry') as typeof Prom.Registry;
export const Counter = require('prom-client/lib/counter') as typeof Prom.Counter;
export const Gauge = require('prom-client/lib/gauge') as typeof Prom.Gauge;
export type Registry = Prom.Registry;
export type Counter<T extends string = string> = Prom.Counter<T>;
export type Gauge<T extends string = string> = Prom.Gauge<T>;
export const Histogram = require('prom-client/lib/histogram') as typeof Prom.Histogram;
export type Histogram<T extends string = string> = Prom.Histogram<T>;
