"use client";

import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";

// Time left in a student's exam. The server says how many milliseconds were left when it rendered
// the page; the browser counts down from there with its monotonic clock, so a wrong clock on the
// student's machine changes nothing (the server refuses late submissions by its own clock anyway).

function subscribe(onTick: () => void): () => void {
  const timer = setInterval(onTick, 1000);
  return () => clearInterval(timer);
}

const nowSeconds = () => Math.floor(performance.now() / 1000);

export function ExamTimer({ msLeft }: { msLeft: number }) {
  // Counted from when this timer was first rendered in the browser (a client-side navigation
  // renders it anew with the server's fresh msLeft).
  const t = useTranslations("courseView");
  const [shownAt] = useState(nowSeconds);
  const seconds = useSyncExternalStore(subscribe, nowSeconds, () => shownAt) - shownAt;
  const left = Math.max(0, Math.floor(msLeft / 1000) - seconds);
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const text = `${h > 0 ? `${h}:` : ""}${String(m).padStart(h > 0 ? 2 : 1, "0")}:${String(s).padStart(2, "0")}`;
  return (
    <span className="cr-exam-timer" role="timer" aria-live="off" data-testid="exam-timer">
      {left === 0 ? t("timeUp") : t("timeLeft", { time: text })}
    </span>
  );
}
