"""The password hasher: Argon2id at OWASP's minimum cost, so a login costs well
under 0.3 s on a 2-core intranet server (Django's default Argon2 parameters,
100 MiB and 8 lanes, take 0.6–0.9 s there)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class DubanArgon2PasswordHasher(Argon2PasswordHasher):
    # OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1.
    time_cost = 2
    memory_cost = 19456
    parallelism = 1
