import { useTranslations } from "next-intl";
import Link from "next/link";
import type { GradeNoticeDto } from "@/lib/data/grade-notices";
import { percent } from "@/components/format";

/** "Your grade for X changed from a % to b % after a regrade" (lib/data/grade-notices.ts). */
export function GradeNotices({ notices, courseSlug, linkItems }: { notices: GradeNoticeDto[]; courseSlug: string; linkItems: boolean }) {
  const t = useTranslations("gradeNotices");
  if (notices.length === 0) return null;
  return (
    <div className="stack" data-testid="grade-notices">
      {notices.map((n) => (
        <p key={n.id} className={`cr-alert ${n.newScore < n.oldScore ? "cr-alert-warn" : "cr-alert-ok"}`} role="status">
          {t.rich("changed", {
            title: n.title,
            old: percent(n.oldScore),
            new: percent(n.newScore),
            item: (chunks) => (linkItems ? <Link href={`/courses/${courseSlug}/${n.slug}`}>{chunks}</Link> : <strong>{chunks}</strong>),
          })}
        </p>
      ))}
    </div>
  );
}
