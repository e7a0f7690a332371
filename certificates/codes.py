"""Certificate codes: random, readable aloud, with a check character that catches typos.

A code is 13 characters of Crockford's base 32 (65 random bits) and one check character
(the value mod 37, in Crockford's check alphabet), shown in groups: `7KQ2-M9XD-4TBV-1R*`.
Reading is forgiving the way Crockford intended: case, spaces and dashes are ignored, I and L
read as 1, O reads as 0, so a code copied by hand still works; a single wrong or swapped
character fails the check, so a mistyped code is refused before any lookup.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
CHECK_ALPHABET = ALPHABET + "*~$=U"  # the 37 check symbols
BODY_LENGTH = 13  # 13 × 5 = 65 random bits
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class InvalidCode(ValueError):
    """Not a certificate code (wrong length, characters or check character)."""


def _value(body: str) -> int:
    value = 0
    for char in body:
        value = value * 32 + ALPHABET.index(char)
    return value


def check_character(body: str) -> str:
    return CHECK_ALPHABET[_value(body) % 37]


def code_generate() -> str:
    """A new code in canonical form (no dashes): 13 random characters and the check one."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def code_normalise(text: str) -> str:
    """The canonical form of a code as a person typed it; raises InvalidCode with a reason."""
    cleaned = "".join(str(text or "").split()).replace("-", "").upper().translate(_READ_AS)
    if len(cleaned) != BODY_LENGTH + 1:
        raise InvalidCode(
            f"A certificate code has {BODY_LENGTH + 1} characters; this one has {len(cleaned)}."
        )
    body, check = cleaned[:-1], cleaned[-1]
    if any(char not in ALPHABET for char in body) or check not in CHECK_ALPHABET:
        raise InvalidCode("A certificate code uses only letters and digits (and a last symbol).")
    if check_character(body) != check:
        raise InvalidCode("This code has a typing mistake: check it against the certificate.")
    return cleaned


def code_display(code: str) -> str:
    """Grouped for people: 7KQ2-M9XD-4TBV-1R*."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
