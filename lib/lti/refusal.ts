// An LTI message refused by one of the checks of the 1EdTech specifications. `check` names it
// (the log line and the page say which one failed: "signature", "nonce", "aud"...); `message` is
// for the person in front of the LMS and the administrator reading the log.
export class LaunchRefusal extends Error {
  constructor(
    readonly check: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 = 401,
  ) {
    super(message);
    this.name = "LaunchRefusal";
  }
}

export function isLaunchRefusal(e: unknown): e is LaunchRefusal {
  return e instanceof LaunchRefusal;
}
