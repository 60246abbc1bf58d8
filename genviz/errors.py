"""The one exception type users see: its message is a sentence that says what to do."""


class GenvizError(Exception):
    """Bad input from a user (a missing file, a wrong option, a broken checkpoint).

    The CLI prints the message and exits 2; the app shows it in a box. Code that raises it
    writes one sentence that names the problem and the fix, so no traceback is ever needed.
    `key` and `values` name the same sentence in the app's tables (err.<key>), so the app can
    say it in the user's language.
    """

    def __init__(self, message: str, key: str | None = None, **values):
        super().__init__(message)
        self.key, self.values = key, values


class DatasetMissing(GenvizError):
    """A dataset's files are not in the data folder and no download was asked for."""


class CheckpointError(GenvizError):
    """A checkpoint cannot be read, or does not match the model its JSON describes."""
