import type { Answers } from '../../src/domain/framework.js';

/** Answers that meet all four default BANT criteria; tests change what they are about. */
export const ALL_MET: Answers = {
  'budget.status': 'allocated',
  'authority.role': 'decision_maker',
  'timeline.horizon': '1_3m',
  'need.pain': 'Invoices typed by hand',
  'need.severity': 4,
  'need.fit': 'yes',
};
