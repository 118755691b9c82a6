"""Every write of the mentoring file goes through a service here (sessions.py, history.py...)."""
