"""Every form's fields are labelled honestly: "(valgfri)" only on a field that may really be left empty (issue #14:
a field labelled optional was refused as missing, its error far down the page)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import Any

from django import forms

import sikkerhedsnet

# `if ... not data.get("x") ...:` followed by `self.add_error("x", ...)`: clean() requires the field in some cases.
CONDITIONALLY_REQUIRED = re.compile(
    r"not \(?(?:data|cleaned_data|self\.cleaned_data)\.get\(\"(\w+)\"\)[^\n]*:\s*\n\s*self\.add_error\(\"\1\""
)


def _form_classes() -> list[Any]:
    found: dict[str, Any] = {}
    for module in pkgutil.walk_packages(sikkerhedsnet.__path__, "sikkerhedsnet."):
        if module.name.rsplit(".", 1)[-1] != "forms" or ".tests" in module.name:
            continue
        for name, obj in vars(importlib.import_module(module.name)).items():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.name:
                found[f"{module.name}.{name}"] = obj
    return list(found.values())


def test_forms_are_found() -> None:
    assert len(_form_classes()) > 30


def test_no_label_says_valgfri_itself() -> None:
    """The template adds "(valgfri)" to an optional field; a label saying it too is wrong on a required field and
    doubled on an optional one."""
    wrong = [
        f"{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if "valgfri" in str(field.label or "").lower()
    ]
    assert wrong == []


def test_optional_fields_that_clean_requires_are_not_labelled_optional() -> None:
    wrong = []
    for form in _form_classes():
        source = inspect.getsource(form)
        for name in CONDITIONALLY_REQUIRED.findall(source):
            field = form.base_fields.get(name)
            if field is not None and not field.required and not getattr(field, "required_when", None):
                wrong.append(f"{form.__name__}.{name}")
    assert wrong == []
