import type { Command } from 'commander';
import { LATEST_VERSION } from '../../db/migrations/index.js';
import type { Context } from '../context.js';
import { printJson } from '../render.js';

export function registerInitCommand(program: Command, ctx: Context): void {
  program
    .command('init')
    .description(ctx.t('help.init'))
    .addHelpText('after', `\n${ctx.t('help.initExamples')}`)
    .action(async () => {
      await ctx.database();
      if (ctx.format === 'json') printJson(ctx, { path: ctx.dbPath, schemaVersion: LATEST_VERSION });
      else ctx.print(ctx.dbPath);
    });
}
