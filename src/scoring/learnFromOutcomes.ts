// `bant score learn` (PRODUCT.md, "Learning a scoring model from outcomes"): the leads whose outcome is known
// are read from the store a page at a time, each made into a training row right away (its fields, its
// activity counts before the outcome, and the current model's score as of that moment, for comparison), and
// the pure learner in src/domain/learning does the rest. Reading happens in one snapshot: every page sees the
// same database, however many SDRs write meanwhile.

import { checkLearnOptions, learnScoringModel, type LearnedScoringModel, type LearningStep } from '../domain/learning/learnScoringModel.js';
import { TrainingSet } from '../domain/learning/trainingSet.js';
import type { Store } from '../store/store.js';
import type { Scoring } from './rescoreLeads.js';

/**
 * Leads read per page, with their activities before the outcome. Small pages die young: on 100,000 leads with
 * 40 fields, pages of 500 took 6.5 s of CPU and 178 MB at peak, pages of 5,000 8 s and 336 MB (the garbage
 * collector promoting whole pages it then has to sweep).
 */
const PAGE = 500;

export interface LearnFromOutcomesOptions {
  holdout?: number;
  precision?: number;
  seed?: number;
  /** Fields never to learn from (`custom.Tags` or `Tags`): those the sales team fills in after the fact. */
  ignore?: readonly string[];
  onProgress?: (step: LearningStep | { phase: 'reading'; leads: number }) => void;
}

export interface LearnedFromOutcomes {
  learned: LearnedScoringModel;
  /** Leads with no outcome yet: not learned from (they are scored with whichever model the team applies). */
  withoutOutcome: number;
}

/** `current` is the model in use: its score as of each outcome is the comparison, and its interest list is kept. */
export async function learnFromOutcomes(store: Store, current: Scoring, options: LearnFromOutcomesOptions = {}): Promise<LearnedFromOutcomes> {
  checkLearnOptions(options);
  const set = new TrainingSet();
  const withoutOutcome = await store.transaction(
    async (tx) => {
      for (let after = 0; ; ) {
        const page = await tx.learning.outcomesPage(after, PAGE);
        if (page.length === 0) break;
        for (const { lead, converted, outcomeAt, activities, activityCounts } of page) {
          // The activities are only those before the outcome, so this is the score the lead had just before it.
          const currentScore = current.scorer(lead, activities, outcomeAt).total;
          set.add({ id: lead.id, lead, activityCounts, label: converted ? 1 : 0, currentScore });
        }
        after = page.at(-1)!.lead.id;
        options.onProgress?.({ phase: 'reading', leads: set.size });
      }
      return tx.learning.countWithoutOutcome();
    },
    { snapshot: true },
  );
  const learned = learnScoringModel(set, {
    holdout: options.holdout,
    precision: options.precision,
    seed: options.seed,
    ignore: options.ignore,
    interest: current.model.interest,
    onProgress: options.onProgress,
  });
  return { learned, withoutOutcome };
}
