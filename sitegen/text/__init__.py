"""What sitegen knows of writing in French and English, whatever the page: typography
(`typography.py`), the theme's words and dates in each language (`i18n.py`), which language
a text is in (`language.py`), phone numbers and e-mail addresses (`contacts.py`), people's
names in imported chats (`personnames.py`) and what scrapers leave behind (`leftovers.py`).

May import: project.
"""
