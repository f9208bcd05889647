"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

// A sidebar link that marks itself as the current page, and closes the small-screen menu
// (a <details>) it sits in once followed.

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      onClick={(event) => event.currentTarget.closest("details")?.removeAttribute("open")}
      className={
        "block rounded-md px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 " +
        (current ? "bg-blue-50 font-semibold text-blue-800" : "text-gray-700 hover:bg-gray-100 hover:text-gray-900")
      }
    >
      {children}
    </Link>
  );
}
