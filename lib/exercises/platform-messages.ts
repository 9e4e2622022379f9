import { Localizer, type ContentLocale, type Messages } from "./i18n";

// The grader's own texts a student reads in a result (quiz feedback, comparison failures, why a
// submission could not be graded), in both languages, with `{param}` placeholders like a
// package's messages. Their keys start with "grader.", which packages may not use. They render
// in the grader host with a package's catalog (lib/exercises/i18n.ts Localizer).

export const PLATFORM_MESSAGES: Messages = {
  // Quiz answers (lib/exercises/quiz.ts).
  "grader.quiz.correct": { en: "correct", ko: "정답입니다" },
  "grader.quiz.not-correct": { en: "{label} is not correct.", ko: "{label}: 틀렸습니다." },
  "grader.quiz.selection-not-correct": { en: "The selection is not correct.", ko: "선택이 틀렸습니다." },
  "grader.quiz.order-not-correct": { en: "The order is not correct.", ko: "순서가 틀렸습니다." },
  "grader.quiz.answer": { en: "answer", ko: "답" },
  "grader.quiz.order": { en: "order", ko: "순서" },
  "grader.quiz.missing-field": { en: 'Answer is missing field "{id}" ({label})', ko: '답에 "{id}" 칸({label})이 없습니다' },
  "grader.quiz.missing-blank": { en: 'Answer is missing blank "{id}" ({label})', ko: '답에 "{id}" 빈칸({label})이 없습니다' },
  "grader.quiz.unknown-fields": { en: "Unknown field(s): {ids}", ko: "알 수 없는 칸: {ids}" },
  "grader.quiz.unknown-blanks": { en: "Unknown blank(s): {ids}", ko: "알 수 없는 빈칸: {ids}" },
  "grader.quiz.unknown-options": { en: "Unknown option id(s): {ids}", ko: "알 수 없는 선택지: {ids}" },
  "grader.quiz.selected-twice": { en: "An option is selected twice", ko: "같은 선택지를 두 번 골랐습니다" },
  "grader.quiz.select-one": { en: "Select exactly one option", ko: "선택지를 하나만 고르세요" },
  "grader.quiz.not-permutation": { en: "The order must list each of the {count} items exactly once", ko: "순서에는 {count}개 항목이 각각 한 번씩 있어야 합니다" },
  "grader.quiz.must-be": { en: "Answer must be {shape}", ko: "답은 {shape}이어야 합니다" },
  "grader.quiz.bad-answer": { en: "{where}: {problem} (the answer must be {shape})", ko: "{where}: {problem} (답은 {shape}이어야 합니다)" },
  "grader.quiz.problem.empty": { en: "is empty", ko: "비어 있습니다" },
  "grader.quiz.problem.not-finite": { en: "is not a finite number", ko: "유한한 숫자가 아닙니다" },
  "grader.quiz.problem.not-number": { en: "is not a number", ko: "숫자가 아닙니다" },
  "grader.quiz.problem.expected-number": { en: "must be a number", ko: "숫자여야 합니다" },
  "grader.quiz.problem.expected-string": { en: "must be a string", ko: "문자열이어야 합니다" },
  "grader.quiz.problem.expected-array": { en: "must be a list", ko: "목록(배열)이어야 합니다" },
  "grader.quiz.problem.expected-object": { en: "must be an object", ko: "객체여야 합니다" },
  "grader.quiz.problem.invalid": { en: "is not valid", ko: "올바르지 않습니다" },
  "grader.quiz.shape-values": { en: 'an object { "values": { field: number } }', ko: '{ "values": { 칸: 숫자 } } 형태의 객체' },
  "grader.quiz.shape-blanks": { en: 'an object { "values": { blank: number } }', ko: '{ "values": { 빈칸: 숫자 } } 형태의 객체' },
  "grader.quiz.shape-selected": { en: 'an object { "selected": [option ids] }', ko: '{ "selected": [선택지 id] } 형태의 객체' },
  "grader.quiz.shape-order": { en: 'an object { "order": [item ids] }', ko: '{ "order": [항목 id] } 형태의 객체' },
  "grader.quiz.code-item": { en: "{slug} is a code exercise: submit code, not an answer", ko: "{slug}은(는) 코드 문제입니다. 답이 아니라 코드를 제출하세요" },
  "grader.quiz.quiz-item": { en: "{slug} is a {kind} quiz: submit an answer, not code", ko: "{slug}은(는) 퀴즈({kind})입니다. 코드가 아니라 답을 제출하세요" },

  // Code results (lib/grading/grade-code.ts, compare.ts).
  "grader.passed": { en: "passed", ko: "통과" },
  "grader.threw": { en: "threw {error}", ko: "오류가 발생했습니다: {error}" },
  "grader.unreadable-value": { en: "a value that could not be read", ko: "읽을 수 없는 값" },
  "grader.no-result": { en: "no result", ko: "결과 없음" },
  "grader.join-space": { en: "{a} {b}", ko: "{a} {b}" },
  "grader.not-checked": { en: "your output could not be checked", ko: "출력을 검사할 수 없습니다" },
  "grader.not-checked-because": { en: "your output could not be checked: {why}", ko: "출력을 검사할 수 없습니다: {why}" },
  "grader.not-compared": { en: "your output could not be compared", ko: "출력을 비교할 수 없습니다" },
  "grader.module-threw": { en: "Your module threw while loading: {error}", ko: "모듈을 불러오는 중에 오류가 발생했습니다: {error}" },
  "grader.must-export": { en: "Your code must export {names}", ko: "코드에서 {names}을(를) export해야 합니다" },
  "grader.wrong-type-class": { en: "{name} must be a class (export class {name} { … }), but your code exports {got}.", ko: "{name}은(는) 클래스여야 합니다(export class {name} { … }). 지금 코드는 {got}을(를) export합니다." },
  "grader.wrong-type-function": { en: "{name} must be a function (export function {name}(…) { … }), but your code exports {got}.", ko: "{name}은(는) 함수여야 합니다(export function {name}(…) { … }). 지금 코드는 {got}을(를) export합니다." },
  "grader.type-null": { en: "null", ko: "null" },
  "grader.type-a": { en: "a {type}", ko: "{type} 값" },
  "grader.type-an": { en: "an {type}", ko: "{type} 값" },
  "grader.driver-failed": { en: "{label}: the test driver failed to load: {error}", ko: "{label}: 테스트 드라이버를 불러오지 못했습니다: {error}" },
  "grader.wrong-count": { en: "The sandbox returned the wrong number of results", ko: "샌드박스가 돌려준 결과의 개수가 맞지 않습니다" },
  "grader.suite-failed": { en: "The exercise's tests failed: {error}", ko: "문제의 테스트가 실패했습니다: {error}" },
  "grader.package-failed": { en: "Exercise package failed to load: {error}", ko: "문제 패키지를 불러오지 못했습니다: {error}" },
  "grader.grader-error": { en: "Grader error: {error}", ko: "채점기 오류: {error}" },
  // Why the platform could not grade or finish a run (lib/grading/sandbox.ts, client.ts, the
  // BullMQ producer): a student reads these in their result.
  "grader.closed": { en: "The grader is closed", ko: "채점기가 닫혀 있습니다" },
  "grader.invalid-job": { en: "Invalid grading job: {error}", ko: "올바르지 않은 채점 작업입니다: {error}" },
  "grader.submission-too-large": { en: "Submission is too large", ko: "제출물이 너무 큽니다" },
  "grader.could-not-start": { en: "The grader could not start: {reason}", ko: "채점기를 시작할 수 없습니다: {reason}" },
  "grader.shut-down": { en: "The grader was shut down before this job ran", ko: "이 작업이 실행되기 전에 채점기가 종료되었습니다" },
  "grader.no-grade": { en: "The grader gave no grade", ko: "채점기가 점수를 내지 않았습니다" },
  "grader.stopped-early": { en: "The grader stopped this run early and has no lane to finish it", ko: "채점기가 이 실행을 일찍 멈췄고 끝낼 실행 자리가 없습니다" },
  "grader.crashed-repeatedly": { en: "This submission crashed the grader repeatedly and could not be graded", ko: "이 제출물이 채점기를 여러 번 멈추게 하여 채점할 수 없었습니다" },
  "grader.no-answer-given": { en: "The grader gave no answer", ko: "채점기가 응답하지 않았습니다" },
  // A package's present/inspect failure (an author reads it): the English detail already says what
  // failed ("the suite failed: …", "suite.ts: …"), and check reports group problems by its start.
  "grader.package-error": { en: "{error}", ko: "문제 패키지에서 오류가 발생했습니다: {error}" },
  "grader.unexpected-answer": { en: "The grader answered something unexpected", ko: "채점기가 예상하지 못한 응답을 보냈습니다" },
  "grader.unreachable": {
    en: "The graders cannot be reached right now. This did not count as an attempt; try again in a moment.",
    ko: "지금은 채점기에 연결할 수 없습니다. 시도 횟수는 차감되지 않았습니다. 잠시 후 다시 시도하세요.",
  },
  "grader.no-answer": {
    en: "No grader answered in time (the graders are busy or stopped). This did not count as an attempt; try again in a moment.",
    ko: "제시간에 응답한 채점기가 없습니다(채점기가 바쁘거나 멈췄습니다). 시도 횟수는 차감되지 않았습니다. 잠시 후 다시 시도하세요.",
  },
  "grader.overloaded": {
    en: "The grader was overloaded and could not finish running your code. This run does not count as an attempt: submit again in a moment.",
    ko: "채점기에 부하가 몰려 코드 실행을 끝내지 못했습니다. 이 실행은 시도 횟수에 들어가지 않습니다. 잠시 후 다시 제출하세요.",
  },
  "grader.timeout": { en: "Your code ran longer than {ms} ms (an infinite loop?)", ko: "코드가 {ms} ms보다 오래 실행되었습니다(무한 루프인가요?)" },
  "grader.timeout-cpu": { en: "Your code ran longer than {ms} ms of CPU time (an infinite loop?)", ko: "코드가 CPU 시간 {ms} ms보다 오래 실행되었습니다(무한 루프인가요?)" },
  "grader.memory": { en: "Your code used more than {mb} MB of memory", ko: "코드가 메모리를 {mb} MB보다 많이 사용했습니다" },
  "grader.unhandled-rejection": { en: "Your code left a promise rejection unhandled: {error}", ko: "코드에 처리되지 않은 promise rejection이 남았습니다: {error}" },
  "grader.output-too-large": { en: "Your code's results are too large", ko: "코드의 결과가 너무 큽니다" },
  "grader.sandbox-no-result": { en: "The sandbox returned no result", ko: "샌드박스가 결과를 돌려주지 않았습니다" },
  "grader.sandbox-malformed": { en: "The sandbox returned malformed output", ko: "샌드박스가 형식이 잘못된 출력을 돌려주었습니다" },
  "grader.sandbox-not-created": { en: "Could not create a sandbox: {error}", ko: "샌드박스를 만들 수 없습니다: {error}" },
  "grader.not-run": { en: "Not run: an earlier job in the same sandbox failed", ko: "실행하지 않았습니다: 같은 샌드박스의 앞선 작업이 실패했습니다" },
  "grader.compare.result": { en: "result", ko: "결과" },
  "grader.compare.section-result": { en: "{section}: result", ko: "{section}: 결과" },
  "grader.compare.is-promise": { en: "{path} is a Promise (methods must return values synchronously)", ko: "{path}이(가) Promise입니다(메서드는 값을 바로 반환해야 합니다)" },
  "grader.compare.is-function": { en: "{path} is a function", ko: "{path}이(가) 함수입니다" },
  "grader.compare.too-large": { en: "{path} is too large to compare", ko: "{path}이(가) 너무 커서 비교할 수 없습니다" },
  "grader.compare.not-a-value": { en: "{path} is a {what}, not a value", ko: "{path}이(가) 값이 아니라 {what}입니다" },
  "grader.compare.missing": { en: "{path} is missing (undefined)", ko: "{path}이(가) 없습니다(undefined)" },
  "grader.compare.not-number": { en: "{path} is not a number", ko: "{path}이(가) 숫자가 아닙니다" },
  "grader.compare.not-finite": { en: "{path} is not a finite number", ko: "{path}이(가) 유한한 숫자가 아닙니다" },
  "grader.compare.wrong": { en: "{path} is wrong", ko: "{path}이(가) 틀렸습니다" },
  "grader.compare.not-array": { en: "{path} is not an array", ko: "{path}이(가) 배열이 아닙니다" },
  "grader.compare.wrong-length": { en: "{path} has the wrong length ({length})", ko: "{path}의 길이({length})가 틀렸습니다" },
  "grader.compare.not-object": { en: "{path} is not an object", ko: "{path}이(가) 객체가 아닙니다" },
};

/** A localizer for one language with a package's catalog (the platform's own messages come first). */
export function localizerFor(locale: ContentLocale, packageMessages: Messages | undefined = undefined): Localizer {
  return new Localizer(locale, packageMessages === undefined ? [PLATFORM_MESSAGES] : [PLATFORM_MESSAGES, packageMessages]);
}
