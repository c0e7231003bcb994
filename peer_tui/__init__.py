"""peer-tui: caseload, recovery plans, engagement timeline and a self check-in kiosk.

Kept free of imports so that ``peer-tui --help`` and ``--version`` answer at once.
"""

__version__ = "0.1.0"
