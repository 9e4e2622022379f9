-- Archived courses (issue 21, decision 122): null while the course runs.
-- AlterTable
ALTER TABLE "Course" ADD COLUMN "archivedAt" TIMESTAMP(3);
