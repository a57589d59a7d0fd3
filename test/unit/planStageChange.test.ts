// The one stage-change path, planned by the domain: whether a move is allowed for what caused it, and
// everything the store must write with it (follow-up date, history row, furthest step, days per stage).

import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { isScoringMove, planLeadCreation, planStageChange, type ChangeContext } from '../../src/domain/planStageChange.js';
import { canMoveManually, QUALIFICATION_DECISIONS, STAGES, type Stage, type StageChangeCause } from '../../src/domain/stages.js';

const lead = (stage: Stage) => ({ id: 7, stage, stageChangedAt: '2026-11-02T16:30:00.000Z' });
const context = (cause: StageChangeCause, extra: Partial<ChangeContext> = {}): ChangeContext => ({ at: '2026-11-20T10:00:00.000Z', by: 'alice', cause, today: '2026-11-20', ...extra });
const refusal = (plan: unknown) => (plan instanceof BantError ? `${plan.exitCode} ${plan.key}` : 'planned');
const pairs = STAGES.flatMap((from) => STAGES.filter((to) => to !== from).map((to) => [from, to] as const));

describe('planStageChange: what each cause may do', () => {
  it.each(pairs)('by hand, %s → %s follows the stage table (reason given)', (from, to) => {
    const plan = planStageChange(lead(from), to, context('manual', { reason: 'why not' }));
    const expected = canMoveManually(from, to) ? 'planned' : to === 'sql' ? (from === 'mql' || from === 'nurturing' ? '3 stage.sqlOnlyByQualify' : from === 'customer' ? '3 stage.sqlNeverFrom' : '3 stage.sqlOnlyByQualifyFromMql') : from === 'customer' ? '3 stage.final' : '3 stage.forbidden';
    expect(refusal(plan)).toBe(expected);
  });

  it.each(pairs)('by import, %s → %s follows the manual table', (from, to) => {
    expect(refusal(planStageChange(lead(from), to, context('import')))).toBe(canMoveManually(from, to) ? 'planned' : '3 import.forbiddenMove');
  });

  it.each(pairs)('by qualification, %s → %s only from mql or nurturing to a decision', (from, to) => {
    const allowed = (from === 'mql' || from === 'nurturing') && (QUALIFICATION_DECISIONS as readonly Stage[]).includes(to);
    expect(refusal(planStageChange(lead(from), to, context('qualification')))).toBe(allowed ? 'planned' : '3 qualify.conflict');
  });

  it.each(pairs)('by scoring, %s → %s only forward through the top of the funnel', (from, to) => {
    const allowed = (from === 'prospect' && (to === 'lead' || to === 'mql')) || (from === 'lead' && to === 'mql');
    expect(isScoringMove(from, to)).toBe(allowed);
    expect(refusal(planStageChange(lead(from), to, context('scoring')))).toBe(allowed ? 'planned' : '3 stage.notByScoring');
  });

  it('a move to the stage the lead is at is not a move, whatever the cause', () => {
    for (const cause of ['manual', 'import', 'qualification', 'scoring'] as const) {
      expect(refusal(planStageChange(lead('mql'), 'mql', context(cause)))).toBe('3 stage.same');
    }
  });

  it('by hand: disqualifying needs a reason (not blank), and a follow-up date only goes with nurturing', () => {
    expect(refusal(planStageChange(lead('mql'), 'disqualified', context('manual')))).toBe('2 stage.reasonRequired');
    expect(refusal(planStageChange(lead('mql'), 'disqualified', context('manual', { reason: '   ' })))).toBe('2 stage.reasonRequired');
    expect(refusal(planStageChange(lead('prospect'), 'lead', context('manual', { followUpOn: '2027-01-01' })))).toBe('2 stage.followUpOnlyForNurturing');
  });
});

describe('planStageChange: what the store writes with the move', () => {
  it('the lead as it was read, the move, who and why (trimmed), and the counters', () => {
    expect(planStageChange(lead('mql'), 'disqualified', context('manual', { reason: '  left the company ' }))).toEqual({
      leadId: 7,
      from: 'mql',
      fromSince: '2026-11-02T16:30:00.000Z',
      to: 'disqualified',
      at: '2026-11-20T10:00:00.000Z',
      by: 'alice',
      cause: 'manual',
      reason: 'left the company',
      followUpOn: null,
      reachedRank: 0,
      stageDays: [
        { stage: 'mql', day: '2026-11-02', delta: -1 },
        { stage: 'disqualified', day: '2026-11-20', delta: 1 },
      ],
    });
  });

  it('nurturing is followed up on the date asked, else 30 days from today', () => {
    expect(planStageChange(lead('mql'), 'nurturing', context('manual', { followUpOn: '2027-01-15' }))).toMatchObject({ followUpOn: '2027-01-15' });
    expect(planStageChange(lead('mql'), 'nurturing', context('manual'))).toMatchObject({ followUpOn: '2026-12-20' });
    expect(planStageChange(lead('mql'), 'nurturing', context('qualification', { today: '2026-02-15' }))).toMatchObject({ followUpOn: '2026-03-17' });
    expect(planStageChange(lead('nurturing'), 'mql', context('manual'))).toMatchObject({ followUpOn: null });
  });

  it('the furthest funnel step is the new stage’s rank (the store keeps the greatest)', () => {
    const rank = (from: Stage, to: Stage, cause: StageChangeCause) => (planStageChange(lead(from), to, context(cause, { reason: 'r' })) as { reachedRank: number }).reachedRank;
    expect(rank('prospect', 'lead', 'manual')).toBe(1);
    expect(rank('lead', 'mql', 'scoring')).toBe(2);
    expect(rank('mql', 'sql', 'qualification')).toBe(3);
    expect(rank('sql', 'customer', 'manual')).toBe(4);
    expect(rank('sql', 'nurturing', 'manual')).toBe(0);
  });
});

describe('planLeadCreation', () => {
  it('a new lead: its stage, its first history row’s who and why, its rank, one day entered', () => {
    expect(planLeadCreation('mql', context('import', { reason: ' ' }))).toEqual({
      stage: 'mql', at: '2026-11-20T10:00:00.000Z', by: 'alice', cause: 'import', reason: null, followUpOn: null, reachedRank: 2,
      stageDays: [{ stage: 'mql', day: '2026-11-20', delta: 1 }],
    });
    expect(planLeadCreation('nurturing', context('import'))).toMatchObject({ followUpOn: '2026-12-20', reachedRank: 0 });
    expect(planLeadCreation('prospect', context('manual'))).toMatchObject({ reachedRank: 0, followUpOn: null });
  });
});
