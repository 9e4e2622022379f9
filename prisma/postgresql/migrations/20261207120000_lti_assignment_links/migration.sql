-- Deep-linked assignments (decision 096): a resource link may grade an assignment's items together.
-- SetNull: a deleted assignment leaves the LMS activity's link and its passback history.
-- AlterTable
ALTER TABLE "LtiResourceLink" ADD COLUMN     "assignmentId" TEXT;

-- CreateIndex
CREATE INDEX "LtiResourceLink_assignmentId_idx" ON "LtiResourceLink"("assignmentId");

-- AddForeignKey
ALTER TABLE "LtiResourceLink" ADD CONSTRAINT "LtiResourceLink_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
