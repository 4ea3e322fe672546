"""What a fresh install needs before the first reader arrives: consent texts and a
collection for whitepaper files that the public cannot fetch."""

from .models import ConsentPurpose, ConsentVersion

__all__ = ["DEFAULT_CONSENT_TEXTS", "ensure_gate_defaults", "protected_collection"]

PROTECTED_COLLECTION_NAME = "Whitepapers"

DEFAULT_CONSENT_TEXTS = {
    ConsentPurpose.PROCESSING: (
        "I agree that my details are stored and processed to send me this whitepaper and "
        "that the company may contact me about its content. I can withdraw this consent at "
        "any time by e-mail; my data is then deleted."
    ),
    ConsentPurpose.NEWSLETTER: (
        "Yes, send me the newsletter about data and cloud topics (at most monthly). I "
        "confirm this through the link in the e-mail and can unsubscribe at any time."
    ),
}


def protected_collection():
    """The 'Whitepapers' collection, created private (logged-in users only) if missing."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PROTECTED_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=PROTECTED_COLLECTION_NAME)
    if not collection.get_view_restrictions().exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def ensure_gate_defaults():
    """Add the default consent texts and the protected collection; idempotent."""
    from wagtail.models import Collection

    for purpose, text in DEFAULT_CONSENT_TEXTS.items():
        if not ConsentVersion.objects.filter(purpose=purpose).exists():
            ConsentVersion.objects.create(purpose=purpose, text=text)
    if Collection.get_first_root_node() is not None:
        protected_collection()


def ensure_gate_defaults_after_migrate(sender, **kwargs):
    ensure_gate_defaults()
