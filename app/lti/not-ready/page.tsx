import type { Metadata } from "next";

export const metadata: Metadata = { title: "Not set up yet" };

// A learner launched from an LMS course no instructor has linked to a Chainrule course yet.
export default function NotReadyPage() {
  return (
    <div className="status-page">
      <h1>Chainrule is not set up for this course yet</h1>
      <p className="muted">Your instructor has to open Chainrule from this LMS course once to link it. Try again later; your account is ready.</p>
    </div>
  );
}
