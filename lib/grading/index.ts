// Public entry of lib/grading for the server, scripts and tests. Student code runs only in the
// grader child process this client supervises (see docs/decisions/010-sandbox-isolated-vm.md).
export {
  createGraderClient,
  DEFAULT_SEED,
  type GradeJob,
  type GraderClient,
  type GraderClientOptions,
  type GraderStatus,
} from "./client";
export {
  gradeResultSchema,
  testResultSchema,
  diagnosisSchema,
  gradeErrorSchema,
  gradeErrorKinds,
  type GradeResult,
  type TestResult,
  type Diagnosis,
  type GradeError,
  type GradeMode,
} from "./contract";
