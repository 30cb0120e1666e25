-- The lead's US state (SPEC "Compliance": two letters, optional, on create and PATCH): state laws
-- bind by where the person lives, so the region's rules come from it first and from the phone's
-- area code only when it is null.
ALTER TABLE leads ADD COLUMN state VARCHAR(2);
