-- The search index holds its text folded (fold.go): Arabic and Persian
-- letter variants as one, vowel marks, tatweel and niqqud left out, so
-- ايران finds ایران. The records keep their text exactly as written. The
-- index is rewritten by refoldSearch in the same step.
SELECT 1;
