import Link from "next/link";

// Rendered with HTTP 403 by forbidden() (lib/auth/session.ts requirePageInstructor).
export default function Forbidden() {
  return (
    <div className="status-page">
      <h1>403 · Not allowed</h1>
      <p className="muted">This page is for instructors only.</p>
      <Link href="/">Back to your courses</Link>
    </div>
  );
}
