"""Publications and the public site (domain.md §5, published outputs, and §7.3, the publication
item): the anonymisation guard (guard/), the PDFs (rendering/), the coordinators' pages and
services (staff/), the public site (public/). What every change shares is in services.py."""
