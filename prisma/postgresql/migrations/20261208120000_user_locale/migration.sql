-- Each user's interface language (issue 18, decision 110): nullable, so existing accounts keep
-- following their browser until they choose.
-- AlterTable
ALTER TABLE "User" ADD COLUMN "locale" TEXT;
