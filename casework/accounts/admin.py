from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "province", "agency"]
    list_filter = ["kind", "status", "province"]
    search_fields = ["name", "name_fr"]
    # Standing and applications are the council's, in the app (casework.accounts.services).
    exclude = ["group", "applicant_name", "applicant_email"]
    readonly_fields = ["status"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # The service creates the organisation's permission group with it.
            form.instance = services.organisation_create(
                **{name: form.cleaned_data[name] for name in form.cleaned_data}
            )


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "membership__role",
        "membership__organisation",
        "is_active",
    ]
    list_filter = ["membership__role", "membership__organisation", "is_active"]
    list_select_related = ["membership__organisation"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ["language", "time_zone"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.membership_sync_groups(form.instance)
