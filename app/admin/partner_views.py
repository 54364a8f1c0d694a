"""Partners: list with their story counts, add one, change names, sector and collecting."""

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import admin_only, bp, field_errors, partners
from app.admin.forms import EditPartnerForm, NewPartnerForm
from app.admin.partners import PartnerError
from app.digest.sectors import sector_names
from app.models import Partner

PARTNERS = "/<lang:lang>/explore/admin/partners"


def _checked(form):
    if not form.validate():  # only the CSRF token: the rules are in app.admin.partners
        abort(400)
    return form


def _form_page(template: str, form, partner: Partner | None = None, errors=None):
    names = sector_names()
    return render_template(
        template,
        form=form,
        partner=partner,
        sector_options=[
            (code, names.get(code, code))
            for code in partners.sector_codes(partner.sector if partner else None)
        ],
        errors=errors or {},
    ), (400 if errors else 200)


def _audit(action: str, partner: Partner) -> None:
    current_app.logger.info("admin %s: %s partner %s", current_user.id, action, partner.slug)


@bp.get(PARTNERS)
@admin_only
def partner_list():
    return render_template(
        "admin/partners.html", rows=partners.partner_rows(g.lang), sector_names=sector_names()
    )


@bp.get(f"{PARTNERS}/new")
@admin_only
def new_partner():
    return _form_page("admin/new_partner.html", NewPartnerForm(formdata=None))


@bp.post(f"{PARTNERS}/new")
@admin_only
def create_partner():
    form = _checked(NewPartnerForm())
    try:
        partner = partners.create_partner(
            form.slug.data, form.name_cy.data, form.name_en.data, form.sector.data
        )
    except PartnerError as error:
        return _form_page("admin/new_partner.html", form, errors=field_errors(error))
    _audit("added", partner)
    flash(_("%(name)s is added and collecting stories.", name=partner.name(g.lang)))
    return redirect(url_for("admin.partner_list"))


@bp.get(f"{PARTNERS}/<slug>")
@admin_only
def partner(slug: str):
    found = partners.partner_by_slug(slug) or abort(404)
    form = EditPartnerForm(
        formdata=None,
        name_cy=found.name_cy,
        name_en=found.name_en,
        sector=found.sector,
        active="yes" if found.active else "no",
    )
    return _form_page("admin/partner.html", form, found)


@bp.post(f"{PARTNERS}/<slug>")
@admin_only
def update_partner(slug: str):
    found = partners.partner_by_slug(slug) or abort(404)
    form = _checked(EditPartnerForm())
    was_active = found.active
    try:
        partners.update_partner(
            found, form.name_cy.data, form.name_en.data, form.sector.data, form.active.data
        )
    except PartnerError as error:
        return _form_page("admin/partner.html", form, found, field_errors(error))
    _audit("changed", found)
    name = found.name(g.lang)
    if was_active and not found.active:
        flash(_("%(name)s has stopped collecting stories.", name=name))
    elif found.active and not was_active:
        flash(_("%(name)s is collecting stories again.", name=name))
    else:
        flash(_("The changes to %(name)s are saved.", name=name))
    return redirect(url_for("admin.partner_list"))
