-- The API bounds names at 200 characters and emails at 320, counted in code points. H2 counts
-- VARCHAR lengths in UTF-16 units, where a character outside the BMP (an emoji, 𝕏) takes two:
-- room for twice as many units keeps every accepted value storable on both engines.
ALTER TABLE leads ALTER COLUMN first_name SET DATA TYPE VARCHAR(400);
ALTER TABLE leads ALTER COLUMN last_name SET DATA TYPE VARCHAR(400);
ALTER TABLE leads ALTER COLUMN email SET DATA TYPE VARCHAR(640);
