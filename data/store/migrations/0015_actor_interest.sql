-- How much the process matters to an actor (1-5), beside its influence:
-- the stakeholder grid (Mendelow's power × interest) places actors by the
-- two. Stance, for or against, is a different thing.
ALTER TABLE actor ADD COLUMN interest INTEGER;
