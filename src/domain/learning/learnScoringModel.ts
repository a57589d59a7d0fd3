// `bant score learn` without the database (PRODUCT.md, "Learning a scoring model from outcomes"): from the
// leads whose outcome is known, learn points for what they were, and hand back a scoring model a person can
// read, edit and apply, with how well it does on leads it did not learn from.
//
// The steps, each in its own file:
// 1. split off a held-out part, by a hash of (seed, lead id), in each class (splitHoldout);
// 2. decide the features from the learning part: what is left out and why, categories, bins (extractFeatures);
// 3. fit an L2-regularised logistic regression (fitLogisticRegression);
// 4. turn it into integer points, 20 to double the odds (buildScorecard);
// 5. score the held-out part with those points: AUC, lift per decile, the current model's AUC on the same
//    leads, the strongest points, and a suggested MQL threshold for the precision asked (evaluateScores).
// The model is checked by `parseScoringModel` before it is handed back, as a file written from it would be.

import { invalidInput } from '../errors.js';
import type { Text } from '../framework.js';
import { parseScoringModel, type ScoringModel } from '../scoringModel.js';
import { scorecardModel, scorecardPoints, POINTS_TO_DOUBLE_ODDS, type ScorecardRule } from './buildScorecard.js';
import { areaUnderCurve, liftByDecile, suggestThreshold, type Decile, type ThresholdSuggestion } from './evaluateScores.js';
import { encodeFeatures, extractFeatures, type ExclusionReason, type FeatureKind } from './extractFeatures.js';
import { fitLogisticRegression } from './fitLogisticRegression.js';
import { splitHoldout } from './splitHoldout.js';
import { trainingSetOf, TrainingSet, type TrainingRow } from './trainingSet.js';

/** Fewer leads with an outcome than this, or fewer than MIN_PER_CLASS of either class, cannot be learned from. */
export const MIN_OUTCOMES = 100;
export const MIN_PER_CLASS = 20;
export const DEFAULT_HOLDOUT = 0.3;
export const DEFAULT_SEED = 1;
/** As scikit-learn's default (C = 1): enough to keep rare values from extreme points, light on common ones. */
export const DEFAULT_L2 = 1;
/** How many of the strongest positive (and negative) points the report shows. */
const STRONGEST = 5;

export type LearningStep = { phase: 'features' } | { phase: 'fitting'; iteration: number } | { phase: 'evaluating' };

export interface LearnOptions {
  /** The share of leads held out to measure the model on, in (0, 1). */
  holdout?: number;
  /** The share of converted leads wanted above the suggested MQL threshold, in (0, 1]; twice the base rate when not given. */
  precision?: number;
  /** A whole number: the same data and seed give the same split and the same model. */
  seed?: number;
  /** Activity types that show interest, for the model file: taken from the current model (not learned). */
  interest: string[];
  id?: string;
  name?: Text;
  /** Fields never to learn from, such as those the sales team fills in after the fact (`custom.Tags` or `Tags`). */
  ignore?: readonly string[];
  l2?: number;
  onProgress?: (step: LearningStep) => void;
}

export interface PointsOf {
  ruleId: string;
  label: Text;
  points: number;
  /** How many leads learned from have this value. */
  leads: number;
}

export interface LearnedScoringModel {
  model: ScoringModel;
  outcomes: { leads: number; converted: number; learning: number; heldOut: number };
  features: {
    used: { field: string; kind: FeatureKind; values: number }[];
    excluded: { field: string; reason: ExclusionReason }[];
  };
  fit: { iterations: number; converged: boolean; l2: number; pointsToDoubleOdds: number };
  evaluation: {
    auc: number;
    /** The current model's AUC on the same held-out leads; null when some of them had no current score. */
    currentAuc: number | null;
    baseRate: number;
    deciles: Decile[];
    strongestPositive: PointsOf[];
    strongestNegative: PointsOf[];
    threshold: ThresholdSuggestion;
  };
  /** The held-out leads, with their learned score and the regression's log-odds before rounding to points. */
  heldOut: { ids: number[]; labels: number[]; scores: number[]; logOdds: number[] };
}

/** Refuses a holdout outside (0, 1) or a precision outside (0, 1]: callers check before reading any lead. */
export function checkLearnOptions(options: Pick<LearnOptions, 'holdout' | 'precision'>): void {
  const holdout = options.holdout ?? DEFAULT_HOLDOUT;
  if (!(holdout > 0 && holdout < 1)) throw invalidInput('learn.badHoldout', { value: String(holdout) });
  if (options.precision !== undefined && !(options.precision > 0 && options.precision <= 1)) throw invalidInput('learn.badPrecision', { value: String(options.precision) });
}

