"""Part 13, a studio day under load (Locust): see dia.py; the users are in locustfile.py."""
