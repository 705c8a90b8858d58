/**
 * Weighted logistic regression, the one fitting routine behind the /howto confidence model: the
 * calibration (howto-model.ts) and the cross-validated experiments (howto-cv.ts) both fit with it.
 */

/** A fitted model: [bias, ...weights], one weight a column of the rows it was fitted on. */
export type Coefficients = number[];

export interface FitOptions {
  /** L2 penalty on the weights (not the bias), per sample. */
  l2: number;
  /** Newton steps at the most (it stops earlier once a step moves no coefficient by 1e-8). */
  maxIterations?: number;
}

/**
 * Fits P(label) = σ(bias + Σ weight·x) by Newton's method, each row counting as much as its weight
 * (a row of weight 2 counts as two copies of it). Rows are feature vectors without the bias column.
 */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly boolean[], weights: readonly number[], options: FitOptions): Coefficients {
  if (rows.length === 0) throw new Error('fitLogistic: no rows');
  if (labels.length !== rows.length || weights.length !== rows.length) throw new Error('fitLogistic: rows, labels and weights differ in length');
  const dims = rows[0]!.length + 1;
  const penalty = options.l2 * rows.length;
  let w = new Array<number>(dims).fill(0);
  const xs = new Array<number>(dims).fill(1);
  for (let iter = 0; iter < (options.maxIterations ?? 60); iter++) {
    const grad = new Array<number>(dims).fill(0);
    const hess = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    for (let n = 0; n < rows.length; n++) {
      const row = rows[n]!;
      for (let i = 1; i < dims; i++) xs[i] = row[i - 1]!;
      const p = sigmoid(dot(w, xs));
      const weight = weights[n]!;
      const err = weight * (p - (labels[n] ? 1 : 0));
      const curv = weight * p * (1 - p);
      for (let i = 0; i < dims; i++) {
        grad[i]! += err * xs[i]!;
        for (let j = i; j < dims; j++) hess[i]![j]! += curv * xs[i]! * xs[j]!;
      }
    }
    for (let i = 0; i < dims; i++) for (let j = 0; j < i; j++) hess[i]![j] = hess[j]![i]!;
    for (let i = 1; i < dims; i++) {
      grad[i]! += penalty * w[i]!;
      hess[i]![i]! += penalty;
    }
    const step = solve(hess, grad);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

/** The probability a fitted model gives a row. */
export function predict(w: readonly number[], row: readonly number[]): number {
  let z = w[0]!;
  for (let i = 0; i < row.length; i++) z += row[i]! * w[i + 1]!;
  return sigmoid(z);
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let v = m[r]![n]!;
    for (let k = r + 1; k < n; k++) v -= m[r]![k]! * x[k]!;
    x[r] = v / m[r]![r]!;
  }
  return x;
}
