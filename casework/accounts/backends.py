from django.contrib.auth.backends import ModelBackend

from casework.cases.selectors import shared_case_ids

from .models import ROLE_PERMISSIONS, User


class MembershipModelBackend(ModelBackend):
    """Accounts with their organisation (and the cases shared with them: see
    casework.cases.selectors.visibility), and the permissions of their role.

    A person's rights come from their role only (ROLE_PERMISSIONS): no per-user or per-group
    model permission is read, so deciding costs no query and cannot drift from the roles table.
    Groups carry object permissions only (guardian: an organisation's or agency's cases). A
    superuser keeps Django's meaning: every permission.
    """

    def get_user(self, user_id):
        try:
            user = (
                User.objects.select_related("membership__organisation")
                .annotate(shared_case_ids=shared_case_ids())
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj)
        return set(ROLE_PERMISSIONS.get(user_obj.role, ()))
