// The seeds' funnel and the moves allowed between its stages (PRODUCT.md, "Stages").

export const STAGES = ['prospect', 'lead', 'mql', 'sql', 'customer', 'nurturing', 'disqualified'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages a lead can be created at by hand; later stages are reached by moving through the funnel. */
export const CREATION_STAGES = ['prospect', 'lead', 'mql'] as const satisfies readonly Stage[];

/** What caused a stage change; every history row names one. */
export const STAGE_CHANGE_CAUSES = ['manual', 'import', 'qualification', 'scoring'] as const;
export type StageChangeCause = (typeof STAGE_CHANGE_CAUSES)[number];

/**
 * from → the stages a manual move (`bant stage`) may reach. `sql` is never here: a lead becomes
 * sales-qualified only through `bant qualify`, see QUALIFICATION_TARGETS.
 */
const MANUAL_MOVES: Record<Stage, readonly Stage[]> = {
  prospect: ['lead', 'mql', 'disqualified'],
  lead: ['mql', 'nurturing', 'disqualified'],
  mql: ['nurturing', 'disqualified'],
  nurturing: ['mql', 'disqualified'],
  sql: ['nurturing', 'customer', 'disqualified'],
  disqualified: ['lead'],
  customer: [],
};

/** The stages a qualification may start from, and where its decision may send the lead. */
export const QUALIFIABLE_STAGES = ['mql', 'nurturing'] as const satisfies readonly Stage[];
export const QUALIFICATION_DECISIONS = ['sql', 'nurturing', 'disqualified'] as const satisfies readonly Stage[];

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

export function allowedManualMoves(from: Stage): readonly Stage[] {
  return MANUAL_MOVES[from];
}

export function canMoveManually(from: Stage, to: Stage): boolean {
  return MANUAL_MOVES[from].includes(to);
}

export function isQualifiable(stage: Stage): boolean {
  return (QUALIFIABLE_STAGES as readonly Stage[]).includes(stage);
}

/**
 * The shortest series of manual moves that takes a lead from `from` to a stage it can be qualified from
 * (`[]` when it already is one; undefined when no series does: a customer stays a customer). Messages build
 * the commands they suggest from it, so that every suggested command is one the table allows.
 */
export function movesToQualifiable(from: Stage): Stage[] | undefined {
  const paths = new Map<Stage, Stage[]>([[from, []]]);
  const queue: Stage[] = [from];
  while (queue.length) {
    const stage = queue.shift()!;
    const path = paths.get(stage)!;
    if (isQualifiable(stage)) return path;
    for (const next of MANUAL_MOVES[stage]) {
      if (paths.has(next)) continue;
      paths.set(next, [...path, next]);
      queue.push(next);
    }
  }
  return undefined;
}

/** `bant stage 12 lead && bant stage 12 mql`: the moves as commands, joined as a shell runs them one after the other. */
export function stageCommands(ref: string | number, moves: readonly Stage[], then?: string): string {
  return [...moves.map((stage) => `bant stage ${ref} ${stage}`), ...(then ? [then] : [])].join(' && ');
}

/** Whether the full table of PRODUCT.md allows from → to by any path (manual or qualification). */
export function isAllowedTransition(from: Stage, to: Stage): boolean {
  if (canMoveManually(from, to)) return true;
  return to === 'sql' && isQualifiable(from);
}

/** Stages that carry extra data: nurturing has a follow-up date, disqualified has a reason. */
export function needsReason(to: Stage): boolean {
  return to === 'disqualified';
}
export function needsFollowUp(to: Stage): boolean {
  return to === 'nurturing';
}

/** The funnel's steps in order; a lead that reached one has passed the ones before. */
export const FUNNEL_STAGES = ['lead', 'mql', 'sql', 'customer'] as const satisfies readonly Stage[];

/** 1 to 4 for the funnel's steps, 0 for the stages outside it (prospect, nurturing, disqualified). */
export function funnelRank(stage: Stage): number {
  return (FUNNEL_STAGES as readonly Stage[]).indexOf(stage) + 1;
}
