-- Grade notices (issue 21, decision 126): a student's grade on an item changed after a regrade.
-- CreateTable
CREATE TABLE "GradeNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "oldScore" REAL NOT NULL,
    "newScore" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GradeNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GradeNotice_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "GradeNotice_userId_createdAt_idx" ON "GradeNotice"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "GradeNotice_exerciseId_idx" ON "GradeNotice"("exerciseId");
