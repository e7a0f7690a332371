"""lms/durations.py: the one copy of every duration format. Each expected string is what the
page, email, CSV or PDF showed before the copies were merged (issue 14), so a change here is a
change those readers see."""

from datetime import timedelta

import pytest

from lms.durations import duration_words, hours_figure, hours_words, minutes_short, minutes_words


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "0 minutes"),
        (None, "0 minutes"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (120, "2 hours"),
        (600, "10 hours"),
        (750, "12 hours 30 minutes"),
        (2400, "40 hours"),
    ],
)
def test_minutes_words_says_hours_and_minutes(minutes, words):
    assert minutes_words(minutes) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (timedelta(0), "0 seconds"),
        (timedelta(seconds=1), "1 second"),
        (timedelta(seconds=45), "45 seconds"),
        (timedelta(seconds=90), "1 minute 30 seconds"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=1, minutes=30), "1 hour 30 minutes"),
        (timedelta(hours=2, seconds=5), "2 hours 5 seconds"),
        (timedelta(days=1), "24 hours"),
    ],
)
def test_duration_words_goes_to_the_second(value, words):
    assert duration_words(value) == words


@pytest.mark.parametrize(
    ("minutes", "short"),
    [
        (0, "0 min"),
        (None, "0 min"),
        (45, "45 min"),
        (60, "1 h"),
        (150, "2 h 30 min"),
        (600, "10 h"),
    ],
)
def test_minutes_short_fits_a_table_cell(minutes, short):
    assert minutes_short(minutes) == short


@pytest.mark.parametrize(
    ("minutes", "figure"),
    [(0, "0"), (1, "0.02"), (30, "0.5"), (60, "1"), (90, "1.5"), (100, "1.67"), (6000, "100")],
)
def test_hours_figure_has_two_decimals_at_most_and_no_trailing_zeros(minutes, figure):
    assert hours_figure(minutes) == figure


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(60, "1 hour"), (61, "1.1 hours"), (25, "0.5 hours"), (1, "0.1 hours"), (600, "10 hours")],
)
def test_hours_words_rounds_up_to_a_tenth(minutes, words):
    assert hours_words(minutes) == words
