"""Everything the terminal shows, as rich renderables: a module per command's view.

run.RunView, report.ReportView, listing.ListView, show.ShowView, check.CheckView,
doctor.DoctorView, banner.debug_banner, new.scaffolded. Each view lays itself out for the
width it is drawn at (`options.max_width`), so the CLI, the exports, a notebook and the
studio draw the same object. Nothing here runs a scenario. Import the module you need: this
package imports none of them, so that `list` loads only its own view.
"""
