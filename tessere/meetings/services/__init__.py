"""Every write of the meetings app, by concern: registration.py (places and the waiting list),
meetings.py (meetings, agenda, materials, closing), attendance.py, harvest.py, groups.py."""
