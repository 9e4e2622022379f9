// Number comparison shared by quiz grading and the code grader's default check.

/**
 * Relative tolerance: |actual - expected| <= rtol·|expected| + atol. When expected is 0 a
 * relative test is meaningless, so the absolute floor max(atol, rtol) applies instead.
 */
export function closeTo(actual: number, expected: number, rtol: number, atol = 0): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  if (expected === 0) return Math.abs(actual) <= Math.max(atol, rtol);
  return Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol;
}
