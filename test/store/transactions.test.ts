// The one way to write, `store.transaction(async (tx) => ...)`, on each engine: all or nothing, one at a
// time within a store, a dry run that undoes itself, and (PostgreSQL) a connection lost half-way.

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { planLeadCreation } from '../../src/domain/planStageChange.js';
import { addLead } from '../../src/leads/addLead.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, openTargetStore, openTestStore, postgresUrl, queryTarget, snapshotTarget } from '../helpers/engines.js';
import { failure, who } from '../helpers/storeChecks.js';

const creation = planLeadCreation('mql', { ...who, cause: 'manual' });
const newLead = (company: string) => ({ fields: { company }, custom: {} });
const companies = async (store: Store) => (await store.leads.list({})).leads.map((lead) => lead.company);

describe.each(ENGINES)('transactions on %s', (engine) => {
  it('commits everything the work wrote when it resolves, and returns its result', async () => {
    const { store } = await openTestStore(engine);
    const ids = await store.transaction(async (tx) => [(await tx.leads.create(newLead('A'), creation)).id, (await tx.leads.create(newLead('B'), creation)).id]);
    expect(ids).toHaveLength(2);
    expect(await companies(store)).toEqual(['A', 'B']);
  });

  it('with rollback: true, does the work, returns its result, and writes nothing', async () => {
    const { store, target } = await openTestStore(engine);
    await addLead(store, { texts: { company: 'Kept' }, stage: 'mql', custom: {} }, who);
    const before = await snapshotTarget(target);
    const seen = await store.transaction(
      async (tx) => {
        await tx.leads.create(newLead('Dry'), creation);
        return (await tx.leads.list({})).leads.length;
      },
      { rollback: true },
    );
    expect(seen).toBe(2);
    expect(await snapshotTarget(target)).toBe(before);
    expect(await companies(store)).toEqual(['Kept']);
  });

  it('a failing work writes nothing, its error comes out as it was thrown, and the store takes the next one', async () => {
    const { store, target } = await openTestStore(engine);
    await addLead(store, { texts: { company: 'Kept' }, stage: 'mql', custom: {} }, who);
    const before = await snapshotTarget(target);
    const thrown = new Error('the work failed half-way');
    await expect(
      store.transaction(async (tx) => {
        await tx.leads.create(newLead('Half'), creation);
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(await snapshotTarget(target)).toBe(before);
    await addLead(store, { texts: { company: 'Next' }, stage: 'mql', custom: {} }, who);
    expect(await companies(store)).toEqual(['Kept', 'Next']);
  });

  it('a statement the database refuses half-way undoes the statements before it', async () => {
    const { store, target } = await openTestStore(engine);
    await addLead(store, { texts: { email: 'taken@acme.fr' }, stage: 'mql', custom: {} }, who);
    const before = await snapshotTarget(target);
    expect(
      await failure(() =>
        store.transaction(async (tx) => {
          await tx.leads.create(newLead('First'), creation);
          await tx.leads.create({ fields: { email: 'taken@acme.fr' }, custom: {} }, creation);
        }),
      ),
    ).toBe('3 lead.duplicateEmail');
    expect(await snapshotTarget(target)).toBe(before);
    await addLead(store, { texts: { company: 'After' }, stage: 'mql', custom: {} }, who);
    expect(await companies(store)).toEqual([null, 'After']);
  });

  it('transactions of one store run one at a time: read-modify-write from many at once loses nothing', async () => {
    const { store } = await openTestStore(engine);
    const lead = await addLead(store, { texts: { company: 'Counter' }, stage: 'mql', custom: { n: '0' } }, who);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.transaction(async (tx) => {
          const now = (await tx.leads.getForUpdate(lead.id))!;
          await new Promise((resolve) => setTimeout(resolve, 5)); // another transaction would slip in here
          await tx.leads.update(lead.id, {}, { n: String(Number(now.custom.n) + 1) }, who.at);
        }),
      ),
    );
    expect((await store.leads.get(lead.id))!.custom).toEqual({ n: '10' });
  });

  it('a transaction opened inside another is a bug, refused, and the outer one writes nothing', async () => {
    const { store, target } = await openTestStore(engine);
    const before = await snapshotTarget(target);
    await expect(
      store.transaction(async (tx) => {
        await tx.leads.create(newLead('Outer'), creation);
        await store.transaction(async (inner) => inner.leads.create(newLead('Inner'), creation));
      }),
    ).rejects.toThrow(/inside another/);
    expect(await snapshotTarget(target)).toBe(before);
  });

  it('a second store on the same data sees what the first committed, and nothing it has not', async () => {
    const { store, target } = await openTestStore(engine);
    const other = await openTargetStore(target);
    await addLead(store, { texts: { company: 'Committed' }, stage: 'mql', custom: {} }, who);
    expect(await companies(other)).toEqual(['Committed']);
    if (engine === 'postgres') {
      // SQLite's write transaction holds the file: a reader in this same process would wait for it.
      await store.transaction(async (tx) => {
        await tx.leads.create(newLead('Pending'), creation);
        expect(await companies(other)).toEqual(['Committed']);
      });
      expect(await companies(other)).toEqual(['Committed', 'Pending']);
    }
  });
});

describe('a transaction on PostgreSQL whose connection is lost', () => {
  it('is pg.connectionLost (exit 3), and nothing of it is written', async () => {
    const { store, target } = await openTestStore('postgres');
    await addLead(store, { texts: { company: 'Before' }, stage: 'mql', custom: {} }, who);
    const before = await snapshotTarget(target);
    const database = new URL(target).pathname.slice(1);
    const error = await store
      .transaction(async (tx) => {
        await tx.leads.create(newLead('Lost'), creation);
        const admin = new pg.Client({ connectionString: postgresUrl() });
        await admin.connect();
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'bant'", [database]);
        await admin.end();
        await tx.leads.create(newLead('After the loss'), creation);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BantError);
    expect(error).toMatchObject({ kind: 'invalidInput', key: 'pg.connectionLost' });
    expect(await snapshotTarget(target)).toBe(before);
    expect(await queryTarget(target, 'SELECT company FROM leads')).toEqual([{ company: 'Before' }]);
  });
});
