import { Command } from 'commander';
import { TRIGGER_GRAMMAR } from '../../analysis/triggers/index.js';
import { formatIssue, jsonSchemaCheck, parseManifestFile } from '../../manifests/index.js';
import type { CliContext } from '../cli-context.js';
import { cliManifestKinds } from '../manifest-kinds.js';
import { readManifestFiles } from './apply.js';
import { ManifestInvalidError } from './apply.js';

/**
 * `ripcord lint -f FILE`: validates manifests of every kind, triggers compiled, with no server.
 * Each document is also checked against the published JSON Schema (schemas/manifest.schema.json).
 * Exit 0 when clean; 1 with every problem at file:line:column otherwise.
 */
export function lintCommand(context: CliContext): Command {
  return new Command('lint')
    .description('validate manifests (every kind, triggers compiled) without a server')
    .requiredOption('-f, --filename <paths...>', 'manifest files or directories ("-" for stdin)')
    .option('-q, --quiet', 'print nothing when the manifests are valid')
    .action((options: { filename: string[]; quiet?: boolean }) => {
      const issues: string[] = [];
      let documents = 0;
      let triggerIssue = false;
      const schemaCheck = jsonSchemaCheck(cliManifestKinds);
      for (const { file, text } of readManifestFiles(options.filename)) {
        const parsed = parseManifestFile(file, text, cliManifestKinds, schemaCheck);
        documents += parsed.documents.length;
        issues.push(...parsed.issues.map(formatIssue));
        triggerIssue ||= parsed.issues.some((i) => /\.triggers\[\d+\]$/.test(i.path));
      }
      if (issues.length > 0) {
        const grammar = triggerIssue ? `\n\nTrigger grammar:\n${TRIGGER_GRAMMAR}` : '';
        throw new ManifestInvalidError(
          `${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.join('\n')}${grammar}`,
        );
      }
      if (documents === 0) throw new ManifestInvalidError('no manifest documents found');
      if (!options.quiet) context.io.stdout(`${documents} document${documents === 1 ? '' : 's'} valid\n`);
    });
}
