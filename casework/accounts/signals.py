from django.dispatch import Signal

# Sent by services.member_deactivate inside its transaction, with `account` and `actor`: the
# flows give the account's open tasks back to the queue (flows.receivers).
account_deactivated = Signal()
