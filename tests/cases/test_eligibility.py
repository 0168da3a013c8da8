"""The rules computed from the facts: pilot public policy and age-out dates."""

import datetime

import pytest

from casework.cases.eligibility import (
    PilotStatus,
    age_out,
    next_statutory_review,
    pilot_eligibility,
)

D = datetime.date
ENDS = D(2026, 9, 9)


@pytest.mark.parametrize(
    ("category", "applied_on", "today", "status"),
    [
        # inside the window, each covered category
        ("resettled_refugee", D(2022, 3, 1), D(2026, 5, 4), PilotStatus.ELIGIBLE),
        ("protected_person", None, D(2026, 5, 4), PilotStatus.ELIGIBLE),
        ("family_sponsored", None, D(2026, 9, 9), PilotStatus.ELIGIBLE),  # its last day
        # a category the policy leaves out
        ("other", D(2022, 3, 1), D(2026, 5, 4), PilotStatus.WRONG_CATEGORY),
        # outside the window: before the policy, after it ended
        ("resettled_refugee", D(2019, 9, 8), D(2026, 5, 4), PilotStatus.BEFORE_POLICY),
        ("resettled_refugee", D(2019, 9, 9), D(2026, 5, 4), PilotStatus.ELIGIBLE),
        ("protected_person", None, D(2026, 9, 10), PilotStatus.EXPIRED),
        # applied while in force: still covered after it expired
        ("protected_person", D(2026, 9, 1), D(2026, 12, 3), PilotStatus.ELIGIBLE),
        ("", None, D(2026, 5, 4), PilotStatus.UNKNOWN),
    ],
)
def test_it_decides_pilot_eligibility_by_category_and_date(category, applied_on, today, status):
    result = pilot_eligibility(
        sponsor_category=category, applied_on=applied_on, today=today, ends_on=ENDS
    )
    assert result.status == status


def test_it_warns_when_the_pilot_window_closes_within_90_days():
    def closing(today, applied_on=None):
        return pilot_eligibility(
            sponsor_category="protected_person", applied_on=applied_on, today=today, ends_on=ENDS
        ).closing_within(today)

    assert closing(D(2026, 6, 11))  # 90 days before the end
    assert not closing(D(2026, 6, 10))  # 91 days
    assert not closing(D(2026, 9, 10))  # over
    assert not pilot_eligibility(
        sponsor_category="other", applied_on=None, today=D(2026, 8, 1), ends_on=ENDS
    ).closing_within(D(2026, 8, 1))


def test_the_pilot_end_date_comes_from_the_settings(settings):
    settings.CASEWORK = {**settings.CASEWORK, "PILOT_POLICY_ENDS_ON": "2029-09-09"}
    result = pilot_eligibility(
        sponsor_category="protected_person", applied_on=None, today=D(2027, 1, 1)
    )
    assert (result.status, result.ends_on) == (PilotStatus.ELIGIBLE, D(2029, 9, 9))


@pytest.mark.parametrize(
    ("born", "precision", "limit", "expected"),
    [
        (D(2005, 7, 14), "day", 22, D(2027, 7, 14)),
        # only the month known: the first of the month, never later than the real day
        (D(2005, 7, 14), "month", 22, D(2027, 7, 1)),
        # only the year known: 1 January
        (D(2005, 7, 14), "year", 22, D(2027, 1, 1)),
        (D(2010, 3, 2), "day", 18, D(2028, 3, 2)),
        # born on 29 February: the 28th in a common year
        (D(2008, 2, 29), "day", 18, D(2026, 2, 28)),
    ],
)
def test_it_computes_the_age_out_date_from_partial_dates_of_birth(born, precision, limit, expected):
    assert age_out(born=born, precision=precision, age_limit=limit).ages_out_on == expected


def test_an_application_received_before_the_age_out_locks_the_age_in():
    locked = age_out(born=D(2005, 7, 14), precision="day", age_limit=22, lock_in_on=D(2026, 1, 5))
    late = age_out(born=D(2005, 7, 14), precision="day", age_limit=22, lock_in_on=D(2027, 8, 1))
    assert locked.locked_in and not locked.within(D(2027, 3, 1))
    assert not late.locked_in
    assert age_out(born=None, precision="day", age_limit=22) is None


def test_it_warns_of_an_age_out_within_six_months():
    result = age_out(born=D(2005, 7, 14), precision="day", age_limit=22)
    assert result.within(D(2027, 1, 13))
    assert not result.within(D(2026, 12, 1))
    assert not result.within(D(2027, 7, 15))  # already aged out


@pytest.mark.parametrize(
    ("last_review_on", "today", "expected"),
    [
        # no review recorded: 48 hours, then 7 days, then every 30 days from the detention
        (None, D(2026, 5, 1), D(2026, 5, 3)),
        (None, D(2026, 5, 3), D(2026, 5, 3)),
        (None, D(2026, 5, 4), D(2026, 5, 10)),
        (None, D(2026, 5, 11), D(2026, 6, 9)),
        (None, D(2026, 6, 10), D(2026, 7, 9)),
        # the first review held: the second within 7 days; a later one: within 30
        (D(2026, 5, 2), D(2026, 5, 4), D(2026, 5, 9)),
        (D(2026, 5, 8), D(2026, 5, 9), D(2026, 6, 7)),
    ],
)
def test_detention_reviews_follow_irpa_s57(last_review_on, today, expected):
    assert (
        next_statutory_review(
            detained_since=D(2026, 5, 1), last_review_on=last_review_on, today=today
        )
        == expected
    )
