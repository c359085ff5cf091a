"""Views: what each command shows, as rich renderables that lay themselves out at render time."""
