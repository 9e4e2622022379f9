-- Deep-linked assignments (decision 096): a resource link may grade an assignment's items together.
-- SetNull: a deleted assignment leaves the LMS activity's link and its passback history.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LtiResourceLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "exerciseId" TEXT,
    "courseId" TEXT,
    "assignmentId" TEXT,
    "lineItemsUrl" TEXT,
    "lineItemUrl" TEXT,
    "agsScopes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LtiResourceLink_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "LtiContext" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LtiResourceLink_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "LtiResourceLink_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "LtiResourceLink_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_LtiResourceLink" ("agsScopes", "contextId", "courseId", "createdAt", "exerciseId", "id", "lineItemUrl", "lineItemsUrl", "platformId", "resourceLinkId", "title", "updatedAt") SELECT "agsScopes", "contextId", "courseId", "createdAt", "exerciseId", "id", "lineItemUrl", "lineItemsUrl", "platformId", "resourceLinkId", "title", "updatedAt" FROM "LtiResourceLink";
DROP TABLE "LtiResourceLink";
ALTER TABLE "new_LtiResourceLink" RENAME TO "LtiResourceLink";
CREATE INDEX "LtiResourceLink_exerciseId_idx" ON "LtiResourceLink"("exerciseId");
CREATE INDEX "LtiResourceLink_courseId_idx" ON "LtiResourceLink"("courseId");
CREATE INDEX "LtiResourceLink_assignmentId_idx" ON "LtiResourceLink"("assignmentId");
CREATE UNIQUE INDEX "LtiResourceLink_contextId_resourceLinkId_key" ON "LtiResourceLink"("contextId", "resourceLinkId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

