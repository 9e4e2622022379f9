"use client";

// Unexpected errors only; expected ones (validation, 401/403) are handled where they happen.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="status-page">
      <h1>Something went wrong</h1>
      <p className="muted">The error has been logged. You can try again.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
