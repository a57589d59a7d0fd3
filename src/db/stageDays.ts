import type { Db } from './openDatabase.js';

/**
 * Moves counts in stage_days (leads per current stage and day they entered it): +1 where a lead arrives,
 * -1 where it leaves. Every writer of leads.stage or leads.stage_changed_at calls it in the same transaction.
 */
export function stageDaysAdjuster(db: Db): (stage: string, at: string, delta: number) => void {
  const statement = db.prepare('INSERT INTO stage_days (stage, day, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count');
  return (stage, at, delta) => {
    statement.run(stage, at.slice(0, 10), delta);
  };
}
