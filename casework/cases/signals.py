from django.dispatch import Signal

# Sent by services.case_transition inside its transaction, after the case is saved and the
# event written. Arguments: case, name (the transition), actor, from_status.
case_transitioned = Signal()

# Sent by services.note_add inside its transaction for a message to the other side (a note
# not kept for the council). Arguments: note, event, to ("council" or "member").
message_sent = Signal()
