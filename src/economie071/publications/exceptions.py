from django.core.exceptions import ValidationError


class PublicationError(ValidationError):
    """An edition cannot be made as asked; nothing has been written."""
