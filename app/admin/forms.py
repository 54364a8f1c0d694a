"""The administrator's forms. The rules live in the services (app.auth.service and
app.admin.partners), shared with the command line, so these fields only read the input and
carry the CSRF token; a choice outside the list reaches the service and gets its message."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField


class RoleForm(FlaskForm):
    role = RadioField(_l("Role"), validate_choice=False)
    partner = SelectField(_l("Partner"), validate_choice=False)


class NewAccountForm(RoleForm):
    email = EmailField(_l("Email address"))


class PartnerForm(FlaskForm):
    name_cy = StringField(_l("Name in Welsh"))
    name_en = StringField(_l("Name in English"))
    sector = SelectField(_l("Sector"), validate_choice=False)


class NewPartnerForm(PartnerForm):
    slug = StringField(_l("Short name for the web address"))


class EditPartnerForm(PartnerForm):
    active = RadioField(_l("Is this partner collecting stories?"), validate_choice=False)


class ConfirmForm(FlaskForm):
    """A button that does one thing (deactivate, reactivate, reset, unlock): only the token."""
