"""Errors a user can cause. Each is a ValueError whose message is one clear sentence for the page."""


class ExplorerError(ValueError):
    """Base class: the message is shown to the user as it is."""


class EmptyTextError(ExplorerError):
    """The text holds no tokens."""


class UnknownModelError(ExplorerError):
    """No pretrained model of that name."""


class ModelFileError(ExplorerError):
    """A model's card or weights fail validation."""


class InterventionError(ExplorerError):
    """An intervention names a layer, step, unit or quantity the trace does not have."""
