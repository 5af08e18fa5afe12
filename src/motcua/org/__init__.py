"""Organisation: province, administrative units, service centres, departments, staff and postings."""
