class DomainError(Exception):
    """A refused state change: the view shows the message, nothing is saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
