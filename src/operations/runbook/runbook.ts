/**
 * The one-page runbook of a model, built from what ripcord knows (never written by hand, so never
 * stale): owner, current production and rollback target, the triggers in words, the exact
 * commands, the checks that prove recovery, and who is notified. One structure, rendered as
 * Markdown or HTML (render-runbook.ts).
 */
import type { Trigger } from '../../analysis/triggers/index.js';
import type { ModelFacts } from '../model-facts.js';
import type { RunbookProblem } from './lint-runbook.js';

export interface RunbookStep {
  /** What a person does or checks, in words. */
  text: string;
  /** The exact command, when there is one. */
  command?: string | undefined;
}

export interface RunbookSection {
  id: string;
  heading: string;
  lines?: string[];
  steps?: RunbookStep[];
  table?: { head: string[]; rows: string[][] };
}

export interface Runbook {
  model: string;
  title: string;
  generatedAt: string;
  sections: RunbookSection[];
  problems: RunbookProblem[];
}

const ACTS = {
  hard: 'rolls back at once',
  soft: 'alerts and pauses the rollout',
  observe: 'is recorded, never acts',
};

export function triggerInWords(trigger: Trigger): string {
  const when = [
    trigger.forMs === undefined ? '' : `held for ${trigger.forMs / 1000} s`,
    trigger.overMs === undefined ? '' : `over the last ${trigger.overMs / 1000} s`,
    trigger.significance && !/significan/.test(trigger.text) ? 'and statistically significant' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `When ${trigger.text}${when ? ` (${when})` : ''}, ripcord ${ACTS[trigger.severity]}.`;
}

export function buildRunbook(facts: ModelFacts, problems: RunbookProblem[]): Runbook {
  const name = facts.model.name;
  const production = facts.production?.release.name ?? '(none)';
  const target = facts.target.release?.release.name;
  const rollout = facts.rollout?.name ?? 'ROLLOUT';
  const health = facts.target.health;
  const notify = facts.rollout?.spec.notify ?? [];
  const webhooks = facts.rollout?.spec.webhooks ?? [];
  const verify = facts.rollout?.spec.verify;
  return {
    model: name,
    title: `Rollback runbook: ${name}`,
    generatedAt: new Date(facts.now).toISOString(),
    problems,
    sections: [
      {
        id: 'owner',
        heading: 'Owner',
        lines: [`${facts.model.owner || '(no owner)'}: ${facts.model.description || name}`],
      },
      {
        id: 'releases',
        heading: 'Current production and rollback target',
        table: {
          head: ['role', 'release', 'model version', 'features', 'state'],
          rows: [
            [
              'production',
              production,
              String(facts.production?.release.modelVersion ?? '-'),
              features(facts.production?.release.features),
              'serving',
            ],
            [
              'rollback target',
              target ?? '(none)',
              String(facts.target.release?.release.modelVersion ?? '-'),
              features(facts.target.release?.release.features),
              target
                ? health?.ok
                  ? 'warm (health check passes)'
                  : `cold: ${health?.message ?? 'not probed'}`
                : facts.target.explanation,
            ],
          ],
        },
      },
      {
        id: 'triggers',
        heading: 'When ripcord acts (triggers)',
        lines:
          facts.triggers.length > 0
            ? facts.triggers.map(triggerInWords)
            : ['No rollout states triggers: only a person can pull this model back.'],
      },
      {
        id: 'commands',
        heading: 'Roll back by hand',
        steps: [
          {
            text: 'See what the rollout is doing and what it last decided',
            command: `ripcord rollout status ${rollout}`,
          },
          {
            text: 'See what a rollback would change, changing nothing',
            command: `ripcord rollout rollback ${rollout} --dry-run`,
          },
          {
            text: `Pull the release${target ? ` (to ${target})` : ''}`,
            command: `ripcord rollout rollback ${rollout} --reason "WHY"${target ? ` --to ${target}` : ''}`,
          },
          {
            text: 'Follow it until recovery is verified',
            command: `ripcord rollout status ${rollout} --watch`,
          },
          {
            text: 'Without a rollout: point production at the target',
            command: `ripcord alias set ${name} production ${target ?? 'RELEASE'}`,
          },
        ],
      },
      {
        id: 'verification',
        heading: 'Recovery is verified when',
        lines: [
          `every hard trigger reads ok on ${target ?? 'the target'} since traffic moved, on enough data;`,
          `${target ?? 'the target'}'s error rate is at most ${((verify?.maxErrorRate ?? 0.05) * 100).toFixed(1)} % and the pulled release receives no traffic;`,
          `within ${verify?.within ?? '30s'} of the rollback, else the incident escalates: \`ripcord incident describe ID\`.`,
        ],
      },
      {
        id: 'notified',
        heading: 'Who is notified',
        lines:
          notify.length + webhooks.length > 0
            ? [
                ...notify.map((n) => `${n.kind} "${n.name}"${n.kinds ? ` (${n.kinds.join(', ')})` : ''}`),
                ...webhooks.map((w) => `webhook "${w.name}" (escalations and alerts)`),
              ]
            : ['Nobody: add spec.notify to the rollout.'],
      },
    ],
  };
}

function features(list: readonly { name: string; version: string }[] | undefined): string {
  return list && list.length > 0 ? list.map((f) => `${f.name}@${f.version}`).join(', ') : '-';
}
