"""Certificate codes: enough randomness, forgiving to read, strict about typos."""

import pytest

from certificates.codes import (
    ALPHABET,
    BODY_LENGTH,
    InvalidCode,
    code_display,
    code_generate,
    code_normalise,
)


def test_codes_carry_at_least_sixty_bits_and_differ():
    assert BODY_LENGTH * 5 >= 60
    codes = {code_generate() for _ in range(500)}
    assert len(codes) == 500


def test_a_code_reads_back_however_a_person_types_it():
    code = code_generate()
    typed = code_display(code).lower().replace("1", "l").replace("0", "o")
    assert code_normalise(f"  {typed} ") == code


def test_every_single_character_typo_is_caught():
    code = code_generate()
    for position in range(BODY_LENGTH):
        for char in ALPHABET:
            if char == code[position]:
                continue
            typo = code[:position] + char + code[position + 1 :]
            with pytest.raises(InvalidCode, match="typing mistake"):
                code_normalise(typo)


def test_swapped_neighbours_are_caught():
    code = code_generate()
    for position in range(BODY_LENGTH - 1):
        a, b = code[position], code[position + 1]
        if a == b:
            continue
        swapped = code[:position] + b + a + code[position + 2 :]
        with pytest.raises(InvalidCode):
            code_normalise(swapped)


@pytest.mark.parametrize("text", ["", "ABC", "<script>", "X" * 200, "ÄÖÜ1234567890AB"])
def test_malformed_codes_are_refused_with_a_reason(text):
    with pytest.raises(InvalidCode):
        code_normalise(text)
