// The optimiser on problems whose answer is known: a closed form where there is one, and scikit-learn's fit
// (checked against scipy's BFGS on the same loss) where there is not.

import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, sigmoid, softplus, solveCholesky, type OneHotDesign } from '../../../src/domain/learning/fitLogisticRegression.js';

/** Rows as [value column of feature 0, value column of feature 1 or −1, label]. */
function design(rows: [number, number, 0 | 1][], columns: number): OneHotDesign {
  const active = new Int32Array(rows.length * 2);
  rows.forEach(([a, b], r) => {
    active[r * 2] = a;
    active[r * 2 + 1] = b;
  });
  return { rows: rows.length, width: 2, columns, active, labels: Uint8Array.from(rows, ([, , label]) => label) };
}

const logit = (p: number) => Math.log(p / (1 - p));

describe('fitLogisticRegression', () => {
  it('with no feature, the intercept is the log-odds of the base rate', () => {
    const labels = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const fit = fitLogisticRegression({ rows: 10, width: 0, columns: 0, active: new Int32Array(0), labels });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(logit(0.3), 10);
  });

  it('with one yes/no feature and almost no penalty, the weights are the log-odds of each group (closed form)', () => {
    // Group "yes" (column 0): 6 of 8 converted; group "no" (column 1): 2 of 10.
    const rows: [number, number, 0 | 1][] = [];
    for (let i = 0; i < 8; i++) rows.push([0, -1, i < 6 ? 1 : 0]);
    for (let i = 0; i < 10; i++) rows.push([1, -1, i < 2 ? 1 : 0]);
    const fit = fitLogisticRegression(design(rows, 2), { l2: 1e-9 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept + fit.weights[0]!).toBeCloseTo(logit(6 / 8), 6);
    expect(fit.intercept + fit.weights[1]!).toBeCloseTo(logit(2 / 10), 6);
  });

  // Feature A: columns 0–1; feature B: columns 2–4, absent (−1) on some rows.
  const rows: [number, number, 0 | 1][] = [
    [0, 2, 1], [0, 2, 1], [0, 3, 0], [0, 4, 1], [0, -1, 0], [1, 2, 1], [1, 3, 0], [1, 3, 0], [1, 4, 0], [1, -1, 1],
    [0, 3, 1], [1, 4, 1], [0, 4, 1], [1, 2, 0], [0, 2, 1], [1, 3, 0], [0, 2, 1], [1, 4, 0], [0, -1, 1], [1, 3, 1],
  ];
  // scipy's exact-Hessian trust region (gradient below 1e-8) on the same loss; scikit-learn 1.2's
  // LogisticRegression(C = 1 / l2, solver = 'newton-cg') agrees to 1e-8, its default lbfgs to 1e-5.
  it.each([
    [1, 0.4774389581, [0.5446314075, -0.5446314075, 0.5017140018, -0.5850437619, 0.0372893356], 11.603201676],
    [0.5, 0.5010409136, [0.641720249, -0.641720249, 0.6476994382, -0.7404698253, 0.0552914245], 11.2393603522],
  ])('with l2 = %s, finds the optimum scipy and scikit-learn find', (l2, intercept, weights, loss) => {
    const fit = fitLogisticRegression(design(rows, 5), { l2 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(10);
    expect(fit.intercept).toBeCloseTo(intercept, 7);
    weights.forEach((weight, j) => expect(fit.weights[j]).toBeCloseTo(weight, 7));
    expect(fit.loss).toBeCloseTo(loss, 6);
  });

  it('stops at the optimum: the gradient of the penalised loss is zero there', () => {
    const l2 = 0.7;
    const d = design(rows, 5);
    const fit = fitLogisticRegression(d, { l2 });
    const gradient = [0, 0, 0, 0, 0, 0];
    for (let r = 0; r < d.rows; r++) {
      const a = d.active[r * 2]!;
      const b = d.active[r * 2 + 1]!;
      const residual = sigmoid(fit.intercept + fit.weights[a]! + (b >= 0 ? fit.weights[b]! : 0)) - d.labels[r]!;
      gradient[0]! += residual;
      gradient[1 + a]! += residual;
      if (b >= 0) gradient[1 + b]! += residual;
    }
    for (let j = 0; j < 5; j++) gradient[1 + j]! += l2 * fit.weights[j]!;
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-8);
  });

  it('is deterministic: the same design gives the same bits', () => {
    const first = fitLogisticRegression(design(rows, 5));
    const second = fitLogisticRegression(design(rows, 5));
    expect([...second.weights]).toEqual([...first.weights]);
    expect(second.intercept).toBe(first.intercept);
  });

  it('stays finite when a value separates the classes perfectly (the penalty bounds it)', () => {
    const separated: [number, number, 0 | 1][] = [];
    for (let i = 0; i < 50; i++) separated.push([0, -1, 1], [1, -1, 0]);
    const fit = fitLogisticRegression(design(separated, 2));
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0]!)).toBe(true);
    expect(fit.weights[0]! - fit.weights[1]!).toBeGreaterThan(5);
  });
});

describe('numerical helpers', () => {
  it('solveCholesky solves a symmetric positive definite system', () => {
    // A = [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]] (lower triangle given), x = [1, −2, 3].
    const a = Float64Array.from([4, 0, 0, 2, 5, 0, 0.4, 1, 3]);
    const b = Float64Array.from([4 * 1 + 2 * -2 + 0.4 * 3, 2 * 1 + 5 * -2 + 1 * 3, 0.4 * 1 + 1 * -2 + 3 * 3]);
    solveCholesky(a, 3, b);
    expect(b[0]).toBeCloseTo(1, 12);
    expect(b[1]).toBeCloseTo(-2, 12);
    expect(b[2]).toBeCloseTo(3, 12);
  });

  it('softplus and sigmoid do not overflow', () => {
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});
