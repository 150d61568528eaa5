"""A model field that stores text sealed, so plaintext never reaches SQL.

The model supplies `sealing_scope()` (whose key protects the row) and a primary key that exists
before the first save (a UUID default), because the row id is part of the associated data.
Values are opened lazily on first attribute access and kept on the instance afterwards.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from hearth.privacy.sealing import open_text, seal_text


class _Ciphertext(bytes):
    """Bytes read from the database that have not been opened yet."""


class _SealedDescriptor:
    def __init__(self, field: SealedTextField) -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type) -> Any:
        if instance is None:
            return self
        name = self.field.attname
        if name not in instance.__dict__:
            instance.refresh_from_db(fields=[name])
        value = instance.__dict__[name]
        if isinstance(value, _Ciphertext):
            value = self.field.open_for(instance, value)
            instance.__dict__[name] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class SealedTextField(models.BinaryField):
    """Text sealed with AES-256-GCM under the row's scope key, bound to table, field and row."""

    # For django-stubs: the Python-side value is text, whatever the column holds.
    _pyi_private_set_type: str | None
    _pyi_private_get_type: str  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any
    ) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        setattr(cls, self.attname, _SealedDescriptor(self))

    def _place(self, instance: models.Model) -> tuple[str, str, str, str]:
        scope = instance.sealing_scope()  # type: ignore[attr-defined]
        return scope, instance._meta.db_table, self.attname, str(instance.pk)

    def open_for(self, instance: models.Model, sealed: bytes) -> str:
        """Return the plaintext of `sealed` as stored in `instance`."""
        return open_text(*self._place(instance), bytes(sealed))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> _Ciphertext | None:
        if value is None:
            return None
        return _Ciphertext(bytes(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, _Ciphertext):
            return value
        if not isinstance(value, str):
            raise TypeError(f"{self.attname} must be text")
        return seal_text(*self._place(model_instance), value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if isinstance(value, str):
            # A plaintext str must never be handed to SQL, e.g. through a queryset update().
            raise TypeError("sealed fields must be saved through the model, not in a query")
        return super().get_db_prep_value(value, connection, prepared)
