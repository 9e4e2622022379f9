"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, useState, type ReactNode } from "react";
import { standingLabel, type ItemStanding } from "@/lib/submissions/standing";
import { percent } from "./format";

// The student's standing on the item the page shows, shared by everything on the page that shows
// it (the header's status, the workbench's best score and attempts, the quiz's attempts and its
// confirm step). Each graded answer returns the new standing and sets it here, so all of them
// change the moment a result arrives, without a reload.

interface StandingState {
  standing: ItemStanding;
  setStanding: (s: ItemStanding) => void;
}

const StandingContext = createContext<StandingState | null>(null);

export function ItemStandingProvider({ initial, children }: { initial: ItemStanding; children: ReactNode }) {
  const [standing, setStanding] = useState<ItemStanding>(initial);
  return <StandingContext.Provider value={{ standing, setStanding }}>{children}</StandingContext.Provider>;
}

/** null outside an item page (the instructor's preview of a quiz has no standing). */
export function useItemStanding(): StandingState | null {
  return useContext(StandingContext);
}

/** The header's status ("Not started", "Attempted, best 40%", "Solved", …), live. */
export function ItemStatusText() {
  const t = useTranslations("item");
  const state = useItemStanding();
  if (!state) return null;
  const label = standingLabel(state.standing);
  const text =
    label.key === "statusCredited"
      ? t("statusCredited", { solved: String(label.solved), pct: percent(label.best), raw: percent(label.raw) })
      : label.key === "statusBest"
        ? t("statusBest", { solved: String(label.solved), pct: percent(label.best) })
        : t(label.key);
  return (
    <span data-testid="item-status" data-status={state.standing.status} aria-live="polite">
      {text}
    </span>
  );
}
