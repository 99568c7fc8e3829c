/** The strategy's steps with the current one marked (canary steps, blue/green stages, shadow). */
import type { RolloutView } from '../api/types';

const BLUE_GREEN = ['prewarm', 'pre-promotion-analysis', 'awaiting-flip', 'post-promotion-analysis', 'guard'];

export function RolloutSteps({ rollout }: { rollout: RolloutView }) {
  const { spec, status } = rollout;
  const finished = !['Progressing', 'Paused'].includes(status.phase);
  if (spec.canary) {
    const steps = spec.canary.steps;
    const promoted =
      status.stage === 'promoting' || status.stage === 'guard' || status.promotedAt !== undefined;
    return (
      <ol class="steps" data-testid="steps">
        {steps.map((step, i) => {
          const state =
            promoted || i < status.stepIndex
              ? 'done'
              : i === status.stepIndex && !finished
                ? 'current'
                : 'todo';
          return (
            <li key={i} class={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {describe(step)}
            </li>
          );
        })}
        <li
          class={`step step-${status.stage === 'guard' ? 'current' : 'todo'}`}
          aria-current={status.stage === 'guard' ? 'step' : undefined}
        >
          promoted, guarded
        </li>
      </ol>
    );
  }
  const stages = spec.blueGreen ? BLUE_GREEN : ['mirroring'];
  const at = stages.indexOf(status.stage);
  return (
    <ol class="steps" data-testid="steps">
      {stages.map((stage, i) => (
        <li
          key={stage}
          class={`step step-${i < at ? 'done' : i === at ? 'current' : 'todo'}`}
          aria-current={i === at ? 'step' : undefined}
        >
          {stage.replaceAll('-', ' ')}
        </li>
      ))}
    </ol>
  );
}

function describe(step: Record<string, unknown>): string {
  const [kind, arg] = Object.entries(step)[0] ?? ['step', undefined];
  if (kind === 'setWeight') return `weight ${String(arg)} %`;
  if (kind === 'pause') {
    const duration = (arg as { duration?: string } | undefined)?.duration;
    return duration ? `pause ${duration}` : 'pause until promoted';
  }
  if (kind === 'setMirror') return `mirror ${JSON.stringify(arg)}`;
  return `${kind}${arg === undefined ? '' : ` ${typeof arg === 'object' ? JSON.stringify(arg) : String(arg)}`}`;
}
