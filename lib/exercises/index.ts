// Public entry of lib/exercises: the package format (schema), the loader (data only), quiz grading.
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
export { gradeQuizAnswer, fillPlaceholders, quizVariantSchema, quizPresentationSchema, DEFAULT_QUIZ_RTOL, type QuizVariant } from "./quiz";
export { graphDisplay, presentationForStudent, type GraphDisplay, type StudentQuizPresentation } from "./graph-display";
export { closeTo } from "./tolerance";
export type * from "./suite-types";
