from brasite.lib.versioning import VersionedModelForm
from partnerships.models import User


class ProfileForm(VersionedModelForm):
    """What people may correct about themselves: their name (the address is the login)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]
