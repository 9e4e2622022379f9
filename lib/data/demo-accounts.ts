// The local quick start's demo accounts and course (README "Quick start"). Plain constants, no
// "server-only": `npm start` (scripts/start.ts) reads them to say in its log which demo accounts
// still exist. The shared password is for local demos only; DEMO_SEED=off leaves the accounts out.
export const DEMO_PASSWORD = "chainrule";
export const DEMO_STUDENT_EMAIL = "student@example.com";
export const DEMO_INSTRUCTOR_EMAIL = "instructor@example.com";
export const DEMO_ACCOUNTS = [
  { email: DEMO_INSTRUCTOR_EMAIL, name: "Demo Instructor", role: "instructor" },
  { email: DEMO_STUDENT_EMAIL, name: "Demo Student", role: "student" },
] as const;
export const DEMO_COURSE = {
  slug: "backprop",
  title: "Backpropagation on Computational Graphs",
  description: "Build forward and backward passes layer by layer, from a single multiply node to a trained two-layer net.",
  joinCode: "BACKPROP",
} as const;
