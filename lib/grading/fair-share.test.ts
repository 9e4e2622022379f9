import { describe, expect, it } from "vitest";
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, FairShare, pickNext, STRIKES_FORGOTTEN_AFTER_MS } from "./fair-share";

// Who goes next when the grader is busy: shares per owner, back-off after bad runs.

const job = (owner?: string) => ({ owner });

describe("pickNext", () => {
  it("keeps arrival order among owners in good standing with nothing in flight", () => {
    const share = new FairShare();
    expect(pickNext([job("a"), job("b"), job("c")], () => 0, 4, share, 0).index).toBe(0);
  });

  it("lets an owner have at most its share in flight, and prefers owners with fewer in flight", () => {
    const share = new FairShare();
    const queue = [job("flood"), job("flood"), job("flood"), job("other")];
    const inFlight = new Map([["flood", 4]]);
    expect(pickNext(queue, (o) => inFlight.get(o) ?? 0, 4, share, 0).index).toBe(3);
    inFlight.set("flood", 2);
    inFlight.set("other", 0);
    expect(pickNext(queue, (o) => inFlight.get(o) ?? 0, 4, share, 0).index).toBe(3);
  });

  it("jobs without an owner (scripts, checks) keep their place and are never held back", () => {
    const share = new FairShare();
    share.strike("a", 0);
    expect(pickNext([job(undefined), job("b")], () => 10, 1, share, 0).index).toBe(0);
  });

  it("holds an owner back after a strike, then lets it go behind owners in good standing", () => {
    const share = new FairShare();
    share.strike("looper", 1000);
    const queue = [job("looper"), job("student")];
    expect(pickNext(queue, () => 0, 4, share, 1000).index).toBe(1);
    expect(pickNext([job("looper")], () => 0, 4, share, 1000)).toEqual({ index: -1, wakeAt: 1000 + BACKOFF_BASE_MS });
    // After the back-off it may run, but an owner in good standing still goes first.
    const later = 1000 + BACKOFF_BASE_MS;
    expect(pickNext([job("looper")], () => 0, 4, share, later).index).toBe(0);
    expect(pickNext(queue, () => 0, 4, share, later).index).toBe(1);
  });
});

describe("FairShare", () => {
  it("backs off 0.25 s, 0.5 s, 1 s, ... up to 8 s, and forgets after a quiet minute", () => {
    const share = new FairShare();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      share.strike("s", 0);
      waits.push(share.eligibleAt("s", 0));
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, BACKOFF_MAX_MS, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
    expect(share.strikes("s", STRIKES_FORGOTTEN_AFTER_MS + 1)).toBe(0);
    expect(share.eligibleAt("s", STRIKES_FORGOTTEN_AFTER_MS + 1)).toBe(0);
  });
});
