"""The project overview (Projectenoverzicht): editions as web pages, PDF and exports."""
