"""Rules computed from a case's facts: the pilot public policy and when a child ages out.

Pure functions of dates and choices (no database), so each rule is tested on its own
(tests/cases/test_eligibility.py). Sources: ../shared/domain/brief.md, section 1.

Pilot public policy (R.117(9)(d) / R.125(1)(d) exemption): in force from 9 September 2019,
renewed on 10 September 2021 and on 10 September 2023 for three years. It covers sponsors who
became permanent residents as resettled refugees or protected persons, or who were sponsored as
a spouse, partner or dependent child; every other sponsor (economic, other family class, permit
holders, H&C) is left out, and the excluded member must still apply while the policy is in force.
Its end date is a setting (`CASEWORK["PILOT_POLICY_ENDS_ON"]`): when IRCC renews it again, the
council changes one line of configuration instead of the code.

Age-out: a dependent child is under 22 (IRPR s.2); a separated child is a minor, under 18. The
age is locked in on the day the application is received (the sponsorship's filing date): a child
under the limit then stays a dependant. When only the month or the year of birth is known, the
earliest possible birthday is used, so the date shown is never later than the real one.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PILOT_STARTS_ON = datetime.date(2019, 9, 9)
DEFAULT_PILOT_ENDS_ON = datetime.date(2026, 9, 9)
# A pilot window closing within this many days makes an eligible case at least medium.
PILOT_WARNING_DAYS = 90
# A child ageing out within this many days (six months) makes the case at least medium.
AGE_OUT_WARNING_DAYS = 183

DEPENDENT_CHILD_AGE_LIMIT = 22
MINOR_AGE_LIMIT = 18


class SponsorCategory(StrEnum):
    RESETTLED_REFUGEE = "resettled_refugee"
    PROTECTED_PERSON = "protected_person"
    FAMILY_SPONSORED = "family_sponsored"
    OTHER = "other"


PILOT_SPONSOR_CATEGORIES = {
    SponsorCategory.RESETTLED_REFUGEE,
    SponsorCategory.PROTECTED_PERSON,
    SponsorCategory.FAMILY_SPONSORED,
}


class PilotStatus(StrEnum):
    ELIGIBLE = "eligible"
    WRONG_CATEGORY = "wrong_category"
    BEFORE_POLICY = "before_policy"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


PILOT_STATUS_LABELS = {
    PilotStatus.ELIGIBLE: _("Eligible for the pilot public policy"),
    PilotStatus.WRONG_CATEGORY: _(
        "Not eligible: the sponsor's category is not covered by the pilot public policy"
    ),
    PilotStatus.BEFORE_POLICY: _(
        "Not covered: the application predates the pilot public policy (9 September 2019)"
    ),
    PilotStatus.EXPIRED: _("Not covered: the pilot public policy has expired"),
    PilotStatus.UNKNOWN: _("Unknown: record the sponsor's immigration category"),
}


def pilot_ends_on() -> datetime.date:
    value = settings.CASEWORK.get("PILOT_POLICY_ENDS_ON")
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else DEFAULT_PILOT_ENDS_ON


@dataclass(frozen=True)
class PilotEligibility:
    status: PilotStatus
    # The day the policy ends (the last day an application is covered).
    ends_on: datetime.date
    # The day the rule was applied to: the application's filing date, or today.
    assessed_on: datetime.date

    @property
    def label(self) -> str:
        return str(PILOT_STATUS_LABELS[self.status])

    @property
    def eligible(self) -> bool:
        return self.status == PilotStatus.ELIGIBLE

    def closing_within(self, today: datetime.date, days: int = PILOT_WARNING_DAYS) -> bool:
        """Eligible, not applied yet, and the policy ends within `days` of `today`."""
        return self.eligible and today <= self.ends_on <= today + datetime.timedelta(days=days)


def pilot_eligibility(
    *,
    sponsor_category: str,
    applied_on: datetime.date | None,
    today: datetime.date,
    ends_on: datetime.date | None = None,
) -> PilotEligibility:
    """Whether the pilot public policy covers an application made on `applied_on` (today when
    it is not made yet) by a sponsor of `sponsor_category`."""
    ends_on = ends_on or pilot_ends_on()
    assessed_on = applied_on or today
    if not sponsor_category:
        status = PilotStatus.UNKNOWN
    elif sponsor_category not in PILOT_SPONSOR_CATEGORIES:
        status = PilotStatus.WRONG_CATEGORY
    elif assessed_on < PILOT_STARTS_ON:
        status = PilotStatus.BEFORE_POLICY
    elif assessed_on > ends_on:
        status = PilotStatus.EXPIRED
    else:
        status = PilotStatus.ELIGIBLE
    return PilotEligibility(status, ends_on, assessed_on)


def earliest_birthday(born: datetime.date, precision: str) -> datetime.date:
    """The earliest day the person may have been born: the first of the month or of the year
    when only those are known (precision "month" or "year")."""
    if precision == "year":
        return born.replace(month=1, day=1)
    if precision == "month":
        return born.replace(day=1)
    return born


def birthday_at(born: datetime.date, age: int) -> datetime.date:
    """The day a person born on `born` turns `age`; 28 February for 29 February in a common
    year (the earlier day: never later than the real one)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


@dataclass(frozen=True)
class AgeOut:
    ages_out_on: datetime.date
    age_limit: int
    # The application was received before the child reached the limit: the age is locked in.
    locked_in: bool

    def within(self, today: datetime.date, days: int = AGE_OUT_WARNING_DAYS) -> bool:
        """Not locked in and ageing out between today and `days` from today."""
        return not self.locked_in and today <= self.ages_out_on <= today + datetime.timedelta(
            days=days
        )


def age_out(
    *,
    born: datetime.date | None,
    precision: str,
    age_limit: int,
    lock_in_on: datetime.date | None = None,
) -> AgeOut | None:
    """When a child born on `born` (of the given precision) reaches `age_limit`; None without
    a date of birth."""
    if born is None:
        return None
    ages_out_on = birthday_at(earliest_birthday(born, precision), age_limit)
    locked_in = lock_in_on is not None and lock_in_on < ages_out_on
    return AgeOut(ages_out_on, age_limit, locked_in)


# IRPA s.57: the first review within 48 hours, the second within the 7 days after it, then one
# in each 30-day period after the previous one.
FIRST_REVIEW_DAYS = 2
SECOND_REVIEW_DAYS = 7
LATER_REVIEW_DAYS = 30


def next_statutory_review(
    *, detained_since: datetime.date, last_review_on: datetime.date | None, today: datetime.date
) -> datetime.date:
    """The latest day the next detention review may be held, counted in whole days (the 48
    hours end on the second day at the latest). Without a recorded review, the schedule runs
    from the detention as if each review were held on its last permitted day."""
    if last_review_on is not None:
        first = detained_since + datetime.timedelta(days=FIRST_REVIEW_DAYS)
        gap = SECOND_REVIEW_DAYS if last_review_on <= first else LATER_REVIEW_DAYS
        return last_review_on + datetime.timedelta(days=gap)
    review = detained_since + datetime.timedelta(days=FIRST_REVIEW_DAYS)
    gap = SECOND_REVIEW_DAYS
    while review < today:
        review += datetime.timedelta(days=gap)
        gap = LATER_REVIEW_DAYS
    return review
