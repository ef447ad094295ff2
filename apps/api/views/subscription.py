"""/api/v1/me/subscription: the caller's digest subscription (GET, PUT, DELETE)."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotAuthenticated, NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.models import User
from apps.digest import services
from apps.digest.forms import valid_timezone
from apps.digest.models import Subscription
from apps.papers.models import Category, Tag

from ..throttles import AnonThrottle, UserThrottle, WriteThrottle

_EXAMPLE = {
    "frequency": "daily",
    "hour": 8,
    "timezone": "Europe/Paris",
    "content": "picks",
    "weekday": 0,
    "include_tags": ["llm"],
    "exclude_tags": [],
    "categories": ["cs.CL"],
}


class SubscriptionSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=Subscription.Frequency.values)
    hour = serializers.IntegerField(min_value=0, max_value=23)
    timezone = serializers.CharField(max_length=64)
    content = serializers.ChoiceField(choices=Subscription.Content.values)
    weekday = serializers.IntegerField(
        min_value=0,
        max_value=6,
        required=False,
        help_text="The day a weekly digest comes: 0 Monday … 6 Sunday. Absent: unchanged "
        "(Monday for a new subscription).",
    )
    include_tags = serializers.SlugRelatedField(
        slug_field="slug", queryset=Tag.objects.all(), many=True, required=False
    )
    exclude_tags = serializers.SlugRelatedField(
        slug_field="slug", queryset=Tag.objects.all(), many=True, required=False
    )
    categories = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), many=True, required=False
    )

    def validate_timezone(self, value: str) -> str:
        if not valid_timezone(value):
            raise ValidationError("Not a time zone of the IANA database, e.g. Europe/Paris.")
        return value

    def validate(self, attrs: dict) -> dict:
        both = set(attrs.get("include_tags", [])) & set(attrs.get("exclude_tags", []))
        if both:
            names = ", ".join(sorted(tag.slug for tag in both))
            raise ValidationError({"exclude_tags": [f"Both included and excluded: {names}."]})
        return attrs


def _caller(request: Request) -> User:
    if not isinstance(request.user, User):  # IsAuthenticated already refused anyone else
        raise NotAuthenticated()
    return request.user


def _subscription(user: User) -> Subscription:
    subscription = (
        Subscription.objects.filter(user=user)
        .prefetch_related("include_tags", "exclude_tags", "categories")
        .first()
    )
    if subscription is None:
        raise NotFound("You have no digest subscription.")
    return subscription


def _body(subscription: Subscription) -> dict:
    return SubscriptionSerializer(vars(services.Preferences.of(subscription))).data


@extend_schema(
    methods=["GET"],
    summary="My digest subscription",
    description="404 when the caller has none.",
    tags=["account"],
    responses={200: SubscriptionSerializer},
    examples=[OpenApiExample("Daily picks", value=_EXAMPLE, response_only=True)],
)
@extend_schema(
    methods=["PUT"],
    summary="Subscribe to the digest, or change it",
    description="Replaces the whole subscription (tags and categories absent: none). "
    "`hour` is in `timezone` (IANA). 400 when the caller's e-mail address is not verified.",
    tags=["account"],
    request=SubscriptionSerializer,
    responses={200: SubscriptionSerializer},
    examples=[OpenApiExample("Daily picks", value=_EXAMPLE)],
)
@extend_schema(
    methods=["DELETE"],
    summary="Unsubscribe",
    description="Idempotent: 204 whether or not there was a subscription.",
    tags=["account"],
    request=None,
    responses={204: None},
)
@api_view(["GET", "PUT", "DELETE"])
@permission_classes([IsAuthenticated])
@throttle_classes([AnonThrottle, UserThrottle, WriteThrottle])
def my_subscription(request: Request) -> Response:
    user = _caller(request)
    if request.method == "GET":
        return Response(_body(_subscription(user)))
    if request.method == "DELETE":
        subscription = Subscription.objects.filter(user=user).first()
        if subscription is not None:
            services.subscription_delete(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)
    serializer = SubscriptionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        subscription = services.subscription_save(
            user=user,
            preferences=services.Preferences(
                frequency=data["frequency"],
                hour=data["hour"],
                timezone=data["timezone"],
                content=data["content"],
                weekday=data.get("weekday"),
                include_tags=data.get("include_tags", []),
                exclude_tags=data.get("exclude_tags", []),
                categories=data.get("categories", []),
            ),
        )
    except services.EmailNotVerified as error:
        raise ValidationError({"email": [str(error)]}) from error
    return Response(_body(subscription))
