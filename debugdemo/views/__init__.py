"""Everything the terminal shows, as rich renderables: a module per command's view.

run.RunView, report.ReportView, check.CheckView, doctor.DoctorView, listing.ListView,
show.scenario_source, new.scaffolded, banner.debug_banner. Each lays itself out for the
width it is drawn at, so the CLI, the exports and the studio draw the same objects. This
package imports none of them: `list` loads only its own view.
"""
