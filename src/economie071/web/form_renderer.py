"""Form widgets with the NL Design System classes, for every form of the site.

Django renders each widget through the form renderer. This renderer adds the Utrecht
component class of the widget's kind (textbox, textarea, select, checkbox, radio button)
and its invalid state, so the forms of all apps look and behave the same without a class
in each form. Field markup around the widget (label, description, error message) is in
web/includes/field.html.
"""

from django.forms.renderers import DjangoTemplates

TEXT_INPUTS = {
    "text", "email", "password", "number", "url", "tel", "search",
    "date", "time", "datetime-local", "month", "week",
}  # fmt: skip


def component_classes(input_type: str | None, template_name: str) -> list[str]:
    """The Utrecht classes of a widget, from its input type or template."""
    if input_type in TEXT_INPUTS:
        return ["utrecht-textbox", "utrecht-textbox--html-input"]
    # A box or radio button sits in the input column of its form field (it may be inside
    # its label: <label>{{ radio.tag }} text</label>).
    if input_type == "checkbox":
        return ["utrecht-checkbox", "utrecht-checkbox--html-input", "utrecht-form-field__input"]
    if input_type == "radio":
        return [
            "utrecht-radio-button",
            "utrecht-radio-button--html-input",
            "utrecht-form-field__input",
        ]
    if template_name.endswith("/textarea.html"):
        return ["utrecht-textarea", "utrecht-textarea--html-textarea"]
    if template_name.endswith("/select.html"):
        return ["utrecht-select", "utrecht-select--html-select"]
    return []


def _with_classes(attrs: dict, classes: list[str], *, invalid_modifier: str | None) -> dict:
    if not classes:
        return attrs
    attrs = dict(attrs)
    wanted = list(classes)
    if invalid_modifier and attrs.get("aria-invalid") in (True, "true"):
        wanted.append(invalid_modifier)
    present = attrs.get("class", "").split()
    attrs["class"] = " ".join([*wanted, *[name for name in present if name not in wanted]])
    return attrs


def _styled_option(option: dict, classes: list[str], modifier: str | None) -> dict:
    attrs = _with_classes(option.get("attrs", {}), classes, invalid_modifier=modifier)
    return {**option, "attrs": attrs}


class NLDesignSystemFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if isinstance(widget, dict) and template_name.startswith("django/forms/widgets/"):
            context = {**context, "widget": self._styled(widget)}
        return super().render(template_name, context, request=request)

    def _styled(self, widget: dict) -> dict:
        widget = dict(widget)
        template = widget.get("template_name", "")
        input_type = widget.get("type")
        if template.endswith(("/radio.html", "/checkbox_select.html")):
            # The options are inputs of their own; the group itself gets no class.
            option_type = "radio" if template.endswith("/radio.html") else "checkbox"
            classes = component_classes(option_type, "")
            modifier = "utrecht-radio-button--invalid" if option_type == "radio" else None
            widget["optgroups"] = [
                (name, [_styled_option(option, classes, modifier) for option in options], index)
                for name, options, index in widget.get("optgroups", [])
            ]
            return widget
        classes = component_classes(input_type, template)
        modifier = None
        if classes:
            modifier = f"{classes[0]}--invalid" if classes[0] != "utrecht-checkbox" else None
        widget["attrs"] = _with_classes(widget.get("attrs", {}), classes, invalid_modifier=modifier)
        return widget
