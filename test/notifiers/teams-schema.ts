/**
 * What a Teams incoming webhook or Workflows trigger accepts as an Adaptive Card message
 * (learn.microsoft.com, "Create and send messages"; adaptivecards.io schema 1.4): a `message`
 * with one attachment of content type `application/vnd.microsoft.card.adaptive` whose content is
 * an `AdaptiveCard` of version at most 1.5 with body elements of known types.
 */
import { z } from 'zod';

const TextBlock = z
  .object({
    type: z.literal('TextBlock'),
    text: z.string().min(1),
    wrap: z.boolean().optional(),
    size: z.enum(['Small', 'Default', 'Medium', 'Large', 'ExtraLarge']).optional(),
    weight: z.enum(['Lighter', 'Default', 'Bolder']).optional(),
    color: z.enum(['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention']).optional(),
    fontType: z.enum(['Default', 'Monospace']).optional(),
    isSubtle: z.boolean().optional(),
  })
  .strict();
const FactSet = z
  .object({
    type: z.literal('FactSet'),
    facts: z.array(z.object({ title: z.string(), value: z.string() }).strict()).min(1),
  })
  .strict();

export const AdaptiveCardSchema = z
  .object({
    $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json').optional(),
    type: z.literal('AdaptiveCard'),
    version: z.enum(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5']),
    id: z.string().optional(),
    msteams: z.object({ width: z.enum(['Full']) }).optional(),
    body: z.array(z.union([TextBlock, FactSet])).min(1),
  })
  .strict();

export const TeamsMessageSchema = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(
        z
          .object({
            contentType: z.literal('application/vnd.microsoft.card.adaptive'),
            contentUrl: z.null().optional(),
            content: AdaptiveCardSchema,
          })
          .strict(),
      )
      .length(1),
  })
  .strict();
