-- The operators' `due --hours N`: the leads whose next follow-up comes due soonest.
CREATE INDEX leads_due ON leads (next_follow_up_at);
