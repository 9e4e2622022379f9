-- Practice answers (decision 072): graded like any answer, never counted. An added column with a
-- default, so existing rows are graded attempts as before.
-- AlterTable
ALTER TABLE "QuizAnswer" ADD COLUMN "practice" BOOLEAN NOT NULL DEFAULT false;
