-- One index per column a list can be sorted by, so that a page anywhere in
-- 100,000 records is found by walking an index, not by sorting the table.
-- Text columns sort case-blind, so their indexes are NOCASE too.
-- TestEverySortIsServedByAnIndex keeps this in step with the descriptions.
CREATE INDEX records_kind_created ON records(kind, created_at);

CREATE INDEX actor_native_name ON actor(native_name COLLATE NOCASE);
CREATE INDEX actor_actor_type  ON actor(actor_type);
CREATE INDEX actor_country     ON actor(country COLLATE NOCASE);
CREATE INDEX actor_role        ON actor(role);
CREATE INDEX actor_stance      ON actor(stance);

CREATE INDEX relationship_rel_type ON relationship(rel_type);
CREATE INDEX relationship_trust    ON relationship(trust);

CREATE INDEX channel_track    ON channel(track);
CREATE INDEX channel_status   ON channel(status);
CREATE INDEX channel_deniable ON channel(deniable);

CREATE INDEX engagement_eng_type ON engagement(eng_type);
CREATE INDEX engagement_venue    ON engagement(venue COLLATE NOCASE);

CREATE INDEX initiative_model  ON initiative(model);
CREATE INDEX initiative_status ON initiative(status);

CREATE INDEX commitment_commit_type ON commitment(commit_type);
CREATE INDEX commitment_status      ON commitment(status);

CREATE INDEX risk_category    ON risk(category);
CREATE INDEX risk_score       ON risk(score);
CREATE INDEX risk_owner       ON risk(owner COLLATE NOCASE);
CREATE INDEX risk_status      ON risk(status);
CREATE INDEX risk_next_review ON risk(next_review);

CREATE INDEX signal_signal_type ON signal(signal_type);
CREATE INDEX signal_severity    ON signal(severity);
CREATE INDEX signal_place       ON signal(place COLLATE NOCASE);

CREATE INDEX milestone_phase       ON milestone(phase);
CREATE INDEX milestone_target_date ON milestone(target_date);
CREATE INDEX milestone_status      ON milestone(status);
