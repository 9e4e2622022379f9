-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "releaseAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "latePolicy" TEXT NOT NULL DEFAULT 'none',
    "latePenalty" REAL NOT NULL DEFAULT 0,
    "lateFloor" REAL NOT NULL DEFAULT 0,
    "lateUntil" DATETIME,
    "lateFactor" REAL NOT NULL DEFAULT 0,
    "isExam" BOOLEAN NOT NULL DEFAULT false,
    "examMinutes" INTEGER,
    "publicTestsInExam" BOOLEAN NOT NULL DEFAULT false,
    "resultsReleasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssignmentItem" (
    "assignmentId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("assignmentId", "exerciseId"),
    CONSTRAINT "AssignmentItem_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssignmentItem_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Extension" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "dueAt" DATETIME,
    "extraMinutes" INTEGER NOT NULL DEFAULT 0,
    "grantedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("assignmentId", "userId"),
    CONSTRAINT "Extension_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Extension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemAllowance" (
    "exerciseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "extraAttempts" INTEGER NOT NULL DEFAULT 0,
    "resetAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("exerciseId", "userId"),
    CONSTRAINT "ItemAllowance_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemAllowance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamStart" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,

    PRIMARY KEY ("assignmentId", "userId"),
    CONSTRAINT "ExamStart_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamStart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable: an added column, not Prisma's table rebuild (additive; existing rows get UTC).
ALTER TABLE "Course" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateIndex
CREATE INDEX "Assignment_courseId_position_idx" ON "Assignment"("courseId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_courseId_title_key" ON "Assignment"("courseId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentItem_exerciseId_key" ON "AssignmentItem"("exerciseId");

-- CreateIndex
CREATE INDEX "Extension_userId_idx" ON "Extension"("userId");

-- CreateIndex
CREATE INDEX "ItemAllowance_userId_idx" ON "ItemAllowance"("userId");

-- CreateIndex
CREATE INDEX "ExamStart_userId_idx" ON "ExamStart"("userId");
