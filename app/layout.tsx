import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { getViewer } from "@/lib/auth/session";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Chainrule", template: "%s · Chainrule" },
  description: "Auto-graded exercises on backpropagation and computational graphs.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="brand">
              <span className="brand__mark">∂</span> Chainrule
            </Link>
            {viewer && (
              <nav className="site-nav" aria-label="Main">
                <Link href="/courses">Courses</Link>
                <Link href="/progress">My progress</Link>
                {viewer.role === "instructor" && <Link href="/instructor">Instructor</Link>}
              </nav>
            )}
            <div className="site-header__user">
              {viewer ? (
                <>
                  <Link href="/account" data-testid="user-email">
                    {viewer.email}
                  </Link>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/signin">Sign in</Link>
                  <Link href="/signup" className="button button--small">
                    Create account
                  </Link>
                </>
              )}
            </div>
          </div>
        </header>
        <main>{children}</main>
        <footer className="site-footer">Chainrule · learn backpropagation by building it</footer>
      </body>
    </html>
  );
}
