import { describe, expect, it } from 'vitest';
import { canMoveManually, isAllowedTransition, movesToQualifiable, stageCommands, STAGES, type Stage } from '../../src/domain/stages.js';

// PRODUCT.md's table, written out again by hand so that a change to the code has to be a change to this test.
const TABLE: Record<Stage, Partial<Record<Stage, 'yes' | 'qualify only'>>> = {
  prospect: { lead: 'yes', mql: 'yes', disqualified: 'yes' },
  lead: { mql: 'yes', nurturing: 'yes', disqualified: 'yes' },
  mql: { sql: 'qualify only', nurturing: 'yes', disqualified: 'yes' },
  nurturing: { mql: 'yes', sql: 'qualify only', disqualified: 'yes' },
  sql: { nurturing: 'yes', customer: 'yes', disqualified: 'yes' },
  disqualified: { lead: 'yes' },
  customer: {},
};

describe('the stage table', () => {
  const pairs = STAGES.flatMap((from) => STAGES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s by hand follows PRODUCT.md', (from, to) => {
    expect(canMoveManually(from, to)).toBe(TABLE[from][to] === 'yes');
  });

  it.each(pairs)('%s → %s by any path follows PRODUCT.md', (from, to) => {
    expect(isAllowedTransition(from, to)).toBe(TABLE[from][to] !== undefined);
  });

  it('never lets a manual move reach sql', () => {
    for (const from of STAGES) expect(canMoveManually(from, 'sql')).toBe(false);
  });

  it('finds the moves the stage table allows towards qualification, for hints that work', () => {
    expect(Object.fromEntries(STAGES.map((from) => [from, movesToQualifiable(from)]))).toEqual({
      prospect: ['mql'], lead: ['mql'], mql: [], sql: ['nurturing'], customer: undefined, nurturing: [], disqualified: ['lead', 'mql'],
    });
    for (const from of STAGES) {
      let at = from;
      for (const to of movesToQualifiable(from) ?? []) {
        expect(canMoveManually(at, to), `${at} → ${to}`).toBe(true);
        at = to;
      }
    }
    expect(stageCommands(4, ['lead', 'mql'], 'bant qualify 4')).toBe('bant stage 4 lead && bant stage 4 mql && bant qualify 4');
  });
});
