"""The admin form of Settings → Whitepaper settings."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

__all__ = ["WhitepaperSettingsForm"]


class WhitepaperSettingsForm(WagtailAdminModelForm):
    """Keeps the CRM secret out of the page: the field is a password field that is always
    empty; leaving it empty keeps the stored secret, a box removes it. A URL needs a secret:
    posts are never sent unsigned."""

    crm_webhook_secret = forms.CharField(
        label=_("CRM webhook secret"),
        max_length=128,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    remove_crm_webhook_secret = forms.BooleanField(
        label=_("Remove the stored secret"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        secret_field = self.fields["crm_webhook_secret"]
        if self.instance.crm_webhook_secret:
            secret_field.help_text = _(
                "A secret is stored (it is never shown). Leave this empty to keep it, or enter "
                "a new one. The CRM uses it to check the X-Whitepapers-Signature header."
            )
        else:
            secret_field.help_text = _(
                "Shared with the CRM to check the X-Whitepapers-Signature header."
            )
            del self.fields["remove_crm_webhook_secret"]

    def clean(self):
        cleaned_data = super().clean()
        new_secret = cleaned_data.get("crm_webhook_secret", "")
        if cleaned_data.get("remove_crm_webhook_secret"):
            if new_secret:
                self.add_error(
                    "crm_webhook_secret",
                    _("Either enter a new secret or remove the stored one, not both."),
                )
            cleaned_data["crm_webhook_secret"] = ""
        elif not new_secret:
            cleaned_data["crm_webhook_secret"] = self.instance.crm_webhook_secret
        if cleaned_data.get("crm_webhook_url") and not cleaned_data["crm_webhook_secret"]:
            self.add_error(
                "crm_webhook_secret",
                _("Set a shared secret too: the CRM uses it to check that posts come from us."),
            )
        return cleaned_data
