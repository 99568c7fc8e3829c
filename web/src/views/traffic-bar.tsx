/** The live split of a model's traffic as one bar: stable first, then each weighted release. */
import type { TrafficPolicy } from '../api/types';
import { splitOf } from '../split';

export function TrafficBar({ policy }: { policy: TrafficPolicy | undefined }) {
  if (!policy) return <span class="muted">no traffic policy</span>;
  const split = splitOf(policy);
  const words = split.map((s) => `${s.release} ${round(s.percent)} %`).join(', ');
  return (
    <div class="split" data-testid={`split-${policy.model}`}>
      <div class="bar" role="img" aria-label={`traffic: ${words}`}>
        {split.map((s, i) => (
          <span key={s.release} class={`seg seg${i % 4}`} style={{ width: `${s.percent}%` }} />
        ))}
      </div>
      <span class="split-words">{words}</span>
      {policy.mirror && policy.mirror.percent > 0 && (
        <span class="muted">
          {' '}
          · mirror {policy.mirror.percent} % to {policy.mirror.release}
        </span>
      )}
    </div>
  );
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
