"""After-session prompts: scheduler, notification, tray, quick reflection, the Awaiting queue."""
