// A team shares one qualification queue: the SDR who opens a lead holds it for 30 minutes. The claims in
// the store, and the qualify use case that takes and ends them, on each engine.

import { describe, expect, it } from 'vitest';
import { addLead } from '../../src/leads/addLead.js';
import { changeLeadStage } from '../../src/leads/changeLeadStage.js';
import { openQualification, qualificationQueue, releaseLead } from '../../src/qualify/qualifyLead.js';
import type { Claim } from '../../src/domain/qualification.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, openTargetStore, openTestStore, snapshotTarget } from '../helpers/engines.js';
import { failure, who } from '../helpers/storeChecks.js';

const T0 = '2026-11-20T10:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(T0) + n * 60_000).toISOString();
const claimFor = (leadId: number, sdr: string, at: string): Claim => ({ leadId, sdr, claimedAt: at, expiresAt: new Date(Date.parse(at) + 30 * 60_000).toISOString() });

async function seed(engine: (typeof ENGINES)[number]) {
  const { store, target } = await openTestStore(engine);
  const add = (company: string, stage = 'mql') => addLead(store, { texts: { company }, stage, custom: {} }, who);
  const acme = await add('Acme');
  const northwind = await add('Northwind');
  const claim = (leadId: number, sdr: string, at: string, on: Store = store) => on.transaction((tx) => tx.qualifications.claim(claimFor(leadId, sdr, at), at));
  return { store, target, add, acme, northwind, claim };
}

describe.each(ENGINES)('claims on %s', (engine) => {
  it('a second SDR gets the first SDR’s claim back, and the claim is only theirs to end', async () => {
    const { store, acme, claim } = await seed(engine);
    expect(await claim(acme.id, 'alice', T0)).toEqual(claimFor(acme.id, 'alice', T0));
    expect(await claim(acme.id, 'bob', minutes(5))).toEqual(claimFor(acme.id, 'alice', T0));
    expect(await store.qualifications.claimOf(acme.id, minutes(10))).toEqual(claimFor(acme.id, 'alice', T0));
    await store.transaction((tx) => tx.qualifications.release(acme.id, 'bob'));
    expect((await store.qualifications.claimOf(acme.id, minutes(10)))?.sdr).toBe('alice');
    await store.transaction((tx) => tx.qualifications.release(acme.id, 'alice'));
    expect(await store.qualifications.claimOf(acme.id, minutes(10))).toBeUndefined();
    expect(await claim(acme.id, 'bob', minutes(11))).toEqual(claimFor(acme.id, 'bob', minutes(11)));
  });

  it('an expired claim is no one’s: claimOf says so, and another SDR takes it over', async () => {
    const { store, acme, claim } = await seed(engine);
    await claim(acme.id, 'alice', T0);
    expect(await store.qualifications.claimOf(acme.id, minutes(30))).toBeUndefined();
    expect(await claim(acme.id, 'bob', minutes(31))).toEqual(claimFor(acme.id, 'bob', minutes(31)));
    expect((await store.qualifications.claimOf(acme.id, minutes(32)))?.sdr).toBe('bob');
  });

  it('the holder claiming again extends the claim', async () => {
    const { store, acme, claim } = await seed(engine);
    await claim(acme.id, 'alice', T0);
    expect(await claim(acme.id, 'alice', minutes(20))).toEqual(claimFor(acme.id, 'alice', minutes(20)));
    expect((await store.qualifications.claimOf(acme.id, minutes(45)))?.sdr).toBe('alice');
  });

  it('claims of two SDRs on two leads are independent', async () => {
    const { store, acme, northwind, claim } = await seed(engine);
    await claim(acme.id, 'alice', T0);
    expect(await claim(northwind.id, 'bob', T0)).toEqual(claimFor(northwind.id, 'bob', T0));
    expect((await store.qualifications.claimOf(acme.id, minutes(1)))?.sdr).toBe('alice');
  });

  it('the queue gives each lead with who holds it now, and no one for an expired claim', async () => {
    const { store, acme, northwind, claim, add } = await seed(engine);
    await add('Not yet', 'lead');
    await changeLeadStage(store, { ref: String(northwind.id), to: 'nurturing', followUpOn: '2026-11-19' }, who);
    await claim(northwind.id, 'bob', T0);
    const queue = async (now: string) => (await store.leads.qualificationQueue(now.slice(0, 10), now, 10)).map(({ lead, claim }) => [lead.company, claim?.sdr ?? null]);
    expect(await queue(minutes(1))).toEqual([['Acme', null], ['Northwind', 'bob']]);
    expect(await queue(minutes(31))).toEqual([['Acme', null], ['Northwind', null]]);
    expect((await store.leads.qualificationQueue('2026-11-20', minutes(1), 10))[1]!.claim).toEqual(claimFor(northwind.id, 'bob', T0));
    expect((await qualificationQueue(store, new Date(minutes(1)))).map((entry) => entry.lead.id)).toEqual([acme.id, northwind.id]);
  });

  it('two SDRs on two stores (two terminals) on one database: the second is told who has the lead', async () => {
    const { store, target, acme } = await seed(engine);
    const bobs = await openTargetStore(target);
    const opened = await openQualification(store, String(acme.id), 'alice', new Date(T0));
    expect(opened.lead.id).toBe(acme.id);
    const before = await snapshotTarget(target);
    expect(await failure(() => openQualification(bobs, String(acme.id), 'bob', new Date(minutes(5))))).toBe('3 qualify.claimed');
    expect(await snapshotTarget(target)).toBe(before);
    // Alice stops (Ctrl-C after her draft is saved): the lead is free for Bob.
    await releaseLead(store, acme.id, 'alice');
    await openQualification(bobs, String(acme.id), 'bob', new Date(minutes(6)));
    expect((await store.qualifications.claimOf(acme.id, minutes(7)))?.sdr).toBe('bob');
  });

  it('a look at a lead without claiming it (--dry-run) takes no claim', async () => {
    const { store, target, acme } = await seed(engine);
    const before = await snapshotTarget(target);
    await openQualification(store, String(acme.id), 'alice', new Date(T0), { dryRun: true });
    expect(await snapshotTarget(target)).toBe(before);
  });

});

// Four connections claiming at the same instant. On SQLite, four stores in one process would wait for each
// other's file lock synchronously (better-sqlite3 blocks the event loop); separate bant processes racing on
// one file are in test/e2e/qualify.e2e.test.ts.
describe('claims on postgres, from many connections at once', () => {
  it('exactly one SDR holds the lead, and every one of them is told the same holder', async () => {
    const { target, acme } = await seed('postgres');
    const sdrs = ['alice', 'bob', 'carol', 'dan', 'erin', 'frank'];
    const stores = await Promise.all(sdrs.map(() => openTargetStore(target)));
    const holders = await Promise.all(sdrs.map((sdr, i) => stores[i]!.transaction((tx) => tx.qualifications.claim(claimFor(acme.id, sdr, T0), T0))));
    expect(new Set(holders.map((holder) => holder.sdr)).size).toBe(1);
    expect(sdrs).toContain(holders[0]!.sdr);
  });
});
