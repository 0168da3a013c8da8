from django.contrib.auth.backends import ModelBackend

from .models import User


class MembershipModelBackend(ModelBackend):
    """Load the account with its organisation: every page needs both."""

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("membership__organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
