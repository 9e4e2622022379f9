import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { getViewer } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getViewer()) redirect("/");
  return (
    <div className="card auth-card stack">
      <h1>Sign in</h1>
      {/* useSearchParams (callbackUrl) needs a Suspense boundary in a statically rendered tree. */}
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="muted">
        New here? <Link href="/signup">Create an account</Link>
      </p>
    </div>
  );
}