export function learnScoringModel(rows: TrainingSet | Iterable<TrainingRow>, options: LearnOptions): LearnedScoringModel {
  checkLearnOptions(options);
  const holdout = options.holdout ?? DEFAULT_HOLDOUT;
  const seed = options.seed ?? DEFAULT_SEED;
  const l2 = options.l2 ?? DEFAULT_L2;

  const set = rows instanceof TrainingSet ? rows : trainingSetOf(rows);
  const n = set.size;
  let converted = 0;
  for (let r = 0; r < n; r++) converted += set.labels[r]!;
  if (n > 0 && converted === 0) throw invalidInput('learn.noneConverted', { count: n });
  if (n > 0 && converted === n) throw invalidInput('learn.allConverted', { count: n });
  if (n < MIN_OUTCOMES || converted < MIN_PER_CLASS || n - converted < MIN_PER_CLASS) {
    throw invalidInput('learn.tooFewOutcomes', { count: n, converted, notConverted: n - converted, needed: MIN_OUTCOMES, neededEach: MIN_PER_CLASS });
  }

  const heldOutFlags = splitHoldout(set.ids, set.labels, n, holdout, seed);
  const learning = heldOutFlags.map((flag) => 1 - flag);
  const learningRows: number[] = [];
  const heldOutRows: number[] = [];
  for (let r = 0; r < n; r++) (heldOutFlags[r] ? heldOutRows : learningRows).push(r);
  // Rows in id order: the fit then sums in the same order whatever order the rows came in, to the last bit.
  const byId = (a: number, b: number) => set.ids[a]! - set.ids[b]!;
  learningRows.sort(byId);
  heldOutRows.sort(byId);

  options.onProgress?.({ phase: 'features' });
  const { features, excluded } = extractFeatures(set, learning, { ignore: options.ignore ?? [] });
  if (features.length === 0) throw invalidInput('learn.noUsableFeature', { count: excluded.length });

  const learningLabels = Uint8Array.from(learningRows, (r) => set.labels[r]!);
  const learningDesign = encodeFeatures(features, learningRows);
  const fit = fitLogisticRegression(
    { rows: learningRows.length, ...learningDesign, labels: learningLabels },
    { l2, onIteration: (iteration) => options.onProgress?.({ phase: 'fitting', iteration }) },
  );
  let learningConverted = 0;
  for (const label of learningLabels) learningConverted += label;
  const scorecard = scorecardPoints(features, fit, learningConverted / learningRows.length);

  options.onProgress?.({ phase: 'evaluating' });
  // The held-out leads scored with the points, as `scoreLead` would score them with the model (a test checks they agree).
  const columnPoints = scorecard.points.flat();
  const heldOutDesign = encodeFeatures(features, heldOutRows);
  const width = features.length;
  const scores: number[] = [];
  const logOdds: number[] = [];
  for (let k = 0; k < heldOutRows.length; k++) {
    let score = scorecard.base;
    let eta = fit.intercept;
    for (let f = 0; f < width; f++) {
      const column = heldOutDesign.active[k * width + f]!;
      if (column < 0) continue;
      score += columnPoints[column]!;
      eta += fit.weights[column]!;
    }
    scores.push(score);
    logOdds.push(eta);
  }
  const heldOutLabels = heldOutRows.map((r) => set.labels[r]!);
  const heldOutIds = heldOutRows.map((r) => set.ids[r]!);
  let heldOutConverted = 0;
  for (const label of heldOutLabels) heldOutConverted += label;
  const baseRate = heldOutConverted / heldOutRows.length;
  const currentScores = heldOutRows.map((r) => set.currentScores[r]!);
  const deciles = liftByDecile(scores, heldOutLabels, heldOutIds);
  const threshold = suggestThreshold(scores, heldOutLabels, options.precision ?? Math.min(1, 2 * baseRate));

  const { model, rules } = scorecardModel(features, scorecard, {
    id: options.id ?? 'learned',
    name: options.name ?? { en: `Learned from ${n} outcomes`, fr: `Appris sur ${n} leads à l’issue connue` },
    interest: options.interest,
    // No score reached the precision asked: the model still needs a threshold, so it takes the best-scored tenth.
    mqlTotal: threshold.score ?? deciles[0]!.lowestScore,
  });
  const checked = checkModel(model);

  // Strongest first; of equal points, the value more leads have.
  const leadsOf = (rule: ScorecardRule) => features[rule.feature]!.rows[rule.value]!;
  const positive = rules.filter((rule) => rule.points > 0).sort((a, b) => b.points - a.points || leadsOf(b) - leadsOf(a));
  const negative = rules.filter((rule) => rule.points < 0).sort((a, b) => a.points - b.points || leadsOf(b) - leadsOf(a));
  const pointsOf = (rule: ScorecardRule): PointsOf => ({ ruleId: rule.ruleId, label: rule.label, points: rule.points, leads: leadsOf(rule) });
  return {
    model: checked,
    outcomes: { leads: n, converted, learning: learningRows.length, heldOut: heldOutRows.length },
    features: { used: features.map((feature) => ({ field: feature.field, kind: feature.kind, values: feature.values.length })), excluded },
    fit: { iterations: fit.iterations, converged: fit.converged, l2, pointsToDoubleOdds: POINTS_TO_DOUBLE_ODDS },
    evaluation: {
      auc: areaUnderCurve(scores, heldOutLabels),
      currentAuc: currentScores.every(Number.isFinite) ? areaUnderCurve(currentScores, heldOutLabels) : null,
      baseRate,
      deciles,
      strongestPositive: positive.slice(0, STRONGEST).map(pointsOf),
      strongestNegative: negative.slice(0, STRONGEST).map(pointsOf),
      threshold,
    },
    heldOut: { ids: heldOutIds, labels: heldOutLabels, scores, logOdds },
  };
}

/** The model as a file would hold it, read back: a learned model the format refuses is a bug in bant, not bad data. */
function checkModel(model: ScoringModel): ScoringModel {
  try {
    return parseScoringModel(JSON.parse(JSON.stringify(model)));
  } catch (error) {
    throw new Error(`the learned scoring model is not valid: ${(error as Error).message}`);
  }
}
