import type { Command } from 'commander';
import { SCHEMA_VERSION } from '../../store/schemaVersion.js';
import type { Context } from '../context.js';
import { printJson } from '../render.js';

export function registerInitCommand(program: Command, ctx: Context): void {
  program
    .command('init')
    .description(ctx.t('help.init'))
    .addHelpText('after', `\n${ctx.t('help.initExamples')}`)
    .action(async () => {
      const store = await ctx.store();
      if (ctx.format === 'json') printJson(ctx, { path: store.location, engine: store.engine, schemaVersion: SCHEMA_VERSION });
      else ctx.print(store.location);
    });
}
