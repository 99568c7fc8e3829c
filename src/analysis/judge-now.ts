import type { Decision, Judge, JudgeInput } from './judge.js';
import { readWindowsNow, type SyncWindowReader } from './metric-windows.js';

/** A look's input with the synchronous reader it reads from (a simulation, a test's telemetry). */
export interface ReaderLook extends JudgeInput {
  reader: SyncWindowReader;
}

/**
 * One look on a synchronous reader, through exactly the windows the judge asks for: what
 * simulations and tests run, so a read that `needs` forgot fails there instead of in production.
 */
export function judgeNow(judge: Judge, { reader, ...input }: ReaderLook): Decision {
  return judge.evaluate(input, readWindowsNow(reader, judge.needs(input)));
}
