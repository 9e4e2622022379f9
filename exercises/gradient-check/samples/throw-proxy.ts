// Hostile: throws an object whose every property read loops forever, hoping the grader's
// error handling hangs outside the time limit.
export function gradientCheck(): number {
  const trap = new Proxy(
    {},
    {
      get() {
        for (;;) {
          // spin
        }
      },
    },
  );
  throw trap;
}
