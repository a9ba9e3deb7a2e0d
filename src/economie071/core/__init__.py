"""What every app shares and nothing app-specific: it imports no app of the platform.

Text checks, Markdown rendering, spreadsheet and CSV writing, and the other small kits
the domain apps build on.
"""
