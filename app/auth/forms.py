"""The sign-in form; every validator has its own message in both languages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(message=_l("Enter your email address")),
            Length(max=254, message=_l("Enter an email address of 254 characters or fewer")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Enter your password")),
            Length(max=1024, message=_l("Enter a password of 1,024 characters or fewer")),
        ],
    )


class ChangePasswordForm(FlaskForm):
    """The rules live in app.auth.service.change_password (shared with the command line), so
    these fields only read the input and carry the CSRF token."""

    current_password = PasswordField(_l("Current password"))
    new_password = PasswordField(_l("New password"))
    new_password_again = PasswordField(_l("New password again"))
