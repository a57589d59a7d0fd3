// The learned model as a file: one rule per line, and exactly the model when read back.

import { describe, expect, it } from 'vitest';
import { learnScoringModel } from '../../../src/domain/learning/learnScoringModel.js';
import { parseScoringModel } from '../../../src/domain/scoringModel.js';
import { shippedScoringModel } from '../../../src/scoring/loadScoringModel.js';
import { scoringModelText } from '../../../src/scoring/scoringModelText.js';
import { seededRandom, trainingRow } from '../../helpers/trainingRows.js';

describe('scoringModelText', () => {
  it('reads back as the same model, each rule on a line of its own', () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 400 }, (_, i) => {
      const software = random() < 0.5;
      return trainingRow(i + 1, random() < (software ? 0.6 : 0.2) ? 1 : 0, { industry: software ? 'Software' : 'Retail', employees: Math.floor(random() * 500) }, { email_open: Math.floor(random() * 4) });
    });
    const { model } = learnScoringModel(rows, { interest: ['email_open'] });
    const text = scoringModelText(model);
    expect(parseScoringModel(JSON.parse(text))).toEqual(model);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(model)));
    const ruleLines = text.split('\n').filter((line) => line.trimStart().startsWith('{"id":'));
    expect(ruleLines).toHaveLength(model.fit.rules.length + model.engagement.rules.length);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('lays out a hand-written model the same way, and it still reads back', () => {
    const model = shippedScoringModel();
    expect(parseScoringModel(JSON.parse(scoringModelText(model)))).toEqual(model);
  });
});
