"""Phản ánh, kiến nghị and satisfaction ratings (DOMAIN §7) — see :mod:`.models` and :mod:`.services`."""
