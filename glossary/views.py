"""Admin view: import glossary terms from a CSV file, all rows or none."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .csv_terms import COLUMNS, parse_terms_csv
from .models import GlossaryTerm

__all__ = ["ImportTermsForm", "import_terms", "import_terms_view"]

IMPORT_ACTIONS = ("add", "change", "publish")


class ImportTermsForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="UTF-8, first row: " + ", ".join(COLUMNS) + "."
    )


@transaction.atomic
def import_terms(rows, user=None):
    """Create or update (by slug, then by name) and publish every row; (created, updated)."""
    created = updated = 0
    for row in rows:
        row = {key: value for key, value in row.items() if key != "row"}
        term = (
            GlossaryTerm.objects.filter(slug=row["slug"]).first()
            or GlossaryTerm.objects.filter(name__iexact=row["name"]).first()
        )
        if term is None:
            term = GlossaryTerm(**row)
            term.save()
            created += 1
        else:
            for field, value in row.items():
                setattr(term, field, value)
            term.save()
            updated += 1
        term.save_revision(user=user).publish(user=user)
    return created, updated


def import_terms_view(request, viewset):
    # Importing creates, changes and publishes terms.
    policy = viewset.permission_policy
    if not all(policy.user_has_permission(request.user, action) for action in IMPORT_ACTIONS):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        form = ImportTermsForm(request.POST, request.FILES)
    else:
        form = ImportTermsForm()
    if form.is_bound and form.is_valid():
        rows, errors = parse_terms_csv(form.cleaned_data["file"].read())
        if not errors:
            clashes = _name_clashes(rows)
            errors = clashes
        if not errors:
            created, updated = import_terms(rows, request.user)
            messages.success(
                request, f"Imported {len(rows)} terms: {created} new, {updated} updated."
            )
            return redirect(viewset.get_url_name("list"))
    status = 400 if errors or form.errors else 200
    return TemplateResponse(
        request,
        "glossary/admin/import_terms.html",
        {
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "header_title": "Import glossary terms",
            "index_url_name": viewset.get_url_name("list"),
        },
        status=status,
    )


def _name_clashes(rows):
    """A row must not take the name of another existing term (names are unique)."""
    errors = []
    for row in rows:
        number = row["row"]
        other = (
            GlossaryTerm.objects.filter(name__iexact=row["name"]).exclude(slug=row["slug"]).first()
        )
        if other and GlossaryTerm.objects.filter(slug=row["slug"]).exists():
            errors.append(
                f"Row {number}: the name “{row['name']}” belongs to the term “{other.slug}”, "
                f"not to “{row['slug']}”."
            )
    return errors
