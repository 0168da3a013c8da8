from django.dispatch import Signal

# Sent by services.case_transition inside its transaction, after the case is saved and the
# event written. Arguments: case, name (the transition), actor, from_status.
case_transitioned = Signal()
