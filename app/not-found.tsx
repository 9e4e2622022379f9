import Link from "next/link";

export default function NotFound() {
  return (
    <div className="status-page">
      <h1>404 · Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link href="/">Go home</Link>
    </div>
  );
}
