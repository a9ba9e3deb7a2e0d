"""The web interface: public pages, the programme office's dashboard, the card editor."""
