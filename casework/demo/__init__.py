"""The demo data of the embedded set-up (``manage.py demo``, run by bin/serve).

schema.py         the shape of the data: frozen dataclasses, and dates relative to the run
organisations.py  the council, the member organisations, the agencies and their accounts
stories.py        the cases, each with its people, files, consents and history, in order
loader.py         writes it all through the services, once

Every person, story and file number in it is invented.
"""
