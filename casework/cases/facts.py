"""The facts each kind of case turns on, one model per kind (../shared/domain/brief.md, 1-2).

A case has at most one facts record, of its kind's model (`FACTS_MODELS`), reached through
`facts_of(case)`. The Case model keeps what every kind shares; what only an R.117(9)(d) case,
a separated child, a removal or a border case needs lives here, validated by the model
(`clean`, with the shared guards of casework.inputs and casework.cases.identifiers) and written
by one service, `services.case_facts_update`, which accepts exactly `facts_fields(case.kind)`.

Imported at the end of casework.cases.models, so Django registers these models with the app.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from casework.accounts.models import telephone_validator
from casework.inputs import CleanInputModelMixin

from . import eligibility
from .identifiers import normalise_client_id
from .models import Case, ChoiceLabels, DatePrecision, Kind, Person


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


def _not_future(instance, *names: str) -> dict:
    today = timezone.localdate()
    return {
        name: _("This date cannot be in the future.")
        for name in names
        if (value := getattr(instance, name)) is not None and value > today
    }


def _not_before(instance, later: str, earlier: str, message) -> dict:
    first, second = getattr(instance, earlier), getattr(instance, later)
    return {later: message} if first and second and second < first else {}


@dataclass(frozen=True)
class Fact:
    """One line of a facts section: a label and a value (text, date or list of texts), shown
    in the reader's language by the `fact_value` filter (templatetags/case_facts.py)."""

    label: str
    value: object


COUNSEL_FIELDS = ("counsel_name", "counsel_phone", "counsel_email")


class Facts(CleanInputModelMixin, ChoiceLabels):
    """What every facts record has: its case, and the dates that cannot lie in the future."""

    # Each kind's model declares its own `case` (a one-to-one field named for the kind).
    updated_at = models.DateTimeField(auto_now=True)

    PAST_DATES: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.case)

    def errors(self) -> dict:
        """Field -> message, for clean(); subclasses add their own rules."""
        return _not_future(self, *self.PAST_DATES)

    def clean(self):
        if errors := self.errors():
            raise ValidationError(errors)

    @classmethod
    def anonymised_values(cls) -> dict:
        """What anonymisation writes (casework.cases.privacy): every free-text or identifying
        field (names, places, numbers, details) blanked; choices, ticks and dates, which the
        council counts, kept, as for the other records of a case."""
        return {
            field.name: ""
            for field in cls._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        }

    # Fields shown together elsewhere (counsel, a checklist), not as lines of their own.
    GROUPED: tuple[str, ...] = COUNSEL_FIELDS

    def rows(self) -> list[Fact]:
        """Every recorded fact, in the model's order; empty ones left out."""
        rows = []
        for field in self._meta.concrete_fields:
            if not field.editable or field.name in ("id", "case", "updated_at", *self.GROUPED):
                continue
            value = getattr(self, field.attname)
            if value in (None, "") or value is False:
                continue
            if field.choices and not isinstance(field, models.BooleanField):
                value = getattr(self, f"get_{field.name}_display")()
            elif isinstance(field, CountryField):
                value = getattr(self, field.name).name
            elif isinstance(field, models.BooleanField):
                value = YesNoUnknown.YES.label
            rows.append(Fact(field.verbose_name, value))
        return rows

    @property
    def counsel(self) -> dict | None:
        """Counsel of record (name, phone, email), or None when none is recorded."""
        name = getattr(self, "counsel_name", "")
        if not name:
            return None
        return {"name": name, "phone": self.counsel_phone, "email": self.counsel_email}


class Counsel(models.Model):
    """Counsel of record: whom the officer calls."""

    counsel_name = models.CharField(_("counsel of record"), max_length=200, blank=True)
    counsel_phone = models.CharField(
        _("counsel's telephone"), max_length=40, blank=True, validators=[telephone_validator]
    )
    counsel_email = models.EmailField(_("counsel's e-mail"), blank=True)

    class Meta:
        abstract = True

    def counsel_errors(self) -> dict:
        errors = {}
        if (self.counsel_phone or self.counsel_email) and not self.counsel_name:
            errors["counsel_name"] = _("Name the counsel whose telephone or e-mail you give.")
        return errors


