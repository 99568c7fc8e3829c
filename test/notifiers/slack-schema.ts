/**
 * Slack's Block Kit rules for the blocks ripcord sends, as the Block Kit reference states them
 * (api.slack.com/reference/block-kit/blocks): at most 50 blocks a message; `block_id` at most
 * 255 characters and unique within a message; a header's plain_text at most 150; a section's text
 * at most 3000, its fields at most 10 of 2000 each, and text or fields present; a context at most
 * 10 elements. A message sent with blocks also carries top-level `text` for notifications.
 */
import { z } from 'zod';

const plain = (max: number) =>
  z
    .object({
      type: z.literal('plain_text'),
      text: z.string().min(1).max(max),
      emoji: z.boolean().optional(),
    })
    .strict();
const textObject = (max: number) =>
  z.union([
    plain(max),
    z
      .object({
        type: z.literal('mrkdwn'),
        text: z.string().min(1).max(max),
        verbatim: z.boolean().optional(),
      })
      .strict(),
  ]);
const blockId = z.string().min(1).max(255).optional();

const Header = z.object({ type: z.literal('header'), block_id: blockId, text: plain(150) }).strict();
const Section = z
  .object({
    type: z.literal('section'),
    block_id: blockId,
    text: textObject(3000).optional(),
    fields: z.array(textObject(2000)).min(1).max(10).optional(),
  })
  .strict()
  .refine((s) => s.text !== undefined || s.fields !== undefined, 'a section needs text or fields');
const Context = z
  .object({
    type: z.literal('context'),
    block_id: blockId,
    elements: z.array(textObject(3000)).min(1).max(10),
  })
  .strict();
const Divider = z.object({ type: z.literal('divider'), block_id: blockId }).strict();

export const BlockKitMessage = z
  .object({
    text: z.string().min(1).max(40_000),
    blocks: z
      .array(z.union([Header, Section, Context, Divider]))
      .min(1)
      .max(50),
  })
  .passthrough()
  .superRefine((message, ctx) => {
    const ids = message.blocks.map((b) => b.block_id).filter((id): id is string => id !== undefined);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['blocks'], message: 'block_id must be unique within a message' });
  });
