import fs from 'node:fs';
import type { Command } from 'commander';
import { invalidInput, notFound } from '../../domain/errors.js';
import { describeStoreTarget, openStore, parseStoreTarget } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { Context } from '../context.js';
import { printCsv, printJson, printTable } from '../render.js';

export function registerDbCommands(program: Command, ctx: Context): void {
  const { t } = ctx;
  const db = program.command('db').description(t('help.db')).addHelpText('after', `\n${t('help.dbExamples')}`);
  db.command('copy')
    .description(t('help.dbCopy'))
    .argument('<from>', t('help.dbCopyFrom'))
    .argument('<to>', t('help.dbCopyTo'))
    .addHelpText('after', `\n${t('help.dbExamples')}`)
    .action(async (fromText: string, toText: string) => {
      const { copyDatabase } = await import('../../copy/copyDatabase.js');
      const fromTarget = parseStoreTarget(fromText, fromText);
      const toTarget = parseStoreTarget(toText, toText);
      // A copy reads its source as it is: a file that does not exist is a mistake, not a new database.
      if (fromTarget.engine === 'sqlite' && !fs.existsSync(fromTarget.path)) throw notFound('copy.sourceMissing', { from: fromTarget.path });
      const stores: Store[] = [];
      try {
        const from = await openStore(fromTarget);
        stores.push(from);
        const to = await openStore(toTarget);
        stores.push(to);
        if (from.identity === to.identity) throw invalidInput('copy.sameDatabase', { from: describeStoreTarget(fromTarget), to: describeStoreTarget(toTarget) });
        const drawProgress = ctx.io.stderr.isTTY ? (table: string, rows: number) => ctx.io.stderr.write(`\r${t('copy.progress', { table, rows })}\u001b[K`) : undefined;
        const result = await copyDatabase(from, to, drawProgress);
        if (drawProgress) ctx.io.stderr.write('\r\u001b[K');
        const rows = result.tables;
        if (ctx.format === 'json') printJson(ctx, { from: from.location, to: to.location, tables: rows });
        else if (ctx.format === 'csv') printCsv(ctx, [{ header: 'table', value: (row) => row.table }, { header: 'rows', value: (row) => row.rows }], rows);
        else await printTable(ctx, [{ header: t('copy.table'), value: (row) => row.table }, { header: t('copy.rows'), value: (row) => row.rows }], rows);
        ctx.say(t('copy.done', { from: from.location, to: to.location }));
      } finally {
        for (const store of stores) await store.close();
      }
    });
}
