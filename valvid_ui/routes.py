"""Every route string of the UI, in one place."""

HOME = "/"
