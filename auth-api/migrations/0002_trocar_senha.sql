-- A password the user did not choose must be changed at the next login: one the bootstrap
-- generated, one an administrator gave at creation (when asked to), or the temporary one of an
-- administrator's reset. Until then the session's token carries the claim `trocar_senha`, and every
-- route of every service but the password change, renewal, check-auth and logout refuses it
-- (shared.api.endpoint). Changing the password clears it.
ALTER TABLE auth.usuarios ADD COLUMN trocar_senha boolean NOT NULL DEFAULT false;
