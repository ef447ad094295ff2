"""The tags a reader follows ("My topics", the digest, "for you")."""

from typing import Any

from .models import TagFollow


def followed_tag_ids(user: Any) -> list[int]:
    """The ids of the tags `user` follows, in id order (none for a visitor)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        TagFollow.objects.filter(user=user).order_by("tag_id").values_list("tag_id", flat=True)
    )
