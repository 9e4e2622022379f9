import type { ReactNode } from "react";
import "@/components/instructor/instructor.css";

// Styles of the instructor pages. Authorization is NOT decided here (a layout does not re-run
// on client navigation): every page, action and route handler checks through lib/data.
export default function InstructorLayout({ children }: { children: ReactNode }) {
  return children;
}
