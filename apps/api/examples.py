"""Example payloads for the OpenAPI documentation."""

PUBLIC_ID_EXAMPLE = "2401.01234"

PAPER_EXAMPLE = {
    "id": PUBLIC_ID_EXAMPLE,
    "arxiv_id": PUBLIC_ID_EXAMPLE,
    "version": 2,
    "title": "Scaling Laws for Retrieval-Augmented Language Models",
    "abstract": "We study how retrieval changes the scaling behaviour of language models...",
    "authors": ["Ada Lovelace", "Alan Turing"],
    "primary_category": "cs.CL",
    "categories": ["cs.CL", "cs.LG"],
    "tags": [
        {"slug": "llm", "name": "LLM", "origin": "rule", "confidence": None},
        {"slug": "retrieval", "name": "Retrieval", "origin": "model", "confidence": 0.91},
    ],
    "published_at": "2024-01-03T18:00:00Z",
    "updated_at": "2024-02-10T18:00:00Z",
    "listed_on": "2024-01-03",
    "withdrawn": False,
    "status": "published",
    "vote_count": 42,
    "voted": True,
    "daily_picks": [{"date": "2024-01-04", "rank": 1}],
    "links": {
        "api": f"https://papers.example.org/api/v1/papers/{PUBLIC_ID_EXAMPLE}/",
        "html": f"https://papers.example.org/papers/{PUBLIC_ID_EXAMPLE}",
        "abs": f"https://arxiv.org/abs/{PUBLIC_ID_EXAMPLE}",
        "pdf": f"https://arxiv.org/pdf/{PUBLIC_ID_EXAMPLE}",
    },
}

HF_PAPER_EXAMPLE = {
    "id": PUBLIC_ID_EXAMPLE,
    "authors": [{"name": "Ada Lovelace", "hidden": False}],
    "publishedAt": "2024-01-03T18:00:00Z",
    "submittedOnDailyAt": "2024-01-04T00:00:00Z",
    "title": "Scaling Laws for Retrieval-Augmented Language Models",
    "summary": "We study how retrieval changes the scaling behaviour of language models...",
    "upvotes": 42,
    "discussionId": None,
    "ai_keywords": ["LLM", "Retrieval"],
}

HF_DAILY_ITEM_EXAMPLE = {
    "paper": HF_PAPER_EXAMPLE,
    "publishedAt": "2024-01-04T00:00:00Z",
    "title": HF_PAPER_EXAMPLE["title"],
    "summary": HF_PAPER_EXAMPLE["summary"],
    "thumbnail": None,
    "numComments": 0,
    "submittedBy": {
        "_id": "7",
        "name": "curator",
        "user": "curator",
        "fullname": "Curator",
        "avatarUrl": "",
        "type": "user",
    },
    "isAuthorParticipating": False,
}
