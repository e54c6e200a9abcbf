"""Supervision without a cloud: packs to a supervisor, signed responses back, team summaries.

Qt-free. A pack and a response are each one file: versioned, checksummed JSON (like the
JSON backup) sealed with ``reflect.crypto`` under a passphrase the two people agree on.
"""
