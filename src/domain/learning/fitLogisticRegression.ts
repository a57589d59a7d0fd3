// A regularised (L2) logistic regression on one-hot features, fitted by Newton's method: each step solves
// the exact Hessian system by a Cholesky factorisation and backs off (halving the step) if the loss would not
// go down enough. The loss is strictly convex (the penalty sees to that), so this converges to the one
// optimum, quadratically near it, usually in under ten steps; the same data gives the same bits every time.
//
// Why our own and not an npm library: a scorecard has a few hundred parameters and data that are 0/1 with one
// active column per feature, which makes the Hessian cheap to build (rows × features², no rows × columns
// matrix) and small enough to factor exactly. npm's logistic regression (ml-logistic-regression 2.0, last
// released in 2020) runs a fixed number of gradient steps at a fixed learning rate on dense matrices, with no
// penalty and no convergence test; a general optimiser (an L-BFGS port) would still need the loss, gradient and
// sparse design written here, and converge less exactly. Newton on this structure is about 100 lines.
//
// The model: P(converted) = σ(β₀ + Σ_f β[value of feature f]), minimising
//   Σ_rows [log(1 + e^η) − y·η] + (l2 / 2)·Σ_{j≥1} β_j²
// The intercept β₀ is not penalised (as in scikit-learn, whose C is 1 / l2).

export interface OneHotDesign {
  rows: number;
  /** Features per row. */
  width: number;
  /** Value columns, not counting the intercept. */
  columns: number;
  /**
   * Row r's value column for feature f at `active[r * width + f]`, or −1 for none. Features own increasing
   * ranges of columns (feature f's columns are all below feature f+1's), which the Hessian's loop relies on.
   */
  active: Int32Array;
  labels: Uint8Array;
}

export interface LogisticFit {
  intercept: number;
  /** One per value column. */
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  /** The penalised loss at the optimum. */
  loss: number;
}

export interface FitOptions {
  l2?: number;
  maxIterations?: number;
  /** Converged when half the Newton decrement (the loss a full step would still save) is below this, relative to the loss. */
  tolerance?: number;
  onIteration?: (iteration: number, loss: number) => void;
}

export function fitLogisticRegression(design: OneHotDesign, options: FitOptions = {}): LogisticFit {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-12;
  const { rows, width, active, labels } = design;
  const p = design.columns + 1;
  // β[0] is the intercept; β[1 + j] the weight of value column j.
  const beta = new Float64Array(p);
  // Starting from the base rate puts the first step close already.
  let positives = 0;
  for (let r = 0; r < rows; r++) positives += labels[r]!;
  beta[0] = Math.log((positives + 0.5) / (rows - positives + 0.5));

  const eta = new Float64Array(rows);
  const step = new Float64Array(rows);
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const direction = new Float64Array(p);
  const linear = (theta: Float64Array, out: Float64Array) => {
    for (let r = 0; r < rows; r++) {
      let sum = theta[0]!;
      const base = r * width;
      for (let f = 0; f < width; f++) {
        const column = active[base + f]!;
        if (column >= 0) sum += theta[1 + column]!;
      }
      out[r] = sum;
    }
  };
  const lossAt = (t: number) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const z = eta[r]! + t * step[r]!;
      sum += softplus(z) - labels[r]! * z;
    }
    let squares = 0;
    for (let j = 1; j < p; j++) {
      const b = beta[j]! + t * direction[j]!;
      squares += b * b;
    }
    return sum + (l2 / 2) * squares;
  };

  linear(beta, eta);
  let loss = lossAt(0);
  let iterations = 0;
  let converged = false;
  const columns = new Int32Array(width + 1);
  while (iterations < maxIterations) {
    iterations++;
    gradient.fill(0);
    hessian.fill(0);
    for (let r = 0; r < rows; r++) {
      const probability = sigmoid(eta[r]!);
      const residual = probability - labels[r]!;
      const weight = probability * (1 - probability);
      // This row's active parameters, increasing (the intercept first): the lower triangle is filled at [larger][smaller].
      let count = 0;
      columns[count++] = 0;
      const base = r * width;
      for (let f = 0; f < width; f++) {
        const column = active[base + f]!;
        if (column >= 0) columns[count++] = 1 + column;
      }
      for (let a = 0; a < count; a++) {
        const i = columns[a]!;
        gradient[i] = gradient[i]! + residual;
        const rowOffset = i * p;
        for (let b = 0; b <= a; b++) {
          const cell = rowOffset + columns[b]!;
          hessian[cell] = hessian[cell]! + weight;
        }
      }
    }
    for (let j = 1; j < p; j++) {
      gradient[j] = gradient[j]! + l2 * beta[j]!;
      hessian[j * p + j] = hessian[j * p + j]! + l2;
    }
    for (let j = 0; j < p; j++) direction[j] = -gradient[j]!;
    solveCholesky(hessian, p, direction);

    let slope = 0;
    for (let j = 0; j < p; j++) slope += gradient[j]! * direction[j]!;
    // −slope is the Newton decrement: what a full step would save if the loss were its quadratic model. Once it
    // is tiny the model is exact enough to take that last step whole, which squares the remaining error.
    const last = -slope / 2 <= tolerance * Math.max(1, loss);
    // How each row's η moves along the direction, so that trying a step length costs one pass, not a product.
    linear(direction, step);
    let t = 1;
    let next = lossAt(t);
    while (!last && next > loss + 1e-4 * t * slope && t > 1e-10) {
      t /= 2;
      next = lossAt(t);
    }
    for (let j = 0; j < p; j++) beta[j] = beta[j]! + t * direction[j]!;
    for (let r = 0; r < rows; r++) eta[r] = eta[r]! + t * step[r]!;
    loss = next;
    options.onIteration?.(iterations, loss);
    if (last) {
      converged = true;
      break;
    }
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations, converged, loss };
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Solves A x = b in place (b becomes x) for a symmetric positive definite A given by its lower triangle
 * (row-major, n × n), which is overwritten by its Cholesky factor L (A = L Lᵀ).
 */
export function solveCholesky(a: Float64Array, n: number, b: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k]! * a[rowJ + k]!;
    // The penalty makes A positive definite; a tiny floor keeps rounding on a nearly flat intercept from stopping the fit.
    const pivot = Math.sqrt(Math.max(diagonal, 1e-12));
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = sum / pivot;
    }
  }
  // L y = b, then Lᵀ x = y.
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= a[i * n + k]! * b[k]!;
    b[i] = sum / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= a[k * n + i]! * b[k]!;
    b[i] = sum / a[i * n + i]!;
  }
}
