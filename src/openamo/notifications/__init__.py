"""The notifications outbox: messages to insured people, written by the apps that have
something to say and sent later by the channel workers (the Notifications issue)."""
