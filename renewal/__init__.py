"""Domain core of the Fatturazione Elettronica renewal assistant.

Pure rules (``rules``, ``pricing``) over plain dataclasses (``model``), the
operations that persist them (``service``, ``db``), demo data and the operator
command line. Nothing in this package imports Rasa.
"""
