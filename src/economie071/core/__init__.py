"""What every app shares and nothing app-specific: it imports no app of the platform.

Text checks, Markdown rendering, spreadsheet and CSV writing, the mail outbox (mail.py:
every e-mail the platform sends), and the other small kits the domain apps build on.
"""
