import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.identifiers import short_id_for, title_key
from apps.papers.models import Author, Authorship, Category, Paper, Tag

# The authenticator app's secret of users made with TOTP (tests/accounts/totp.py makes codes).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOTP_TYPE = Authenticator.Type.TOTP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Staff have an authenticator app (the admin requires it) unless `totp=False`."""
        wanted = extracted if extracted is not None else self.is_staff
        if (
            create
            and wanted
            and not Authenticator.objects.filter(user=self, type=TOTP_TYPE).exists()
        ):
            TOTP.activate(self, TOTP_SECRET)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Iterator(["cs.CL", "cs.LG", "cs.CV", "cs.AI"])


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("name",)

    name = factory.Faker("name")


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper
        skip_postgeneration_save = True

    arxiv_id = factory.Sequence(lambda n: f"2411.{n:05d}")
    version = 1
    title = factory.Sequence(lambda n: f"Paper number {n}: scaling laws revisited")
    title_key = factory.LazyAttribute(lambda p: title_key(p.title))
    short_id = factory.LazyAttribute(lambda p: short_id_for(p.arxiv_id or p.title_key))
    abstract = factory.Faker("paragraph", nb_sentences=5)
    primary_category = factory.SubFactory(CategoryFactory)
    published_at = factory.LazyFunction(timezone.now)
    source = "test"

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        names = extracted if extracted is not None else ["Ada Lovelace", "Alan Turing"]
        self.authors_text = ", ".join(names)
        Paper.objects.filter(pk=self.pk).update(authors_text=self.authors_text)
        Authorship.objects.bulk_create(
            Authorship(paper=self, author=AuthorFactory(name=name), position=i)
            for i, name in enumerate(names)
        )


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name = factory.LazyAttribute(lambda t: t.slug.replace("-", " ").title())


def site_with_data(*, papers: int = 6) -> dict[str, int]:
    """A little of everything (readers, papers, votes, picks, a token, an ingest run);
    for tests that move whole databases (migrations, backups). Returns the new rows' counts."""
    from apps.accounts.tokens import token_create
    from apps.curation.models import DailyPick
    from apps.ingest.models import IngestRun, RawPayload, Source
    from apps.papers.votes import vote_cast

    readers = [UserFactory() for _ in range(3)]
    curator = UserFactory(is_staff=True)
    made = [PaperFactory() for _ in range(papers)]
    for n, paper in enumerate(made):
        for reader in readers[: n % 4]:
            vote_cast(user=reader, paper=paper)
    today = timezone.localdate()
    for position, paper in enumerate(made[:3], start=1):
        DailyPick.objects.create(featured_on=today, paper=paper, position=position,
                                 note=f"pick {position}", picked_by=curator)  # fmt: skip
    token_create(user=readers[0], name="laptop")
    source = Source.objects.create(name=f"cs-cl-{made[0].pk}", kind="arxiv-api",
                                   url="https://export.arxiv.org/api/query")  # fmt: skip
    IngestRun.objects.create(source=source, kind="arxiv-api", trigger="command",
                             status="succeeded", created=papers, adjusted=1,
                             record_adjustments=["arXiv 2411.00000: title cut"])  # fmt: skip
    RawPayload.objects.create(paper=made[0], kind="hf-daily", payload={"upvotes": 3},
                              fetched_at=timezone.now())  # fmt: skip
    return {"papers": papers, "votes": sum(n % 4 for n in range(papers)), "picks": 3}
