// Public entry of lib/exercises: the package format (schema), the loader and quiz grading.
export {
  exerciseMetaSchema,
  exerciseKinds,
  slugSchema,
  formatIssues,
  DEFAULT_TIME_LIMIT_MS,
  DEFAULT_MEMORY_LIMIT_MB,
  type ExerciseKind,
  type ExerciseMeta,
  type MistakeMeta,
  type SampleMeta,
} from "./schema";
export {
  loadPackage,
  loadPackageFromFiles,
  loadCourse,
  readPackageFiles,
  hashPackageFiles,
  type PackageFiles,
  type ExercisePackage,
  type CodePackage,
  type QuizPackage,
  type LoadOptions,
} from "./loader";
export { gradeQuiz, presentQuiz, fillPlaceholders, DEFAULT_QUIZ_RTOL, type PresentedQuiz } from "./quiz";
export { closeTo } from "./tolerance";
export type * from "./suite-types";
