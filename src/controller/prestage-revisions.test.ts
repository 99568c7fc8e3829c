import { describe, expect, it } from 'vitest';
import { withRecordedRevisions } from './prestage-revisions.js';
import { RolloutSpecSchema, type RolloutSpec } from './rollout-spec.js';

const spec: RolloutSpec = RolloutSpecSchema.parse({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'v2',
  analysis: { triggers: ['hard: error rate > 2% for 10s'] },
  canary: { steps: [{ setWeight: 5 }] },
  executors: [
    { kind: 'kubernetes-deployment', name: 'serving', deployment: 'recsys' },
    { kind: 'helm', name: 'chart', release: 'recsys', revisions: { v1: 7 } },
    { kind: 'kserve', name: 'isvc', inferenceService: 'recsys' },
  ],
});
const at = 1;

describe('withRecordedRevisions', () => {
  it('pins each infrastructure executor to the revision recorded for the target; pins in the spec win', () => {
    const pinned = withRecordedRevisions(
      spec,
      [
        { step: 'kubernetes-deployment:serving', release: 'v1', revision: 3, source: '', recordedAt: at },
        { step: 'helm:chart', release: 'v1', revision: 9, source: '', recordedAt: at },
        {
          step: 'kserve:isvc',
          release: 'v1',
          revision: 'recsys-predictor-00002',
          source: '',
          recordedAt: at,
        },
      ],
      'v1',
    );
    expect(pinned.executors.map((e) => ('revisions' in e ? e.revisions : undefined))).toEqual([
      { v1: 3 },
      { v1: 7 },
      { v1: 'recsys-predictor-00002' },
    ]);
  });

  it('leaves the spec alone for another target (a manual rollback --to elsewhere)', () => {
    const recorded = [
      { step: 'kubernetes-deployment:serving', release: 'v1', revision: 3, source: '', recordedAt: at },
    ];
    expect(withRecordedRevisions(spec, recorded, 'v0')).toEqual(spec);
    expect(withRecordedRevisions(spec, undefined, 'v1')).toBe(spec);
  });
});