class ClientId(models.Model):
    """The identifier CBSA files the person under."""

    cbsa_client_id = models.CharField(
        _("CBSA client ID"),
        max_length=12,
        blank=True,
        help_text=_("The client or FOSS number on CBSA's documents: digits only."),
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if self.cbsa_client_id:
            try:
                self.cbsa_client_id = normalise_client_id(self.cbsa_client_id)
            except ValidationError as error:
                raise ValidationError({"cbsa_client_id": error.messages}) from error


class ExclusionFacts(Facts):
    """R.117(9)(d): the family member the sponsor did not declare (or who was not examined)."""

    class SponsorCategory(models.TextChoices):
        RESETTLED_REFUGEE = eligibility.SponsorCategory.RESETTLED_REFUGEE, _("Resettled refugee")
        PROTECTED_PERSON = eligibility.SponsorCategory.PROTECTED_PERSON, _("Protected person")
        FAMILY_SPONSORED = (
            eligibility.SponsorCategory.FAMILY_SPONSORED,
            _("Sponsored spouse, partner or dependent child"),
        )
        OTHER = eligibility.SponsorCategory.OTHER, _("Other (economic, other family class, H&C…)")

    class ParentConsent(models.TextChoices):
        GIVEN = "given", _("Given")
        REFUSED = "refused", _("Refused or cannot be obtained")
        NOT_NEEDED = "not_needed", _("Not needed (sole custody or deceased)")
        UNKNOWN = "unknown", _("Not asked yet")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="exclusion")
    sponsor_pr_on = models.DateField(
        _("sponsor became a permanent resident on"), null=True, blank=True
    )
    sponsor_category = models.CharField(
        _("sponsor's immigration category"),
        max_length=20,
        choices=SponsorCategory.choices,
        blank=True,
    )
    declared = models.CharField(
        _("family member declared in the sponsor's application"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    examined = models.CharField(
        _("family member examined"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    relationship = models.CharField(_("relationship to the sponsor"), max_length=200, blank=True)
    child_country = CountryField(_("child's country of residence"), blank=True)
    visa_office = models.CharField(_("visa office"), max_length=100, blank=True)
    applied_on = models.DateField(
        _("sponsorship application received on"),
        null=True,
        blank=True,
        help_text=_("Locks in the children's ages; empty if not applied yet."),
    )
    dna_offered = models.BooleanField(_("DNA test offered"), default=False)
    other_parent_consent = models.CharField(
        _("other parent's consent"),
        max_length=20,
        choices=ParentConsent.choices,
        default=ParentConsent.UNKNOWN,
    )

    PAST_DATES = ("sponsor_pr_on", "applied_on")

    class Meta:
        verbose_name = _("R.117(9)(d) facts")
        verbose_name_plural = _("R.117(9)(d) facts")

    def errors(self) -> dict:
        return super().errors() | _not_before(
            self,
            "applied_on",
            "sponsor_pr_on",
            _("A sponsor applies only after becoming a permanent resident."),
        )

    @property
    def exclusion_applies(self) -> bool | None:
        """R.117(9)(d) bars a member who was not examined; None while unknown."""
        if self.examined == YesNoUnknown.UNKNOWN:
            return None
        return self.examined == YesNoUnknown.NO

    def pilot(self, today: datetime.date) -> eligibility.PilotEligibility:
        return eligibility.pilot_eligibility(
            sponsor_category=self.sponsor_category, applied_on=self.applied_on, today=today
        )


class ChildAtRiskFacts(Facts):
    """A separated child abroad: where, with whom, what endangers her."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="child_at_risk")
    country = CountryField(_("country where the child is"), blank=True)
    whereabouts = models.CharField(_("place (town, camp)"), max_length=200, blank=True)
    living_with = models.CharField(_("living with"), max_length=200, blank=True)
    risk_no_caregiver = models.BooleanField(
        _("no caregiver, or about to lose the only one"), default=False
    )
    risk_trafficking = models.BooleanField(_("trafficking or exploitation"), default=False)
    risk_armed_conflict = models.BooleanField(_("armed conflict where the child is"), default=False)
    risk_marriage_or_labour = models.BooleanField(_("pressure to marry or to work"), default=False)
    risk_medical = models.BooleanField(_("medical condition needing care"), default=False)
    unhcr_registered = models.CharField(
        _("registered with UNHCR"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    unhcr_number = models.CharField(_("UNHCR registration number"), max_length=40, blank=True)

    # Each factor of the checklist, and whether it puts the child in immediate danger (critical)
    # or at risk (high). Losing the only caregiver, trafficking and armed conflict leave no time.
    RISK_FACTORS = {
        "risk_no_caregiver": True,
        "risk_trafficking": True,
        "risk_armed_conflict": True,
        "risk_marriage_or_labour": False,
        "risk_medical": False,
    }

    class Meta:
        verbose_name = _("separated child's facts")
        verbose_name_plural = _("separated children's facts")

    def errors(self) -> dict:
        errors = super().errors()
        if self.unhcr_number and self.unhcr_registered != YesNoUnknown.YES:
            errors["unhcr_registered"] = _(
                "A UNHCR registration number is given: answer “Yes” to the registration."
            )
        return errors

    GROUPED = tuple(RISK_FACTORS)

    def rows(self) -> list[Fact]:
        rows = super().rows()
        if factors := self.risk_factors:
            rows.insert(3, Fact(_("risk factors"), factors))
        return rows

    @property
    def risk_factors(self) -> list[str]:
        """The labels of the factors ticked, in the checklist's order."""
        return [
            self._meta.get_field(name).verbose_name
            for name in self.RISK_FACTORS
            if getattr(self, name)
        ]

    @property
    def in_immediate_danger(self) -> bool:
        return any(
            getattr(self, name) for name, immediate in self.RISK_FACTORS.items() if immediate
        )


class RemovalFacts(ClientId, Counsel, Facts):
    """A removal to defer: counsel, CBSA's identifier, what is pending, the deferral request."""

    class DeferralDecision(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    class TravelDocument(models.TextChoices):
        VALID = "valid", _("Valid passport or travel document")
        EXPIRED = "expired", _("Expired")
        NONE = "none", _("None")
        CBSA_OBTAINING = "cbsa_obtaining", _("CBSA is obtaining one")
        UNKNOWN = "unknown", _("Unknown")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="removal_facts")
    hc_filed_on = models.DateField(_("H&C application filed on"), null=True, blank=True)
    prra_filed_on = models.DateField(_("PRRA application filed on"), null=True, blank=True)
    spousal_filed_on = models.DateField(_("spousal sponsorship filed on"), null=True, blank=True)
    jr_filed_on = models.DateField(_("judicial review filed on"), null=True, blank=True)
    deferral_filed_on = models.DateField(_("deferral request filed on"), null=True, blank=True)
    deferral_decision = models.CharField(
        _("deferral decision"), max_length=10, choices=DeferralDecision.choices, blank=True
    )
    deferral_officer = models.CharField(_("officer who decided"), max_length=200, blank=True)
    deferral_decided_on = models.DateField(_("deferral decided on"), null=True, blank=True)
    travel_document = models.CharField(
        _("travel document"),
        max_length=20,
        choices=TravelDocument.choices,
        default=TravelDocument.UNKNOWN,
    )
    learned_of_removal_on = models.DateField(
        _("learned of the removal on"),
        null=True,
        blank=True,
        help_text=_("The Federal Court asks for it when a stay motion is late."),
    )

    PAST_DATES = (
        "hc_filed_on", "prra_filed_on", "spousal_filed_on", "jr_filed_on", "deferral_filed_on",
        "deferral_decided_on", "learned_of_removal_on",
    )  # fmt: skip

    class Meta:
        verbose_name = _("removal facts")
        verbose_name_plural = _("removal facts")

    def errors(self) -> dict:
        errors = super().errors() | self.counsel_errors()
        decided = self.deferral_decision in (
            self.DeferralDecision.GRANTED,
            self.DeferralDecision.REFUSED,
        )
        if self.deferral_decision and not self.deferral_filed_on:
            errors["deferral_filed_on"] = _("Give the day the deferral request was filed.")
        if self.deferral_decided_on and not decided:
            errors["deferral_decision"] = _("Say whether the deferral was granted or refused.")
        errors |= _not_before(
            self,
            "deferral_decided_on",
            "deferral_filed_on",
            _("A request cannot be decided before it is filed."),
        )
        return errors

    @property
    def pending_applications(self) -> list[tuple[str, datetime.date]]:
        """(label, filed on) of each application filed, oldest first."""
        filed = [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("hc_filed_on", "prra_filed_on", "spousal_filed_on", "jr_filed_on")
            if getattr(self, name)
        ]
        return sorted(filed, key=lambda pair: pair[1])


class BorderFacts(Counsel, Facts):
    """A person turned back, or about to be, at the land border (STCA)."""

    class StcaException(models.TextChoices):
        NONE = "none", _("None claimed")
        FAMILY_MEMBER = "family_member", _("Family member in Canada")
        UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
        DOCUMENT_HOLDER = "document_holder", _("Holder of a Canadian visa or permit")
        PUBLIC_INTEREST = "public_interest", _("Public interest")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        ELIGIBLE = "eligible", _("Allowed to claim")
        INELIGIBLE = "ineligible", _("Found ineligible and returned")
        DIRECTED_BACK = "directed_back", _("Directed back to the United States to wait")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="border")
    port_of_entry = models.CharField(_("port of entry"), max_length=200, blank=True)
    arrived_on = models.DateField(_("date at the border"), null=True, blank=True)
    stca_exception = models.CharField(
        _("STCA exception claimed"),
        max_length=20,
        choices=StcaException.choices,
        default=StcaException.NONE,
    )
    decision = models.CharField(
        _("CBSA decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    PAST_DATES = ("arrived_on", "decided_on")

    class Meta:
        verbose_name = _("border facts")
        verbose_name_plural = _("border facts")

    def errors(self) -> dict:
        errors = super().errors() | self.counsel_errors()
        errors |= _not_before(
            self, "decided_on", "arrived_on", _("A decision cannot come before the arrival.")
        )
        if self.decided_on and self.decision == self.Decision.PENDING:
            errors["decision"] = _("Say what CBSA decided on that day.")
        return errors


class DetentionFacts(ClientId, Counsel, Facts):
    """A person held in immigration detention, and the reviews of that detention.

    IRPA s.57: the Immigration Division reviews a detention within 48 hours, then at least
    once in the 7 days after that first review, then at least once in each 30-day period after
    each review. The next review is the hearing set, when one is recorded, else the latest the
    law allows (statutory_reviews).
    """

    class Ground(models.TextChoices):
        FLIGHT_RISK = "flight_risk", _("Unlikely to appear (flight risk)")
        DANGER = "danger", _("Danger to the public")
        IDENTITY = "identity", _("Identity not established")
        INVESTIGATION = "investigation", _("Examination or investigation not complete")
        UNKNOWN = "unknown", _("Not known yet")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="detention")
    facility = models.CharField(_("detention facility"), max_length=200, blank=True)
    detained_since = models.DateField(_("detained since"), null=True, blank=True)
    ground = models.CharField(
        _("ground of detention"), max_length=20, choices=Ground.choices, default=Ground.UNKNOWN
    )
    last_review_on = models.DateField(_("last detention review on"), null=True, blank=True)
    next_review_on = models.DateField(
        _("next detention review hearing"),
        null=True,
        blank=True,
        help_text=_("The hearing the Immigration Division has set, if you know it."),
    )

    PAST_DATES = ("detained_since", "last_review_on")

    class Meta:
        verbose_name = _("detention facts")
        verbose_name_plural = _("detention facts")

    def errors(self) -> dict:
        errors = super().errors() | self.counsel_errors()
        errors |= _not_before(
            self,
            "last_review_on",
            "detained_since",
            _("A review cannot come before the detention."),
        )
        errors |= _not_before(
            self,
            "next_review_on",
            "detained_since",
            _("A review cannot come before the detention."),
        )
        return errors

    def next_review(self, today: datetime.date) -> datetime.date | None:
        """The hearing set, else the latest day the next review may be held (IRPA s.57)."""
        if self.next_review_on is not None:
            return self.next_review_on
        if self.detained_since is None:
            return None
        return eligibility.next_statutory_review(
            detained_since=self.detained_since, last_review_on=self.last_review_on, today=today
        )


class ReferralFacts(Facts):
    """A person abroad referred for resettlement or a humanitarian programme."""

    class ProtectionNeed(models.TextChoices):
        # UNHCR's resettlement submission categories.
        LEGAL_PHYSICAL = "legal_physical", _("Legal or physical protection needs")
        VIOLENCE_TORTURE = "violence_torture", _("Survivor of violence or torture")
        MEDICAL = "medical", _("Medical needs")
        WOMEN_GIRLS = "women_girls", _("Woman or girl at risk")
        FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
        CHILDREN = "children", _("Child or adolescent at risk")
        NO_DURABLE_SOLUTION = "no_durable_solution", _("No foreseeable durable solution")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral")
    referral_partner = models.CharField(
        _("referral partner"),
        max_length=200,
        blank=True,
        help_text=_("UNHCR, or the organisation IRCC designated to refer people."),
    )
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    residence_country = CountryField(_("country of residence"), blank=True)
    protection_need = models.CharField(
        _("protection need"), max_length=30, choices=ProtectionNeed.choices, blank=True
    )
    protection_details = models.TextField(
        _("the protection need, in a few words"), max_length=2000, blank=True
    )

    PAST_DATES = ("referred_on",)

    class Meta:
        verbose_name = _("referral facts")
        verbose_name_plural = _("referral facts")


FACTS_MODELS: dict[str, type[Facts]] = {
    Kind.FAMILY_REUNIFICATION: ExclusionFacts,
    Kind.SEPARATED_CHILD: ChildAtRiskFacts,
    Kind.REMOVAL_DEFERRAL: RemovalFacts,
    Kind.BORDER_INTERVENTION: BorderFacts,
    Kind.DETENTION: DetentionFacts,
    Kind.RESETTLEMENT_REFERRAL: ReferralFacts,
}


def facts_model(kind: str) -> type[Facts]:
    return FACTS_MODELS[kind]


def facts_related_name(kind: str) -> str:
    return facts_model(kind)._meta.get_field("case").remote_field.related_name


def facts_fields(kind: str) -> tuple[str, ...]:
    """What the facts service accepts for a case of this kind."""
    return tuple(
        field.name
        for field in facts_model(kind)._meta.concrete_fields
        if field.editable and field.name not in ("id", "case", "updated_at")
    )


def facts_of(case: Case) -> Facts | None:
    """The case's facts record, or None when nothing was recorded yet."""
    return getattr(case, facts_related_name(case.kind), None)


# Age-out: a dependent child of an R.117(9)(d) case is under 22; a separated child is a minor.
AGE_LIMITS = {
    Kind.FAMILY_REUNIFICATION: eligibility.DEPENDENT_CHILD_AGE_LIMIT,
    Kind.SEPARATED_CHILD: eligibility.MINOR_AGE_LIMIT,
}
CHILD_ROLES = {Person.Role.CHILD, Person.Role.EXCLUDED_MEMBER}


def age_outs(case: Case, people, facts: Facts | None, *, today: datetime.date):
    """(person, AgeOut) for each child of the case still under the kind's age limit today."""
    limit = AGE_LIMITS.get(case.kind)
    if limit is None:
        return []
    lock_in_on = getattr(facts, "applied_on", None)
    found = []
    for person in people:
        if person.role not in CHILD_ROLES:
            continue
        result = eligibility.age_out(
            born=person.date_of_birth,
            precision=person.date_of_birth_precision or DatePrecision.DAY,
            age_limit=limit,
            lock_in_on=lock_in_on,
        )
        if result is not None and result.ages_out_on >= today:
            found.append((person, result))
    return found


def derived_facts(case: Case, facts: Facts | None, people, *, today: datetime.date) -> list[Fact]:
    """What the application computes from the facts: whether R.117(9)(d) applies, the pilot
    public policy, and each child's age-out date."""
    rows = []
    if isinstance(facts, ExclusionFacts):
        applies = facts.exclusion_applies
        if applies is not None:
            rows.append(
                Fact(
                    _("R.117(9)(d) exclusion"),
                    _("Applies: the family member was not examined")
                    if applies
                    else _("Does not apply: the family member was examined"),
                )
            )
        pilot = facts.pilot(today)
        rows.append(Fact(_("pilot public policy"), pilot.label))
        rows.append(Fact(_("pilot public policy ends on"), pilot.ends_on))
    if isinstance(facts, DetentionFacts) and (review := facts.next_review(today)):
        rows.append(Fact(_("next detention review"), review))
    for person, result in age_outs(case, people, facts, today=today):
        label = _("%(name)s turns %(age)d on") % {"name": person.full_name, "age": result.age_limit}
        value = (
            [result.ages_out_on, _("age locked in by the application")]
            if result.locked_in
            else result.ages_out_on
        )
        rows.append(Fact(label, value))
    return rows
