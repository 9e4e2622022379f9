-- An added column, not Prisma's table rebuild: the Submission table is the largest one.
-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "attemptReserved" BOOLEAN NOT NULL DEFAULT false;
