"""Services: every write to the database goes through a function here.

Each public function checks the actor's permission, validates its input
(raising ValidationError naming the field), writes an audit event and commits
in one transaction; on any error nothing is written.
"""
